-- Model-use-only data, protected (issue 19; package org.matdx.privacy).

-- The owner's choices for a model-use-only dataset: the ε every model it feeds must give its rows,
-- and whether it has been withdrawn from lending (then no model may learn from it any more).
CREATE TABLE dataset_privacy (
    dataset_id    uuid PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    epsilon       double precision NOT NULL CHECK (epsilon > 0 AND epsilon <= 10),
    withdrawn_at  timestamptz,
    withdrawn_by  uuid REFERENCES users (id),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- How a model protects its model-use-only rows: the ε it gives them, the resolution its outputs
-- are rounded to, its calibrated uncertainty (public), where its budget went (public), and the
-- utility cost and attack figures (shown to those who may read every input only).
CREATE TABLE model_privacy (
    model_id     uuid PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
    epsilon      double precision NOT NULL CHECK (epsilon > 0),
    resolution   double precision NOT NULL CHECK (resolution > 0),
    uncertainty  json NOT NULL,
    ledger       json NOT NULL,
    utility      json NOT NULL DEFAULT '{}'
);

-- Models taken out of service because an input was withdrawn by its owner.
CREATE TABLE model_withdrawals (
    model_id       uuid PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
    dataset_id     uuid NOT NULL,
    withdrawn_at   timestamptz NOT NULL DEFAULT now(),
    withdrawn_by   uuid REFERENCES users (id),
    retrain_job    uuid
);

-- Prediction volume per model, caller and UTC day: the per-caller budget is checked and charged
-- in one statement, so every server of a cluster counts against the same row.
CREATE TABLE prediction_usage (
    model_id  uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    caller    text NOT NULL CHECK (length(caller) BETWEEN 1 AND 200),
    day       date NOT NULL,
    requests  integer NOT NULL DEFAULT 0,
    items     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (model_id, caller, day)
);
CREATE INDEX prediction_usage_day ON prediction_usage (day);
