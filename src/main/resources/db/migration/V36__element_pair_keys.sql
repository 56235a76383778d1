-- Pairs of elements ("O|Ti") join the composition keys of V35. Oxygen is in half of all entries:
-- "elements HAS ALL "Ti","O"" read its posting list of 480,000 entries (GIN skips little in a list
-- that dense) to intersect it with titanium's, 23 ms at a million structures; the pair's own list
-- holds the 43,910 entries with both. A query for several elements asks for pairs covering them
-- all (Li, Fe, P, O: "O|P" and "Fe|Li"). At most 21 pairs for seven elements.
CREATE OR REPLACE FUNCTION matdx_element_keys(elements text[], fractions double precision[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(k.key), '{}') FROM (
        SELECT el AS key FROM unnest(elements) AS el WHERE el IS NOT NULL
        UNION ALL
        SELECT a || '|' || b FROM unnest(elements) AS a, unnest(elements) AS b WHERE a COLLATE "C" < b COLLATE "C"
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

-- recomputes the stored keys of every entry (and rebuilds their index)
ALTER TABLE entries ALTER COLUMN element_keys SET EXPRESSION AS (matdx_element_keys(elements, element_fractions));
