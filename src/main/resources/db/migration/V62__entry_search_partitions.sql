-- The narrow search copy (V61) in eight hash partitions of its id, with the full-text columns,
-- its columns reordered.
--
-- A capped count stops after 1,001 matches, but a bitmap scan first collects every entry the
-- index lists: 80,230 TIDs for "has Co" at a million structures, 10 ms, and 9 ms more to sort
-- their 47,000 pages before the first row is read (EXPLAIN ANALYZE). The partitions are scanned
-- one after the other and a LIMIT stops the Append where it has enough, so a count of disordered
-- Co structures now builds the bitmap of one partition (10,016 TIDs, 1 ms): 26-32 ms -> 11-13 ms;
-- the same for Zr with a band gap, Ti-O with a band gap, ternary sulphides (a sequential scan
-- that stops in the first partition). Hash partitions hold about the same share of every search's
-- matches, so "the first N matches" is still a fair sample, and the same set every time.
--
-- Text searches count here too, with the full-text columns: "garnet" is in the titles and the
-- metadata of 30,072 structures, and on entries the count's two bitmaps (60,144 TIDs) cost 20 ms
-- before it visits a row. They make a row 300 bytes wider (64 -> 106 MB a partition), which a
-- sequential scan that stops at earlier columns did not measurably notice.
--
-- The columns are also reordered: PostgreSQL reads a row's columns one after the other up to the
-- last one a condition needs, and V61 put the element-pair keys (which HAS ALL of several
-- elements tests) last, after fifteen variable-width columns. Testing them right after the
-- elements: 0.8 -> 0.5 us a row (a partition's 125,000 rows scanned, Li|O); a band gap tested in
-- the row with Ti|O, 0.58 -> 0.48 us. Columns no count tests by scanning come last.
CREATE TABLE entry_search_partitioned (
    id                        uuid NOT NULL,
    dataset_id                uuid NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    nelements                 integer NOT NULL,
    structure_nsites          integer,
    structure_disordered      boolean,
    sample_id                 uuid,
    created_by                uuid,
    kind                      text NOT NULL,
    outcome                   text NOT NULL,
    elements                  text[] NOT NULL,
    element_keys              text[],
    quantities                jsonb,
    element_fractions         double precision[] NOT NULL,
    chemical_system           text,
    formula_reduced_alpha     text,
    reduced_formula           text,
    formula_anonymous         text,
    formula_hill              text,
    optimade_reduced          text,
    optimade_anonymous        text,
    template                  text,
    instrument                text,
    structure_dimension_types integer[],
    -- full text (V30), last: only text searches read this far into a row
    search_meta               tsvector,
    search_data               tsvector
) PARTITION BY HASH (id);
DO $$
BEGIN
    FOR i IN 0..7 LOOP
        EXECUTE format('CREATE TABLE entry_search_%s PARTITION OF entry_search_partitioned '
                       'FOR VALUES WITH (MODULUS 8, REMAINDER %s)', i, i);
    END LOOP;
END
$$;
INSERT INTO entry_search_partitioned SELECT s.id, s.dataset_id, s.created_at, s.updated_at, s.nelements, s.structure_nsites,
    s.structure_disordered, s.sample_id, s.created_by, s.kind, s.outcome, s.elements, s.element_keys, s.quantities,
    s.element_fractions, s.chemical_system, s.formula_reduced_alpha, s.reduced_formula, s.formula_anonymous, s.formula_hill,
    s.optimade_reduced, s.optimade_anonymous, s.template, s.instrument, s.structure_dimension_types, e.search_meta, e.search_data
FROM entry_search s JOIN entries e USING (id) ORDER BY e.ctid;

-- the row function returns the copy's row type: dropped with the old table, then made again
DROP FUNCTION matdx_entry_search_row(entries);
DROP TABLE entry_search;
ALTER TABLE entry_search_partitioned RENAME TO entry_search;
ALTER TABLE entry_search ADD PRIMARY KEY (id);

CREATE FUNCTION matdx_entry_search_row(e entries) RETURNS entry_search LANGUAGE sql STABLE AS $$
    SELECT
        e.id, e.dataset_id, e.created_at, e.updated_at, e.nelements, e.structure_nsites,
        e.structure_disordered, e.sample_id, e.created_by, e.kind, e.outcome, e.elements, e.element_keys,
        matdx_entry_search_quantities(e.id), e.element_fractions, e.chemical_system,
        e.formula_reduced_alpha, e.reduced_formula, e.formula_anonymous, e.formula_hill,
        e.optimade_reduced, e.optimade_anonymous, e.template, e.instrument, e.structure_dimension_types,
        e.search_meta, e.search_data
$$;

-- as V61 (an index on the partitioned table is made on every partition)
CREATE INDEX entry_search_elements ON entry_search USING gin (elements);
CREATE INDEX entry_search_element_keys ON entry_search USING gin (element_keys);
CREATE INDEX entry_search_dataset ON entry_search (dataset_id);
CREATE INDEX entry_search_created ON entry_search (created_at);
CREATE INDEX entry_search_updated ON entry_search (updated_at);
CREATE INDEX entry_search_chemical_system ON entry_search (chemical_system);
CREATE INDEX entry_search_nelements ON entry_search (nelements);
CREATE INDEX entry_search_reduced_formula ON entry_search (formula_reduced_alpha text_pattern_ops);
CREATE INDEX entry_search_anonymous ON entry_search (formula_anonymous text_pattern_ops);
CREATE INDEX entry_search_hill ON entry_search (formula_hill);
CREATE INDEX entry_search_optimade_reduced ON entry_search (optimade_reduced text_pattern_ops);
CREATE INDEX entry_search_optimade_anonymous ON entry_search (optimade_anonymous text_pattern_ops);
CREATE INDEX entry_search_outcome ON entry_search (outcome);
CREATE INDEX entry_search_template ON entry_search (template);
CREATE INDEX entry_search_instrument ON entry_search (instrument);
CREATE INDEX entry_search_sample ON entry_search (sample_id);
CREATE INDEX entry_search_disordered ON entry_search (id) WHERE structure_disordered;
CREATE INDEX entry_search_meta ON entry_search USING gin (search_meta);
CREATE INDEX entry_search_data ON entry_search USING gin (search_data);

-- as V37: OPTIMADE compares integers as float8. A scan of a partition is planned with that
-- partition's statistics, so each has its own.
DO $$
BEGIN
    FOR i IN 0..7 LOOP
        EXECUTE format('CREATE STATISTICS entry_search_%s_nelements_float ON ((nelements)::float8) FROM entry_search_%s', i, i);
        EXECUTE format('CREATE STATISTICS entry_search_%s_nsites_float ON ((structure_nsites)::float8) FROM entry_search_%s', i, i);
    END LOOP;
END
$$;
ANALYZE entry_search;
