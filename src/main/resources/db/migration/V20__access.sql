-- Access (issue 4): browser sessions, sign-in throttling, embargo extensions, published versions.

-- Browser sessions. Only the SHA-256 of the session id is stored (the id is 256 random bits),
-- so a copy of this table lets nobody sign in. Each session carries its own CSRF token.
CREATE TABLE web_sessions (
    id_hash         bytea PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token      text NOT NULL,
    created_at      timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    remote_address  text,
    user_agent      text
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- Failed sign-ins, counted per account and per address to slow password guessing.
-- The audit trail records the same failures permanently; this table is pruned.
CREATE TABLE login_failures (
    id              bigserial PRIMARY KEY,
    username        text NOT NULL,
    remote_address  text NOT NULL,
    at              timestamptz NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_remote ON login_failures (remote_address, at);

-- ARIM style: an embargo may be extended once, by a year, at the owner's request.
ALTER TABLE datasets ADD COLUMN embargo_extensions integer NOT NULL DEFAULT 0;

-- A version remembers the dataset as it was published: authors, access, and a hash of its content
-- so that publishing an unchanged dataset again is refused.
ALTER TABLE dataset_versions ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}';
ALTER TABLE dataset_versions ADD COLUMN content_sha256 text NOT NULL DEFAULT '';
ALTER TABLE dataset_versions ADD COLUMN previous_pid text;

-- Versions are immutable: their rows and entry snapshots may be added, never changed or removed
-- (deleting the dataset is not possible while versions exist: dataset_versions references it).
CREATE FUNCTION dataset_versions_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'published versions are immutable';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER dataset_versions_no_update BEFORE UPDATE OR DELETE ON dataset_versions
    FOR EACH ROW EXECUTE FUNCTION dataset_versions_immutable();
CREATE TRIGGER dataset_version_entries_no_update BEFORE UPDATE OR DELETE ON dataset_version_entries
    FOR EACH ROW EXECUTE FUNCTION dataset_versions_immutable();

-- Audit events that concern a dataset name it in their detail ("dataset": id): find them by it.
CREATE INDEX audit_events_dataset ON audit_events (((detail::jsonb) ->> 'dataset'), seq);
CREATE INDEX audit_events_object_id ON audit_events (object_id, seq);
