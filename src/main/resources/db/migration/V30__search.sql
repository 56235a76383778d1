-- Search and OPTIMADE: searchable columns derived from each entry, full-text vectors, numeric
-- properties in a side table with their SI values, and the indexes the queries use.
-- Derived columns are GENERATED, so every writer (API, structuring, imports, COPY) keeps them
-- right without knowing about search.

-- ---- structure-derived columns (the structure is data.structure, see core/StructureJson) -----

-- OPTIMADE species names of the sites: the site label, or (unlabelled) its element symbols joined.
-- org.matdx.optimade.StructureView names species the same way.
CREATE FUNCTION matdx_species_at_sites(structure jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(structure -> 'sites') = 'array' THEN
        COALESCE((SELECT array_agg(CASE WHEN COALESCE(s ->> 'label', '') <> '' THEN s ->> 'label'
                                        ELSE (SELECT string_agg(k, '') FROM jsonb_object_keys(s -> 'species') AS k) END
                                   ORDER BY ord)
                  FROM jsonb_array_elements(structure -> 'sites') WITH ORDINALITY AS t(s, ord)), '{}')
    END
$$;

-- A site is disordered when it holds more than one element or is not fully occupied (vacancies).
CREATE FUNCTION matdx_structure_disordered(structure jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(structure -> 'sites') = 'array' THEN
        EXISTS (SELECT 1 FROM jsonb_array_elements(structure -> 'sites') AS s
                WHERE (SELECT count(*) FROM jsonb_object_keys(s -> 'species')) > 1
                   OR (SELECT sum((v)::float8) FROM jsonb_each_text(s -> 'species') AS e(k, v)) < 1 - 1e-6)
    END
$$;

-- Periodic directions: data.structure.dimension_types when given, otherwise a 3D crystal.
CREATE FUNCTION matdx_dimension_types(structure jsonb) RETURNS integer[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN COALESCE(jsonb_typeof(structure -> 'sites'), '') <> 'array' THEN NULL
                WHEN jsonb_typeof(structure -> 'dimension_types') = 'array' THEN
                    ARRAY(SELECT x::integer FROM jsonb_array_elements_text(structure -> 'dimension_types') AS x)
                ELSE '{1,1,1}'::integer[] END
$$;

ALTER TABLE entries
    ADD COLUMN structure_nsites integer GENERATED ALWAYS AS (
        CASE WHEN jsonb_typeof(data -> 'structure' -> 'sites') = 'array'
             THEN jsonb_array_length(data -> 'structure' -> 'sites') END) STORED,
    ADD COLUMN structure_species_at_sites text[] GENERATED ALWAYS AS (matdx_species_at_sites(data -> 'structure')) STORED,
    ADD COLUMN structure_dimension_types integer[] GENERATED ALWAYS AS (matdx_dimension_types(data -> 'structure')) STORED,
    ADD COLUMN structure_disordered boolean GENERATED ALWAYS AS (matdx_structure_disordered(data -> 'structure')) STORED,
    -- the instrument an entry was measured on, as the invoice or the extracted metadata names it
    ADD COLUMN instrument text GENERATED ALWAYS AS (
        COALESCE(CASE WHEN jsonb_typeof(invoice -> 'instrument') = 'string' THEN NULLIF(invoice ->> 'instrument', '') END,
                 CASE WHEN jsonb_typeof(invoice -> 'instrument') = 'object' THEN invoice #>> '{instrument,name}' END,
                 CASE WHEN jsonb_typeof(metadata -> 'instrument') = 'string' THEN NULLIF(metadata ->> 'instrument', '') END,
                 CASE WHEN jsonb_typeof(metadata -> 'instrument') = 'object' THEN metadata #>> '{instrument,name}' END)) STORED,
    -- full text, split by what the access policy lets a caller see: the title, formula and template
    -- are metadata (visible under embargo), the invoice and extracted metadata are data
    ADD COLUMN search_meta tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, title || ' ' || COALESCE(reduced_formula, '') || ' '
                    || COALESCE(chemical_system, '') || ' ' || COALESCE(template, ''))) STORED,
    ADD COLUMN search_data tsvector GENERATED ALWAYS AS (
        jsonb_to_tsvector('simple'::regconfig, invoice, '["string", "numeric", "key"]')
        || jsonb_to_tsvector('simple'::regconfig, metadata, '["string", "numeric", "key"]')) STORED;

ALTER TABLE datasets
    ADD COLUMN search_text tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, title || ' ' || description)) STORED;

-- Keep entry rows narrow: the structure, properties, invoice, metadata and text vectors (about
-- 1.5 kB a row) go to TOAST storage once a row passes 128 bytes, so the heap holds mostly the
-- searchable columns. Counting a search's matches then reads a fraction of the pages; fetching
-- one page of results reads its 20 rows' TOAST data, which costs little.
-- The element arrays that filters read row by row stay in the heap, uncompressed.
ALTER TABLE entries SET (toast_tuple_target = 128);
ALTER TABLE entries ALTER COLUMN elements SET STORAGE PLAIN,
                    ALTER COLUMN element_fractions SET STORAGE PLAIN,
                    ALTER COLUMN structure_species_at_sites SET STORAGE MAIN,
                    ALTER COLUMN structure_dimension_types SET STORAGE PLAIN;

-- ---- indexes (chosen with EXPLAIN on the 1,000,000-entry benchmark, docs/BENCHMARKS.md) ------

CREATE INDEX entries_created ON entries (created_at, id);
CREATE INDEX entries_updated ON entries (updated_at, id);
CREATE INDEX entries_nelements ON entries (nelements, id);
CREATE INDEX entries_anonymous ON entries (formula_anonymous text_pattern_ops);
CREATE INDEX entries_chemical_system ON entries (chemical_system);
CREATE INDEX entries_reduced_pattern ON entries (formula_reduced_alpha text_pattern_ops);
CREATE INDEX entries_hill ON entries (formula_hill);
CREATE INDEX entries_template ON entries (template);
CREATE INDEX entries_instrument ON entries (instrument);
-- failed and abandoned runs are few: with this index "failed runs with iron" intersects two bitmaps
-- instead of visiting every iron entry
CREATE INDEX entries_outcome ON entries (outcome);
CREATE INDEX entries_nsites ON entries (structure_nsites, id) WHERE structure_nsites IS NOT NULL;
CREATE INDEX entries_search_meta ON entries USING gin (search_meta);
CREATE INDEX entries_search_data ON entries USING gin (search_data);
CREATE INDEX entries_species_at_sites ON entries USING gin (structure_species_at_sites);
CREATE INDEX datasets_search_text ON datasets USING gin (search_text);
-- OPTIMADE structures are the entries that carry a structure; their default order is by id
CREATE INDEX entries_structures ON entries (id) WHERE structure_nsites IS NOT NULL AND kind IN ('structure', 'calculation');

-- ---- numeric properties ----------------------------------------------------------------------

-- How to bring a stored unit to coherent SI (value * factor + offset). Filled by MatDX from
-- org.matdx.core.Units for each unit that appears in property_units; a unit MatDX cannot read
-- gets factor NULL and the reason in problem.
CREATE TABLE unit_conversions (
    unit       text PRIMARY KEY,
    factor     double precision,
    offset_si  double precision NOT NULL DEFAULT 0,
    dimension  text,
    problem    text
);

-- Every (property, unit) pair in use per dataset: what property filters convert between and what
-- OPTIMADE /info lists. Per dataset, so a caller is only told of names in datasets they may read.
CREATE TABLE property_units (
    dataset_id  uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    name        text NOT NULL,
    unit        text NOT NULL,
    PRIMARY KEY (dataset_id, name, unit)
);
CREATE INDEX property_units_unit ON property_units (unit);

-- One row per numeric property of an entry, as stored and in SI. dimension is the SI base form
-- ("m^2 kg s^-2"), so a range filter only ever compares like with like.
CREATE TABLE entry_quantities (
    entry_id   uuid NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    name       text NOT NULL,
    value      double precision NOT NULL,
    unit       text NOT NULL,
    value_si   double precision,
    dimension  text,
    PRIMARY KEY (entry_id, name)
);
CREATE INDEX entry_quantities_range ON entry_quantities (name, dimension, value_si) INCLUDE (entry_id);
CREATE INDEX entry_quantities_unit ON entry_quantities (unit) WHERE value_si IS NULL;

CREATE FUNCTION matdx_entry_quantities_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entry_quantities (entry_id, name, value, unit, value_si, dimension)
    SELECT n.id, p.key, (p.value ->> 'value')::float8, COALESCE(p.value ->> 'unit', ''),
           (p.value ->> 'value')::float8 * u.factor + u.offset_si, u.dimension
    FROM new_entries n
    CROSS JOIN LATERAL jsonb_each(n.properties) AS p
    LEFT JOIN unit_conversions u ON u.unit = COALESCE(p.value ->> 'unit', '') AND u.factor IS NOT NULL
    WHERE jsonb_typeof(p.value -> 'value') = 'number';
    INSERT INTO property_units (dataset_id, name, unit)
    SELECT DISTINCT n.dataset_id, p.key, COALESCE(p.value ->> 'unit', '')
    FROM new_entries n CROSS JOIN LATERAL jsonb_each(n.properties) AS p
    WHERE jsonb_typeof(p.value -> 'value') = 'number'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE FUNCTION matdx_entry_quantities_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM entry_quantities q USING new_entries n, old_entries o
    WHERE q.entry_id = n.id AND o.id = n.id AND o.properties IS DISTINCT FROM n.properties;
    INSERT INTO entry_quantities (entry_id, name, value, unit, value_si, dimension)
    SELECT n.id, p.key, (p.value ->> 'value')::float8, COALESCE(p.value ->> 'unit', ''),
           (p.value ->> 'value')::float8 * u.factor + u.offset_si, u.dimension
    FROM new_entries n
    JOIN old_entries o ON o.id = n.id AND o.properties IS DISTINCT FROM n.properties
    CROSS JOIN LATERAL jsonb_each(n.properties) AS p
    LEFT JOIN unit_conversions u ON u.unit = COALESCE(p.value ->> 'unit', '') AND u.factor IS NOT NULL
    WHERE jsonb_typeof(p.value -> 'value') = 'number';
    INSERT INTO property_units (dataset_id, name, unit)
    SELECT DISTINCT n.dataset_id, p.key, COALESCE(p.value ->> 'unit', '')
    FROM new_entries n CROSS JOIN LATERAL jsonb_each(n.properties) AS p
    WHERE jsonb_typeof(p.value -> 'value') = 'number'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

-- Statement-level triggers with transition tables: one pass per INSERT or COPY, not per row.
CREATE TRIGGER entries_quantities_insert AFTER INSERT ON entries
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_quantities_insert();
CREATE TRIGGER entries_quantities_update AFTER UPDATE ON entries
    REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_quantities_update();

-- Entries that existed before this migration.
INSERT INTO entry_quantities (entry_id, name, value, unit)
SELECT e.id, p.key, (p.value ->> 'value')::float8, COALESCE(p.value ->> 'unit', '')
FROM entries e CROSS JOIN LATERAL jsonb_each(e.properties) AS p
WHERE jsonb_typeof(p.value -> 'value') = 'number';
INSERT INTO property_units (dataset_id, name, unit)
SELECT DISTINCT e.dataset_id, q.name, q.unit FROM entry_quantities q JOIN entries e ON e.id = q.entry_id
ON CONFLICT DO NOTHING;
