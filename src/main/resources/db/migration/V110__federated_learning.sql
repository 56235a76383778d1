-- Federated learning (issue 25; package org.matdx.federated, docs/federation.md): the federations
-- this node joined, which of its datasets take part, and every message it sent.

-- One federation this node agreed to take part in: the coordinator (its address, and the local
-- account whose API token it calls with), the key that proves this node's answers to it, the spec
-- agreed to (target, features, bins, trees, privacy) and who consented when. Leaving keeps the row.
CREATE TABLE federation_memberships (
    id                uuid PRIMARY KEY,
    name              text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    coordinator_url   text NOT NULL CHECK (length(coordinator_url) BETWEEN 1 AND 500),
    coordinator_user  uuid NOT NULL REFERENCES users (id),
    proof_key         text NOT NULL CHECK (length(proof_key) BETWEEN 32 AND 200),
    spec              json NOT NULL,
    consented_by      uuid NOT NULL REFERENCES users (id),
    consented_at      timestamptz NOT NULL,
    left_at           timestamptz,
    left_by           uuid REFERENCES users (id)
);

-- The datasets a membership lends; nothing else of the node is reachable through it.
CREATE TABLE federation_datasets (
    membership_id  uuid NOT NULL REFERENCES federation_memberships (id) ON DELETE CASCADE,
    dataset_id     uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    PRIMARY KEY (membership_id, dataset_id)
);
CREATE INDEX federation_datasets_dataset ON federation_datasets (dataset_id);

-- Every answer this node sent a coordinator: what (step, round, size, SHA-256 of the exact bytes,
-- a summary without the payload), to whom, when. Append-only for the node's administrators.
CREATE TABLE federation_messages (
    id             bigserial PRIMARY KEY,
    membership_id  uuid NOT NULL REFERENCES federation_memberships (id) ON DELETE CASCADE,
    session        text NOT NULL CHECK (length(session) BETWEEN 1 AND 100),
    step           text NOT NULL CHECK (length(step) BETWEEN 1 AND 20),
    recipient      text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 500),
    bytes          integer NOT NULL CHECK (bytes >= 0),
    sha256         text NOT NULL CHECK (length(sha256) = 64),
    summary        json NOT NULL,
    sent_at        timestamptz NOT NULL
);
CREATE INDEX federation_messages_membership ON federation_messages (membership_id, id);

-- Models this node registered from a federated training, with the training's record.
CREATE TABLE federation_models (
    model_id       uuid PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
    membership_id  uuid NOT NULL REFERENCES federation_memberships (id),
    session        text NOT NULL,
    training       json NOT NULL,
    UNIQUE (membership_id, session)
);
