-- A bulk path for entries (store.EntryBulkLoad): COPY into a staging table, one INSERT … SELECT,
-- and the derived rows (numeric properties, the search copy) written set-wise by the loader,
-- instead of what made a fresh load of a million structures take 8 minutes (docs/BENCHMARKS.md,
-- issue 22). Measured with EXPLAIN ANALYZE, 5,000 structures into 100,000: the derived columns
-- cost 1.7 s (matdx_integer_formula alone 0.38 s, and it ran twice, once per generated column;
-- matdx_structure_disordered 0.31 s, matdx_element_keys 0.24 s), the two statement triggers 1.5 s,
-- the whole INSERT 6.2 s.
--
-- Ordinary writes stay as they were: a row trigger computes the derived columns with the same
-- functions, and the statement triggers keep entry_quantities and entry_search. A loader that
-- computes them itself says so for its own statements with the transaction-local setting
-- matdx.bulk_load = 'on' (never for a whole session), and must then write what the triggers would
-- have: EntryBulkLoadTest compares every derived column and row with the trigger path.

-- The generated columns become ordinary columns (no rewrite: the stored values stay) …
ALTER TABLE entries
    ALTER COLUMN structure_nsites DROP EXPRESSION,
    ALTER COLUMN structure_species_at_sites DROP EXPRESSION,
    ALTER COLUMN structure_dimension_types DROP EXPRESSION,
    ALTER COLUMN structure_disordered DROP EXPRESSION,
    ALTER COLUMN instrument DROP EXPRESSION,
    ALTER COLUMN search_meta DROP EXPRESSION,
    ALTER COLUMN search_data DROP EXPRESSION,
    ALTER COLUMN optimade_reduced DROP EXPRESSION,
    ALTER COLUMN optimade_anonymous DROP EXPRESSION,
    ALTER COLUMN element_keys DROP EXPRESSION;

-- … that this trigger fills exactly as the expressions did (V30, V31, V36), the integer formula
-- now once for both of its columns.
CREATE FUNCTION matdx_entry_derive() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    f text[];
BEGIN
    NEW.structure_nsites := CASE WHEN jsonb_typeof(NEW.data -> 'structure' -> 'sites') = 'array'
                                 THEN jsonb_array_length(NEW.data -> 'structure' -> 'sites') END;
    NEW.structure_species_at_sites := matdx_species_at_sites(NEW.data -> 'structure');
    NEW.structure_dimension_types := matdx_dimension_types(NEW.data -> 'structure');
    NEW.structure_disordered := matdx_structure_disordered(NEW.data -> 'structure');
    NEW.instrument := matdx_instrument(NEW.invoice, NEW.metadata);
    NEW.search_meta := matdx_search_meta(NEW.title, NEW.reduced_formula, NEW.chemical_system, NEW.template);
    NEW.search_data := matdx_search_data(NEW.invoice, NEW.metadata);
    f := matdx_integer_formula(NEW.composition);
    NEW.optimade_reduced := f[1];
    NEW.optimade_anonymous := f[2];
    NEW.element_keys := matdx_element_keys(NEW.elements, NEW.element_fractions);
    RETURN NEW;
END
$$;

-- the expressions of V30, as functions so that the trigger and the bulk loader share them
CREATE FUNCTION matdx_instrument(invoice jsonb, metadata jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(CASE WHEN jsonb_typeof(invoice -> 'instrument') = 'string' THEN NULLIF(invoice ->> 'instrument', '') END,
                    CASE WHEN jsonb_typeof(invoice -> 'instrument') = 'object' THEN invoice #>> '{instrument,name}' END,
                    CASE WHEN jsonb_typeof(metadata -> 'instrument') = 'string' THEN NULLIF(metadata ->> 'instrument', '') END,
                    CASE WHEN jsonb_typeof(metadata -> 'instrument') = 'object' THEN metadata #>> '{instrument,name}' END)
$$;
CREATE FUNCTION matdx_search_meta(title text, reduced_formula text, chemical_system text, template text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('simple'::regconfig, title || ' ' || COALESCE(reduced_formula, '') || ' '
                       || COALESCE(chemical_system, '') || ' ' || COALESCE(template, ''))
$$;
CREATE FUNCTION matdx_search_data(invoice jsonb, metadata jsonb) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_to_tsvector('simple'::regconfig, invoice, '["string", "numeric", "key"]')
           || jsonb_to_tsvector('simple'::regconfig, metadata, '["string", "numeric", "key"]')
$$;

-- Only when a column they are made from is written: an entry's element-strategy scores or its
-- series are updated without recomputing its formulas and text vectors (a generated column was
-- recomputed on every update).
CREATE TRIGGER entries_derive BEFORE INSERT OR UPDATE OF title, reduced_formula, chemical_system, template, invoice, metadata,
    data, composition, elements, element_fractions ON entries
    FOR EACH ROW WHEN (current_setting('matdx.bulk_load', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION matdx_entry_derive();

-- Numeric properties of new entries into the range index (V38's insert trigger, unchanged), as a
-- function of the entries' ids, datasets and properties so that the trigger and the loader share it.
CREATE FUNCTION matdx_index_quantities(ids uuid[], datasets uuid[], props jsonb[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH n AS (
        SELECT * FROM unnest(ids, datasets, props) AS n(id, dataset_id, properties)
    ), q AS (
        SELECT n.id AS entry_id, p.key AS name, r.raw, matdx_in_range(r.raw) AS value, r.unit, s.si AS value_si,
               CASE WHEN s.si IS NOT NULL THEN u.dimension END AS dimension, u.factor IS NOT NULL AS known
        FROM n
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
    ), units AS (
        INSERT INTO property_units (dataset_id, name, unit)
        SELECT DISTINCT dataset_id, name, unit FROM (
            SELECT n.dataset_id, p.key AS name, COALESCE(p.value ->> 'unit', '') AS unit
            FROM n CROSS JOIN LATERAL jsonb_each(n.properties) AS p
            WHERE jsonb_typeof(p.value -> 'value') = 'number') AS u
        ON CONFLICT DO NOTHING
    )
    INSERT INTO entry_quantities (entry_id, name, value, unit, value_si, dimension)
    SELECT entry_id, name, value, unit, value_si, dimension FROM q WHERE value IS NOT NULL;
END
$$;

CREATE OR REPLACE FUNCTION matdx_entry_quantities_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('matdx.bulk_load', true) = 'on' THEN
        RETURN NULL; -- the loader indexes the quantities itself
    END IF;
    PERFORM matdx_index_quantities(array_agg(id), array_agg(dataset_id), array_agg(properties)) FROM new_entries;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION matdx_entry_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('matdx.bulk_load', true) = 'on' THEN
        RETURN NULL; -- the loader copies the rows itself
    END IF;
    INSERT INTO entry_search SELECT r.* FROM new_entries n, LATERAL matdx_entry_search_row(n) AS r;
    RETURN NULL;
END
$$;

-- New quantities of entries the loader has not copied yet change no row of the copy; skipping the
-- statement saves a lookup of every new entry's quantities.
CREATE OR REPLACE FUNCTION matdx_entry_search_quantities_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF current_setting('matdx.bulk_load', true) = 'on' THEN
            RETURN NULL;
        END IF;
        UPDATE entry_search s SET quantities = v.quantities
        FROM (SELECT DISTINCT entry_id AS id FROM new_quantities) AS c, LATERAL (SELECT matdx_entry_search_quantities(c.id) AS quantities) AS v
        WHERE s.id = c.id AND s.quantities IS DISTINCT FROM v.quantities;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE entry_search s SET quantities = v.quantities
        FROM (SELECT entry_id AS id FROM new_quantities UNION SELECT entry_id FROM old_quantities) AS c,
             LATERAL (SELECT matdx_entry_search_quantities(c.id) AS quantities) AS v
        WHERE s.id = c.id AND s.quantities IS DISTINCT FROM v.quantities;
    ELSE
        UPDATE entry_search s SET quantities = v.quantities
        FROM (SELECT DISTINCT entry_id AS id FROM old_quantities) AS c, LATERAL (SELECT matdx_entry_search_quantities(c.id) AS quantities) AS v
        WHERE s.id = c.id AND s.quantities IS DISTINCT FROM v.quantities;
    END IF;
    RETURN NULL;
END
$$;
