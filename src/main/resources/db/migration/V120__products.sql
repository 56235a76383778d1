-- Products and their bills of materials (issue 27, org.matdx.lca). A product belongs to a dataset:
-- its access rules are the dataset's (read: full visibility; change: the dataset's write right).
-- bom is the bill of materials as validated by lca.BomReader; figures are computed when read, as
-- the reader may see the entries it names, so nothing derived from hidden data is stored here.
CREATE TABLE products (
    id           uuid PRIMARY KEY,
    dataset_id   uuid NOT NULL REFERENCES datasets (id),
    name         text NOT NULL,
    revision     int NOT NULL DEFAULT 1,
    bom          jsonb NOT NULL,
    created_by   uuid REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX products_dataset ON products (dataset_id, created_at);

-- Digital product passports as exported: every export is a new version, kept with the exact bytes
-- that were signed, so an earlier version can be served and verified again.
CREATE TABLE product_passports (
    product_id   uuid NOT NULL REFERENCES products (id),
    version      int NOT NULL,
    product_revision int NOT NULL,
    document     text NOT NULL,
    signature    text NOT NULL,
    key_id       text NOT NULL,
    created_by   uuid REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (product_id, version)
);

-- The hub's Ed25519 signing keys. The first start that finds none creates one (one row wins under
-- the primary key when several servers start together); the private key never leaves the database.
CREATE TABLE hub_signing_keys (
    key_id       text PRIMARY KEY,
    algorithm    text NOT NULL CHECK (algorithm = 'Ed25519'),
    public_key   bytea NOT NULL,
    private_key  bytea NOT NULL,
    created_at   timestamptz NOT NULL
);
