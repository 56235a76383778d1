-- A narrow copy of the columns that searches test, kept by triggers in the same transaction as
-- the entry it mirrors, for counting matches and sampling them for facets.
--
-- An entries row is wide (51 columns; titles, formulas, four jsonb documents) and PostgreSQL reads
-- a row's columns one after the other up to the last one a condition needs: testing the 26th
-- (nsites, which every OPTIMADE structures query tests) cost 0.66 us per row and the 49th
-- (element_keys) 1.1 us, against 0.17 us to visit a row at all (25,000 rows, one million
-- structures). A capped count reads rows until it has 1,001 matches — 25,000 rows for ternary
-- sulphides and selenides. Here fixed-width columns come first, the wide ones are left out, and
-- a row is about a sixth of the size. Pages and their ordering still read `entries`. (Numbered
-- after V60, whose element-strategy columns it mirrors.)
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
    hhi_production            double precision,
    hhi_reserve               double precision,
    critical_fraction_eu      double precision,
    critical_fraction_usgs    double precision,
    critical_fraction_doe     double precision,
    critical_fraction_japan   double precision,
    abundance_mg_per_kg       double precision,
    cost_usd_per_kg           double precision,
    ghg_kg_co2eq_per_kg       double precision,
    ced_mj_per_kg             double precision,
    -- the entry's numeric properties with a known dimension, {"band_gap": ["m^2 kg s^-2", 4.8e-19]}:
    -- as entry_quantities has them (one value per name), tested in the row instead of looked up
    quantities                jsonb,
    element_keys              text[]
);

CREATE FUNCTION matdx_entry_search_quantities(entry uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_object_agg(q.name, jsonb_build_array(q.dimension, q.value_si))
    FROM entry_quantities q WHERE q.entry_id = entry AND q.value_si IS NOT NULL AND q.dimension IS NOT NULL
$$;

CREATE FUNCTION matdx_entry_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM entry_search WHERE id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO entry_search VALUES (NEW.id, NEW.dataset_id, NEW.created_at, NEW.updated_at, NEW.nelements,
            NEW.structure_nsites, NEW.structure_disordered, NEW.kind, NEW.outcome, NEW.elements, NEW.element_fractions,
            NEW.chemical_system, NEW.formula_reduced_alpha, NEW.reduced_formula, NEW.formula_anonymous, NEW.formula_hill,
            NEW.optimade_reduced, NEW.optimade_anonymous, NEW.template, NEW.instrument, NEW.sample_id, NEW.created_by,
            NEW.structure_dimension_types, NEW.hhi_production, NEW.hhi_reserve, NEW.critical_fraction_eu,
            NEW.critical_fraction_usgs, NEW.critical_fraction_doe, NEW.critical_fraction_japan, NEW.abundance_mg_per_kg,
            NEW.cost_usd_per_kg, NEW.ghg_kg_co2eq_per_kg, NEW.ced_mj_per_kg, matdx_entry_search_quantities(NEW.id),
            NEW.element_keys);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION matdx_entry_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE entry_search;
    RETURN NULL;
END
$$;

INSERT INTO entry_search
SELECT id, dataset_id, created_at, updated_at, nelements, structure_nsites, structure_disordered, kind, outcome, elements,
       element_fractions, chemical_system, formula_reduced_alpha, reduced_formula, formula_anonymous, formula_hill,
       optimade_reduced, optimade_anonymous, template, instrument, sample_id, created_by, structure_dimension_types,
       hhi_production, hhi_reserve, critical_fraction_eu, critical_fraction_usgs, critical_fraction_doe,
       critical_fraction_japan, abundance_mg_per_kg, cost_usd_per_kg, ghg_kg_co2eq_per_kg, ced_mj_per_kg, q.quantities,
       element_keys
FROM entries e LEFT JOIN (
    SELECT entry_id, jsonb_object_agg(name, jsonb_build_array(dimension, value_si)) AS quantities
    FROM entry_quantities WHERE value_si IS NOT NULL AND dimension IS NOT NULL GROUP BY entry_id
) AS q ON q.entry_id = e.id
ORDER BY e.ctid;

CREATE TRIGGER entries_search_insert_delete AFTER INSERT OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION matdx_entry_search_sync();
-- most updates of an entry (its series, element-strategy bookkeeping) change nothing mirrored here
CREATE TRIGGER entries_search_update AFTER UPDATE ON entries FOR EACH ROW
    WHEN ((OLD.id, OLD.dataset_id, OLD.created_at, OLD.updated_at, OLD.nelements, OLD.structure_nsites,
           OLD.structure_disordered, OLD.kind, OLD.outcome, OLD.elements, OLD.element_fractions, OLD.chemical_system,
           OLD.formula_reduced_alpha, OLD.reduced_formula, OLD.formula_anonymous, OLD.formula_hill, OLD.optimade_reduced,
           OLD.optimade_anonymous, OLD.template, OLD.instrument, OLD.sample_id, OLD.created_by,
           OLD.structure_dimension_types, OLD.hhi_production, OLD.hhi_reserve, OLD.critical_fraction_eu,
           OLD.critical_fraction_usgs, OLD.critical_fraction_doe, OLD.critical_fraction_japan, OLD.abundance_mg_per_kg,
           OLD.cost_usd_per_kg, OLD.ghg_kg_co2eq_per_kg, OLD.ced_mj_per_kg, OLD.element_keys)
          IS DISTINCT FROM
          (NEW.id, NEW.dataset_id, NEW.created_at, NEW.updated_at, NEW.nelements, NEW.structure_nsites,
           NEW.structure_disordered, NEW.kind, NEW.outcome, NEW.elements, NEW.element_fractions, NEW.chemical_system,
           NEW.formula_reduced_alpha, NEW.reduced_formula, NEW.formula_anonymous, NEW.formula_hill, NEW.optimade_reduced,
           NEW.optimade_anonymous, NEW.template, NEW.instrument, NEW.sample_id, NEW.created_by,
           NEW.structure_dimension_types, NEW.hhi_production, NEW.hhi_reserve, NEW.critical_fraction_eu,
           NEW.critical_fraction_usgs, NEW.critical_fraction_doe, NEW.critical_fraction_japan, NEW.abundance_mg_per_kg,
           NEW.cost_usd_per_kg, NEW.ghg_kg_co2eq_per_kg, NEW.ced_mj_per_kg, NEW.element_keys))
    EXECUTE FUNCTION matdx_entry_search_sync();
CREATE TRIGGER entries_search_truncate AFTER TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION matdx_entry_search_truncate();

-- entry_quantities changes after its entry was written (statement triggers on entries fill it;
-- values get their SI form when their unit becomes known): each change refreshes the copy
CREATE FUNCTION matdx_entry_search_quantities_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE entry_search s SET quantities = matdx_entry_search_quantities(s.id)
        WHERE s.id IN (SELECT entry_id FROM new_quantities);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE entry_search s SET quantities = matdx_entry_search_quantities(s.id)
        WHERE s.id IN (SELECT entry_id FROM new_quantities UNION SELECT entry_id FROM old_quantities);
    ELSE
        UPDATE entry_search s SET quantities = matdx_entry_search_quantities(s.id)
        WHERE s.id IN (SELECT entry_id FROM old_quantities);
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
CREATE INDEX entry_search_hhi_production ON entry_search (hhi_production) WHERE hhi_production IS NOT NULL;
CREATE INDEX entry_search_hhi_reserve ON entry_search (hhi_reserve) WHERE hhi_reserve IS NOT NULL;
CREATE INDEX entry_search_critical_fraction_eu ON entry_search (critical_fraction_eu) WHERE critical_fraction_eu IS NOT NULL;
CREATE INDEX entry_search_critical_fraction_usgs ON entry_search (critical_fraction_usgs) WHERE critical_fraction_usgs IS NOT NULL;
CREATE INDEX entry_search_abundance ON entry_search (abundance_mg_per_kg) WHERE abundance_mg_per_kg IS NOT NULL;
CREATE INDEX entry_search_cost ON entry_search (cost_usd_per_kg) WHERE cost_usd_per_kg IS NOT NULL;
CREATE INDEX entry_search_ghg ON entry_search (ghg_kg_co2eq_per_kg) WHERE ghg_kg_co2eq_per_kg IS NOT NULL;

-- as V37 for entries: OPTIMADE compares integers as float8
CREATE STATISTICS entry_search_nelements_float ON ((nelements)::float8) FROM entry_search;
CREATE STATISTICS entry_search_nsites_float ON ((structure_nsites)::float8) FROM entry_search;
ANALYZE entry_search;
