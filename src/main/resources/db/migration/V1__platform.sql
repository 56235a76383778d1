-- MatDX platform schema: accounts, datasets, entries, blobs, samples, audit trail, job queue.
-- Migration numbering: V1-V9 platform; later capabilities take their own ranges (see docs/ARCHITECTURE.md).

CREATE TABLE groups (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    title       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    display_name   text NOT NULL,
    email          text,
    orcid          text CHECK (orcid IS NULL OR orcid ~ '^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$'),
    password_hash  text,
    is_admin       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    group_id  uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- The secret is never stored: only its SHA-256 (tokens are 256-bit random, so a fast hash is enough).
CREATE TABLE api_tokens (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL,
    token_hash    bytea NOT NULL UNIQUE,
    scope         text NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE datasets (
    id              uuid PRIMARY KEY,
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    description     text NOT NULL DEFAULT '',
    license         text NOT NULL,
    owner_id        uuid NOT NULL REFERENCES users (id),
    group_id        uuid REFERENCES groups (id),
    template        text,
    access_level    text NOT NULL CHECK (access_level IN ('private', 'group', 'embargoed', 'public')),
    embargo_until   date,
    model_use_only  boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (access_level <> 'embargoed' OR embargo_until IS NOT NULL),
    CHECK (access_level <> 'group' OR group_id IS NOT NULL)
);
CREATE INDEX datasets_owner ON datasets (owner_id);
CREATE INDEX datasets_group ON datasets (group_id);
CREATE INDEX datasets_access ON datasets (access_level);

-- Named co-workers on one dataset: reviewers read, co-authors edit.
CREATE TABLE dataset_members (
    dataset_id  uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('reviewer', 'coauthor')),
    PRIMARY KEY (dataset_id, user_id)
);
CREATE INDEX dataset_members_user ON dataset_members (user_id);

CREATE TABLE samples (
    id                uuid PRIMARY KEY,
    pid               text NOT NULL UNIQUE,
    name              text NOT NULL,
    reduced_formula   text,
    composition       jsonb,
    description       text NOT NULL DEFAULT '',
    owner_id          uuid NOT NULL REFERENCES users (id),
    group_id          uuid REFERENCES groups (id),
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX samples_owner ON samples (owner_id);

-- Composition is kept in searchable columns: elements sorted alphabetically (OPTIMADE order)
-- with the matching atomic fractions, plus the formulas; typed properties live in JSONB.
CREATE TABLE entries (
    id                  uuid PRIMARY KEY,
    dataset_id          uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    kind                text NOT NULL CHECK (kind IN ('measurement', 'structure', 'property_row', 'calculation', 'file')),
    title               text NOT NULL,
    formula             text,
    reduced_formula     text,
    formula_reduced_alpha text,
    formula_anonymous   text,
    formula_hill        text,
    chemical_system     text,
    elements            text[] NOT NULL DEFAULT '{}',
    element_fractions   double precision[] NOT NULL DEFAULT '{}',
    nelements           integer NOT NULL DEFAULT 0,
    composition         jsonb,
    properties          jsonb NOT NULL DEFAULT '{}',
    invoice             jsonb NOT NULL DEFAULT '{}',
    metadata            jsonb NOT NULL DEFAULT '{}',
    data                jsonb NOT NULL DEFAULT '{}',
    sample_id           uuid REFERENCES samples (id),
    template            text,
    outcome             text NOT NULL DEFAULT 'succeeded' CHECK (outcome IN ('succeeded', 'failed', 'abandoned')),
    outcome_reason      text NOT NULL DEFAULT '',
    created_by          uuid REFERENCES users (id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entries_dataset ON entries (dataset_id, created_at, id);
CREATE INDEX entries_elements ON entries USING gin (elements);
CREATE INDEX entries_reduced_formula ON entries (formula_reduced_alpha);
CREATE INDEX entries_sample ON entries (sample_id);

-- Published versions are immutable: each keeps a JSON snapshot of its entries as they were.
CREATE TABLE dataset_versions (
    id            uuid PRIMARY KEY,
    dataset_id    uuid NOT NULL REFERENCES datasets (id),
    number        integer NOT NULL CHECK (number >= 1),
    pid           text NOT NULL UNIQUE,
    doi           text,
    title         text NOT NULL,
    description   text NOT NULL,
    license       text NOT NULL,
    entry_count   integer NOT NULL,
    published_by  uuid NOT NULL REFERENCES users (id),
    published_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dataset_id, number)
);

CREATE TABLE dataset_version_entries (
    version_id  uuid NOT NULL REFERENCES dataset_versions (id),
    entry_id    uuid NOT NULL,
    snapshot    jsonb NOT NULL,
    PRIMARY KEY (version_id, entry_id)
);

CREATE TABLE blobs (
    sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size        bigint NOT NULL CHECK (size >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE entry_files (
    entry_id    uuid NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    name        text NOT NULL,
    sha256      text NOT NULL REFERENCES blobs (sha256),
    size        bigint NOT NULL,
    media_type  text NOT NULL,
    role        text NOT NULL CHECK (role IN ('raw', 'attachment', 'derived')),
    restricted  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (entry_id, name)
);
CREATE INDEX entry_files_sha ON entry_files (sha256);

-- Append-only, hash-chained. The trigger refuses UPDATE and DELETE so the chain can only grow;
-- `matdx audit verify` recomputes the hashes to catch edits made around the trigger.
CREATE TABLE audit_events (
    seq             bigserial PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor_id        uuid,
    actor           text NOT NULL,
    action          text NOT NULL,
    object_type     text NOT NULL,
    object_id       text NOT NULL,
    detail          text NOT NULL DEFAULT '{}',  -- canonical JSON (sorted keys), exactly as hashed
    remote_address  text,
    previous_hash   text NOT NULL,
    hash            text NOT NULL UNIQUE
);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id, seq);
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- The job queue: workers claim with FOR UPDATE SKIP LOCKED, so any number of processes share it.
CREATE TABLE jobs (
    id            uuid PRIMARY KEY,
    kind          text NOT NULL,
    payload       jsonb NOT NULL DEFAULT '{}',
    status        text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempts      integer NOT NULL DEFAULT 0,
    max_attempts  integer NOT NULL DEFAULT 3,
    run_after     timestamptz NOT NULL DEFAULT now(),
    locked_by     text,
    heartbeat_at  timestamptz,
    progress      double precision,
    message       text,
    result        jsonb,
    error         text,
    created_by    uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz
);
CREATE INDEX jobs_ready ON jobs (run_after) WHERE status = 'queued';
CREATE INDEX jobs_running ON jobs (heartbeat_at) WHERE status = 'running';

-- One row per instance: settings that must survive restarts (e.g. whether demo data was loaded).
CREATE TABLE instance_settings (
    key    text PRIMARY KEY,
    value  jsonb NOT NULL
);
