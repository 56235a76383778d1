-- Phase identification of measured powder patterns (org.matdx.diffraction.PhaseAnalyses): each run on
-- an entry is kept, with how it was done (method, version, radiation), which structure entries were the
-- candidates, the full result (ranking, fitted phases, fit quality, instrument) and the curves to show.
-- The newest run of an entry is its current analysis; its phases are also rows of entry_phases, which
-- native search filters on (phase=LiCoO2, phase_fraction.LiCoO2>0.9). A phase names the structure entry
-- it was fitted with: readers see an analysis only if they may read every structure it names.
CREATE TABLE phase_analyses (
    id              uuid PRIMARY KEY,
    entry_id        uuid NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    created_by      uuid REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    current         boolean NOT NULL,
    method          text NOT NULL,
    version         text NOT NULL,
    radiation       text NOT NULL,
    candidates      uuid[] NOT NULL,
    candidate_query jsonb NOT NULL DEFAULT '{}',
    result          jsonb NOT NULL,
    curves          jsonb
);
CREATE UNIQUE INDEX phase_analyses_current ON phase_analyses (entry_id) WHERE current;
CREATE INDEX phase_analyses_entry ON phase_analyses (entry_id, created_at);

CREATE TABLE entry_phases (
    analysis_id     uuid NOT NULL REFERENCES phase_analyses (id) ON DELETE CASCADE,
    entry_id        uuid NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    structure_id    uuid NOT NULL,
    formula         text NOT NULL,
    formula_alpha   text NOT NULL,
    name            text NOT NULL,
    weight_fraction double precision NOT NULL CHECK (weight_fraction >= 0 AND weight_fraction <= 1),
    PRIMARY KEY (analysis_id, structure_id)
);
-- "which entries hold LiCoO2 (above 90 %)": the formula and the fraction in one index
CREATE INDEX entry_phases_formula ON entry_phases (formula_alpha, weight_fraction, entry_id);
CREATE INDEX entry_phases_entry ON entry_phases (entry_id);
