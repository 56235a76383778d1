-- Optimisation campaigns: a campaign belongs to a dataset (its access rules are the dataset's);
-- every trial is kept, failed and abandoned ones included, and results become entries.
CREATE TABLE campaigns (
    id           uuid PRIMARY KEY,
    dataset_id   uuid NOT NULL REFERENCES datasets (id),
    name         text NOT NULL,
    config       jsonb NOT NULL,
    status       text NOT NULL CHECK (status IN ('active', 'paused', 'stopped')),
    stop_rule    text,
    stop_reason  text,
    state        jsonb NOT NULL DEFAULT '{}',
    created_by   uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX campaigns_dataset ON campaigns (dataset_id);

CREATE TABLE campaign_trials (
    id           uuid PRIMARY KEY,
    campaign_id  uuid NOT NULL REFERENCES campaigns (id),
    seq          int NOT NULL,
    round        int NOT NULL,
    params       jsonb NOT NULL,
    status       text NOT NULL CHECK (status IN ('suggested', 'approved', 'running', 'completed', 'failed', 'abandoned')),
    value        double precision,
    results      jsonb,
    reason       text,
    acquisition  double precision,
    entry_id     uuid REFERENCES entries (id),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (campaign_id, seq)
);
CREATE INDEX campaign_trials_status ON campaign_trials (campaign_id, status, seq);
