-- OPTIMADE's paired-list filters ("elements:elements_ratios HAS "O":>0.6") test an element and its
-- fraction together; no index answers that over parallel arrays, so each one was checked row by
-- row over every entry with the element (80,000 rows, 0.3-2 s at a million structures). Each
-- element with its fraction in twentieths ("O:12" for 0.60 <= x < 0.65) is a GIN key: the
-- filter asks for the keys that can hold a match, then checks the exact condition on those few.
CREATE FUNCTION matdx_ratio_keys(elements text[], fractions double precision[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_agg(t.el || ':' || LEAST(19, GREATEST(0, floor(t.f * 20)))::integer)
    FROM unnest(elements, fractions) AS t(el, f)
    WHERE t.el IS NOT NULL AND t.f IS NOT NULL AND t.f = t.f
$$;

ALTER TABLE entries
    ADD COLUMN element_ratio_keys text[] GENERATED ALWAYS AS (matdx_ratio_keys(elements, element_fractions)) STORED;
ALTER TABLE entries ALTER COLUMN element_ratio_keys SET STORAGE PLAIN;
CREATE INDEX entries_element_ratio_keys ON entries USING gin (element_ratio_keys);
