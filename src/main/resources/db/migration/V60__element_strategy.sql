-- Element strategy: supply-risk, abundance, cost and carbon scores of an entry's composition,
-- computed by org.matdx.resources.ResourceScorer when the entry is stored (ResourceIndex) and kept
-- in plain columns so that search can filter and sort on them and OPTIMADE can serve them as
-- _matdx_ properties. NULL means no composition, or a score that cannot be computed (an element
-- without data); resource_scores holds the full detail, including which element was missing.
-- resource_version is the data version the scores were computed with: rows scored with older
-- reference data are recomputed at start-up.
ALTER TABLE entries
    ADD COLUMN hhi_production           double precision,
    ADD COLUMN hhi_reserve              double precision,
    ADD COLUMN critical_fraction_eu     double precision,
    ADD COLUMN critical_fraction_usgs   double precision,
    ADD COLUMN critical_fraction_doe    double precision,
    ADD COLUMN critical_fraction_japan  double precision,
    ADD COLUMN abundance_mg_per_kg      double precision,
    ADD COLUMN cost_usd_per_kg          double precision,
    ADD COLUMN ghg_kg_co2eq_per_kg      double precision,
    ADD COLUMN ced_mj_per_kg            double precision,
    ADD COLUMN resource_scores          jsonb,
    ADD COLUMN resource_version         text;

CREATE INDEX entries_hhi_production ON entries (hhi_production) WHERE hhi_production IS NOT NULL;
CREATE INDEX entries_hhi_reserve ON entries (hhi_reserve) WHERE hhi_reserve IS NOT NULL;
CREATE INDEX entries_critical_fraction_eu ON entries (critical_fraction_eu) WHERE critical_fraction_eu IS NOT NULL;
CREATE INDEX entries_critical_fraction_usgs ON entries (critical_fraction_usgs) WHERE critical_fraction_usgs IS NOT NULL;
CREATE INDEX entries_abundance ON entries (abundance_mg_per_kg) WHERE abundance_mg_per_kg IS NOT NULL;
CREATE INDEX entries_cost ON entries (cost_usd_per_kg) WHERE cost_usd_per_kg IS NOT NULL;
CREATE INDEX entries_ghg ON entries (ghg_kg_co2eq_per_kg) WHERE ghg_kg_co2eq_per_kg IS NOT NULL;
-- finds entries still to be scored (after this migration, or after the reference data changed)
CREATE INDEX entries_resource_unscored ON entries (id) WHERE composition IS NOT NULL AND resource_version IS NULL;
