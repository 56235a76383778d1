-- A narrow copy of the columns that searches test, kept by triggers in the same transaction as
-- the entry it mirrors, for counting matches and sampling them for facets.
--
-- An entries row is wide (51 columns; titles, formulas, four jsonb documents) and PostgreSQL reads
-- a row's columns one after the other up to the last one a condition needs: testing the 26th
-- (nsites, which every OPTIMADE structures query tests) cost 0.66 us per row and the 49th
-- (element_keys) 1.1 us, against 0.17 us to visit a row at all (25,000 rows, one million
-- structures). A capped count reads rows until it has 1,001 matches — 25,000 rows for ternary
-- sulphides and selenides. Here fixed-width columns come first and the documents are left out (at
-- a million structures 510 bytes a row against 2,707; 507 MB against 3.4 GB with TOAST). Pages,
-- their ordering and what is shown still read `entries`; so do counts that test element-strategy
-- scores (V60), which are rewritten for every entry whenever their source tables change and are
-- not copied.
CREATE TABLE entry_search (
    id                        uuid PRIMARY KEY,
    dataset_id                uuid NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    nelements                 integer NOT NULL,
    structure_nsites          integer,
    structure_disordered      boolean,
    kind                      text NOT NULL,
    outcome                   text NOT NULL,
    elements                  text[] NOT NULL,
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
    sample_id                 uuid,
    created_by                uuid,
    structure_dimension_types integer[],
    -- the entry's numeric properties with a known dimension, {"band_gap": ["m^2 kg s^-2", 4.8e-19]}:
    -- as entry_quantities has them (one value per name), tested in the row instead of looked up
    quantities                jsonb,
    element_keys              text[]
);

CREATE FUNCTION matdx_entry_search_quantities(entry uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_object_agg(q.name, jsonb_build_array(q.dimension, q.value_si))
    FROM entry_quantities q WHERE q.entry_id = entry AND q.value_si IS NOT NULL AND q.dimension IS NOT NULL
$$;

-- An entry's row in the copy: the one place that lists what is copied.
CREATE FUNCTION matdx_entry_search_row(e entries) RETURNS entry_search LANGUAGE sql STABLE AS $$
    SELECT
        e.id, e.dataset_id, e.created_at, e.updated_at, e.nelements, e.structure_nsites,
        e.structure_disordered, e.kind, e.outcome, e.elements, e.element_fractions, e.chemical_system,
        e.formula_reduced_alpha, e.reduced_formula, e.formula_anonymous, e.formula_hill,
        e.optimade_reduced, e.optimade_anonymous, e.template, e.instrument, e.sample_id, e.created_by,
        e.structure_dimension_types,
        matdx_entry_search_quantities(e.id), e.element_keys
$$;

-- Statement-level triggers, set-based: a table of ten experiments or a COPY of thousands is one
-- statement. Named to fire after entries_quantities_* (same event, name order), so that a new
-- entry's numeric properties are already in entry_quantities.
CREATE FUNCTION matdx_entry_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entry_search SELECT r.* FROM new_entries n, LATERAL matdx_entry_search_row(n) AS r;
    RETURN NULL;
END
$$;

CREATE FUNCTION matdx_entry_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- most updates (an entry's series, its element-strategy scores) change nothing copied here;
    -- changed rows are replaced (entry ids do not change; should one, the copy follows)
    DELETE FROM entry_search s USING new_entries n, LATERAL matdx_entry_search_row(n) AS r
    WHERE s.id = n.id AND s IS DISTINCT FROM r;
    DELETE FROM entry_search s WHERE s.id IN (SELECT o.id FROM old_entries o EXCEPT SELECT n.id FROM new_entries n);
    INSERT INTO entry_search SELECT r.* FROM new_entries n, LATERAL matdx_entry_search_row(n) AS r
    WHERE NOT EXISTS (SELECT 1 FROM entry_search s WHERE s.id = n.id);
    RETURN NULL;
END
$$;

CREATE FUNCTION matdx_entry_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM entry_search s WHERE s.id IN (SELECT o.id FROM old_entries o);
    RETURN NULL;
END
$$;

CREATE FUNCTION matdx_entry_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE entry_search;
    RETURN NULL;
END
$$;

INSERT INTO entry_search SELECT r.* FROM entries e, LATERAL matdx_entry_search_row(e) AS r ORDER BY e.ctid;

CREATE TRIGGER entries_search_insert AFTER INSERT ON entries
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_search_insert();
CREATE TRIGGER entries_search_update AFTER UPDATE ON entries
    REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_search_update();
CREATE TRIGGER entries_search_delete AFTER DELETE ON entries
    REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_search_delete();
CREATE TRIGGER entries_search_truncate AFTER TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_search_truncate();

-- entry_quantities changes after its entry was written (values get their SI form when their unit
-- becomes known; an entry's properties are edited): each change refreshes the copy's values
CREATE FUNCTION matdx_entry_search_quantities_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
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
CREATE TRIGGER entry_quantities_search_insert AFTER INSERT ON entry_quantities
    REFERENCING NEW TABLE AS new_quantities FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_search_quantities_changed();
CREATE TRIGGER entry_quantities_search_update AFTER UPDATE ON entry_quantities
    REFERENCING OLD TABLE AS old_quantities NEW TABLE AS new_quantities
    FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_search_quantities_changed();
CREATE TRIGGER entry_quantities_search_delete AFTER DELETE ON entry_quantities
    REFERENCING OLD TABLE AS old_quantities FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_search_quantities_changed();

-- the indexes of entries that find matches for a count (not those that only give a page its order)
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

-- as V37 for entries: OPTIMADE compares integers as float8
CREATE STATISTICS entry_search_nelements_float ON ((nelements)::float8) FROM entry_search;
CREATE STATISTICS entry_search_nsites_float ON ((structure_nsites)::float8) FROM entry_search;
ANALYZE entry_search;
