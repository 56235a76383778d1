-- One GIN index for what an entry is made of: its element symbols ("Ni") and each element with its
-- fraction ("O=12" for exactly 12/20 = 0.60, "O:12" for 0.60 < x < 0.65), replacing V33's ratio
-- keys. Filters that pair elements with fractions test their plain element conditions on these keys
-- too; others keep using the elements column and its index, which is cheaper to read row by row.
--
-- Why, measured at a million structures: "elements:elements_ratios HAS "O":>0.6 AND elements HAS
-- "Ni"" read both indexes in full and intersected two bitmaps (80,246 and 171,648 entries, 50 ms),
-- then checked 5,421 rows that all failed — every one an X2O3 with exactly 0.60 oxygen, which the
-- half-open twentieths put in the bucket ">0.6" asks for. Conditions on one GIN index are answered
-- in one scan that only keeps entries with all keys; and exact twentieths (halves, quarters, fifths,
-- tenths: the fractions chemistry is full of) get keys of their own, so "> 0.6" no longer asks for
-- "= 0.6". Open intervals are computed so that b/20 < x < (b+1)/20 holds in float8, whatever
-- floor() makes of x * 20 near a boundary; fractions outside [0, 1] (there are none) fall into the
-- end buckets.
CREATE FUNCTION matdx_element_keys(elements text[], fractions double precision[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(k.key), '{}') FROM (
        SELECT el AS key FROM unnest(elements) AS el WHERE el IS NOT NULL
        UNION ALL
        SELECT CASE
                   WHEN t.f >= 0 AND t.f <= 1 AND t.f = round(t.f * 20) / 20::float8
                       THEN t.el || '=' || round(t.f * 20)::integer
                   ELSE t.el || ':' || LEAST(19, GREATEST(0, CASE
                       WHEN t.f <= floor(t.f * 20) / 20::float8 THEN floor(t.f * 20) - 1
                       WHEN t.f >= (floor(t.f * 20) + 1) / 20::float8 THEN floor(t.f * 20) + 1
                       ELSE floor(t.f * 20) END))::integer
               END
        FROM unnest(elements, fractions) AS t(el, f)
        WHERE t.el IS NOT NULL AND t.f IS NOT NULL AND t.f = t.f
    ) AS k
$$;

-- PLAIN from the start: when the column is added to existing rows, the default (EXTENDED) let
-- the rewrite move the keys of rows near the 2 kB TOAST threshold out of line, and every row a
-- search then tested cost four TOAST page reads (a sequential scan of 7,400 rows: 30,000 buffers
-- instead of 656).
ALTER TABLE entries
    ADD COLUMN element_keys text[] STORAGE PLAIN GENERATED ALWAYS AS (matdx_element_keys(elements, element_fractions)) STORED;
CREATE INDEX entries_element_keys ON entries USING gin (element_keys);

DROP INDEX entries_element_ratio_keys;
ALTER TABLE entries DROP COLUMN element_ratio_keys;
DROP FUNCTION matdx_ratio_keys(text[], double precision[]);
