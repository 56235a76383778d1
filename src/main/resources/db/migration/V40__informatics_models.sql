-- Trained models (informatics). A model is as visible as its most restricted input allows
-- (AccessPolicy.modelFilter); input_count guards against inputs that have since gone away.
-- The card's documents are json, not jsonb, so their order (importance, largest first) is kept.
CREATE TABLE models (
    id               uuid PRIMARY KEY,
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    task             text NOT NULL CHECK (task IN ('regression', 'classification')),
    target           text NOT NULL,
    unit             text NOT NULL DEFAULT '',
    feature_set      text NOT NULL,
    feature_version  integer NOT NULL,
    recipe           json  NOT NULL,
    search           json  NOT NULL DEFAULT '{}',
    cv               json  NOT NULL,
    importance       json  NOT NULL,
    training_rows    integer NOT NULL CHECK (training_rows > 0),
    artifact_sha256  text NOT NULL REFERENCES blobs (sha256),
    private          boolean NOT NULL DEFAULT false,
    input_count      integer NOT NULL CHECK (input_count > 0),
    created_by       uuid REFERENCES users (id),
    job_id           uuid,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX models_created ON models (created_at, id);
CREATE INDEX models_created_by ON models (created_by);

-- What each model learned from: the dataset, its state then (last change, latest published
-- version) and a SHA-256 over the rows taken (entry ids and target values), for reproducibility.
CREATE TABLE model_inputs (
    model_id            uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    dataset_id          uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    dataset_updated_at  timestamptz NOT NULL,
    dataset_version     integer,
    rows_sha256         text NOT NULL,
    rows                integer NOT NULL,
    PRIMARY KEY (model_id, dataset_id)
);
CREATE INDEX model_inputs_dataset ON model_inputs (dataset_id);
