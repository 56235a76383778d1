-- Numeric properties are converted to SI in numeric arithmetic, which cannot overflow, and reach
-- the range index only when their value, as stored and in SI, is zero or of a magnitude between
-- 1e-150 and 1e150 (org.matdx.core.Numbers: what MatDX accepts today). Before, the conversion was
-- done in double precision, where PostgreSQL raises an error on overflow and on underflow to
-- zero: one value of 1e308 GPa made every property search fail, and start-up with it.
-- No stored value can now make an insert, an update or the back-fill of a new unit fail. Values
-- kept out of the index are listed in quantity_problems, which start-up reports.

-- A number as stored (double precision) when it is in range, else NULL.
CREATE FUNCTION matdx_in_range(v numeric) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN v = 0 OR abs(v) BETWEEN 1e-150 AND 1e150 THEN v::float8 END
$$;

-- value * factor + offset: NULL when any part is unknown or the value or the result is out of range
-- (checked in exact arithmetic, a product with an infinite or NaN factor of an old conversion
-- included); otherwise computed in double precision, as org.matdx.core.Units computes it, so that
-- a value stored in eV equals the same value asked for in eV to the last bit.
CREATE FUNCTION matdx_si(v numeric, factor double precision, offset_si double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN matdx_in_range(v) IS NOT NULL AND matdx_in_range(v * factor::numeric + offset_si::numeric) IS NOT NULL
                THEN v::float8 * factor + offset_si END
$$;

-- A number short enough to read in a log: 1e+308, not 309 digits.
CREATE FUNCTION matdx_number_text(v numeric) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN length(v::text) <= 24 THEN v::text ELSE btrim(to_char(v, '9.999999EEEE')) END
$$;

-- A property value left out of the range index, and why.
CREATE TABLE quantity_problems (
    entry_id  uuid NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    name      text NOT NULL,
    value     text NOT NULL,
    unit      text NOT NULL,
    problem   text NOT NULL,
    PRIMARY KEY (entry_id, name)
);

-- Both triggers compute each numeric property once (CTE q) and write it to the index or, out of
-- range, to quantity_problems; property_units as before.
CREATE OR REPLACE FUNCTION matdx_entry_quantities_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH q AS (
        SELECT n.id AS entry_id, p.key AS name, r.raw, matdx_in_range(r.raw) AS value, r.unit, s.si AS value_si,
               CASE WHEN s.si IS NOT NULL THEN u.dimension END AS dimension, u.factor IS NOT NULL AS known
        FROM new_entries n
        CROSS JOIN LATERAL jsonb_each(n.properties) AS p
        CROSS JOIN LATERAL (SELECT (p.value ->> 'value')::numeric AS raw, COALESCE(p.value ->> 'unit', '') AS unit) AS r
        LEFT JOIN unit_conversions u ON u.unit = r.unit AND u.factor IS NOT NULL
        CROSS JOIN LATERAL (SELECT matdx_si(r.raw, u.factor, u.offset_si) AS si) AS s
        WHERE jsonb_typeof(p.value -> 'value') = 'number'
    ), problems AS (
        INSERT INTO quantity_problems (entry_id, name, value, unit, problem)
        SELECT entry_id, name, matdx_number_text(raw), unit, CASE WHEN value IS NULL THEN 'out of range' ELSE 'out of range in SI' END
        FROM q WHERE value IS NULL OR (known AND value_si IS NULL)
        ON CONFLICT DO NOTHING
    )
    INSERT INTO entry_quantities (entry_id, name, value, unit, value_si, dimension)
    SELECT entry_id, name, value, unit, value_si, dimension FROM q WHERE value IS NOT NULL;
    INSERT INTO property_units (dataset_id, name, unit)
    SELECT DISTINCT n.dataset_id, p.key, COALESCE(p.value ->> 'unit', '')
    FROM new_entries n CROSS JOIN LATERAL jsonb_each(n.properties) AS p
    WHERE jsonb_typeof(p.value -> 'value') = 'number'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION matdx_entry_quantities_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM entry_quantities q USING new_entries n, old_entries o
    WHERE q.entry_id = n.id AND o.id = n.id AND o.properties IS DISTINCT FROM n.properties;
    DELETE FROM quantity_problems q USING new_entries n, old_entries o
    WHERE q.entry_id = n.id AND o.id = n.id AND o.properties IS DISTINCT FROM n.properties;
    WITH q AS (
        SELECT n.id AS entry_id, p.key AS name, r.raw, matdx_in_range(r.raw) AS value, r.unit, s.si AS value_si,
               CASE WHEN s.si IS NOT NULL THEN u.dimension END AS dimension, u.factor IS NOT NULL AS known
        FROM new_entries n
        JOIN old_entries o ON o.id = n.id AND o.properties IS DISTINCT FROM n.properties
        CROSS JOIN LATERAL jsonb_each(n.properties) AS p
        CROSS JOIN LATERAL (SELECT (p.value ->> 'value')::numeric AS raw, COALESCE(p.value ->> 'unit', '') AS unit) AS r
        LEFT JOIN unit_conversions u ON u.unit = r.unit AND u.factor IS NOT NULL
        CROSS JOIN LATERAL (SELECT matdx_si(r.raw, u.factor, u.offset_si) AS si) AS s
        WHERE jsonb_typeof(p.value -> 'value') = 'number'
    ), problems AS (
        INSERT INTO quantity_problems (entry_id, name, value, unit, problem)
        SELECT entry_id, name, matdx_number_text(raw), unit, CASE WHEN value IS NULL THEN 'out of range' ELSE 'out of range in SI' END
        FROM q WHERE value IS NULL OR (known AND value_si IS NULL)
        ON CONFLICT DO NOTHING
    )
    INSERT INTO entry_quantities (entry_id, name, value, unit, value_si, dimension)
    SELECT entry_id, name, value, unit, value_si, dimension FROM q WHERE value IS NOT NULL;
    INSERT INTO property_units (dataset_id, name, unit)
    SELECT DISTINCT n.dataset_id, p.key, COALESCE(p.value ->> 'unit', '')
    FROM new_entries n JOIN old_entries o ON o.id = n.id AND o.properties IS DISTINCT FROM n.properties
    CROSS JOIN LATERAL jsonb_each(n.properties) AS p
    WHERE jsonb_typeof(p.value -> 'value') = 'number'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

-- Values already indexed whose SI form is out of range are taken out of the range index and listed.
INSERT INTO quantity_problems (entry_id, name, value, unit, problem)
SELECT entry_id, name, matdx_number_text(value::numeric), unit, 'out of range in SI' FROM entry_quantities
WHERE value_si IS NOT NULL AND matdx_in_range(value_si::numeric) IS NULL
ON CONFLICT DO NOTHING;
UPDATE entry_quantities SET value_si = NULL, dimension = NULL
WHERE value_si IS NOT NULL AND matdx_in_range(value_si::numeric) IS NULL;
