-- The providers the federated OPTIMADE client may ask (issue 22), as an administrator last set
-- them: one document in the providers registry's format. No row: the list MatDX ships
-- (org/matdx/optimade/client/providers.json). A stored list that no longer reads is logged and the
-- shipped one used, so start-up never depends on it.
CREATE TABLE optimade_provider_list (
    id         smallint PRIMARY KEY CHECK (id = 1),
    document   jsonb       NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by uuid REFERENCES users (id) ON DELETE SET NULL
);
