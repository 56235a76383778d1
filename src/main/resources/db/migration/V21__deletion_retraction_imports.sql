-- Deleting, retracting and honest imports (issue 18).

-- Tombstones of entries withdrawn after publication. The entry leaves every live table (search,
-- OPTIMADE, counts, CSV, models); the versions that hold it stay as published (their snapshot rows
-- are kept, never served) and say what was retracted, when, why and by whom. An administrator's
-- removal also purges the snapshot (removed = true). versions: the PIDs that held it — complete,
-- since an entry that left the live dataset cannot be published again.
CREATE TABLE retractions (
    entry_id      uuid PRIMARY KEY,
    dataset_id    uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    title         text NOT NULL,
    reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    by_role       text NOT NULL CHECK (by_role IN ('owner', 'coauthor', 'administrator')),
    retracted_by  uuid,
    retracted_at  timestamptz NOT NULL,
    versions      text[] NOT NULL,
    removed       boolean NOT NULL DEFAULT false
);
CREATE INDEX retractions_dataset ON retractions (dataset_id, retracted_at);

-- What an administrator removed together with its dataset: the version's identifier answers
-- "gone, and why" instead of "never existed". listed: whether everyone could see that the dataset
-- existed (public or embargoed); the tombstone of any other is shown to nobody.
CREATE TABLE removed_versions (
    pid         text PRIMARY KEY,
    dataset_id  uuid NOT NULL,
    number      integer NOT NULL,
    title       text NOT NULL,
    doi         text,
    reason      text NOT NULL,
    listed      boolean NOT NULL,
    removed_at  timestamptz NOT NULL
);
CREATE INDEX removed_versions_dataset ON removed_versions (dataset_id, number);

-- Blobs a deletion may have freed, queued in the deleting transaction. After the commit each is
-- checked under its lock and removed (row, then file) if nothing refers to it any more; a process
-- that dies before that leaves the queue, which the next start works off (store.BlobRegistry).
CREATE TABLE blob_releases (
    sha256     text PRIMARY KEY,
    queued_at  timestamptz NOT NULL DEFAULT now()
);

-- Which published snapshots still need a file: a blob is released only when no snapshot of an
-- entry that was not retracted names it (jsonb_path_ops: containment of {"sha256": …}).
CREATE INDEX dataset_version_entries_files ON dataset_version_entries USING gin ((snapshot -> 'files') jsonb_path_ops);

-- Versions stay immutable; only an administrator's removal (SET LOCAL matdx.removal =
-- 'administrator', in the removing transaction) may delete them. Nothing ever updates them.
CREATE OR REPLACE FUNCTION dataset_versions_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('matdx.removal', true) = 'administrator' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'published versions are immutable';
END;
$$ LANGUAGE plpgsql;

-- Versions imported before this migration kept the PID their crate claimed, so a forged crate
-- could hold the identifier of another dataset's next version (its owner's publishing then
-- failed). Such a version moves to the import namespace, which is named after its own dataset;
-- the claimed PID and DOI are kept as the crate's claim. Versions whose PID names their own
-- dataset (everything published here, and honest imports) are left as they are.
ALTER TABLE dataset_versions DISABLE TRIGGER dataset_versions_no_update;
UPDATE dataset_versions
SET metadata = metadata || jsonb_build_object('origin', jsonb_build_object('pid', pid, 'doi', doi, 'claimed', true)),
    pid = 'matdx:import/' || dataset_id || '/v' || number,
    doi = NULL
WHERE pid <> 'matdx:ds/' || dataset_id || '/v' || number AND pid NOT LIKE 'matdx:import/%';
ALTER TABLE dataset_versions ENABLE TRIGGER dataset_versions_no_update;
