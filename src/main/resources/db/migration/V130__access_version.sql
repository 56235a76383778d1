-- Read replicas (issue 26, docs/DEPLOY.md "Read replicas"). A search may be answered from a
-- streaming replica only once the replica has replayed every change of who may see what that
-- the primary had committed when the search began. Every such change bumps this one-row counter
-- in its own transaction; the replica receives the row like any other, so "the replica's
-- version >= the primary's" means "the replica has replayed every access change up to then"
-- (store.ReadReplica). A row, not a sequence: a sequence advances outside transactions and
-- would be seen on the replica before the change that took the number commits.
CREATE TABLE access_version (
    one         boolean PRIMARY KEY DEFAULT true CHECK (one),
    version     bigint NOT NULL,
    changed_at  timestamptz NOT NULL
);
INSERT INTO access_version (one, version, changed_at) VALUES (true, 0, now());
COMMENT ON TABLE access_version IS 'One row: bumped by every change of who may see what, so a read replica is used only once it has replayed them all';

-- Once per transaction (a transaction-local flag), at commit: the triggers below are deferred,
-- so the row is locked only for the moment before the commit and after every other lock the
-- transaction takes, which keeps concurrent access changes from deadlocking on it.
CREATE FUNCTION matdx_access_changed() RETURNS trigger AS $$
BEGIN
    IF current_setting('matdx.access_version_bumped', true) IS DISTINCT FROM 'on' THEN
        UPDATE access_version SET version = version + 1, changed_at = now();
        PERFORM set_config('matdx.access_version_bumped', 'on', true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- What AccessPolicy.datasetFilter reads from the database: a dataset's level, embargo date,
-- model-use-only flag, group and owner, and its named co-workers. Touching updated_at (every
-- ingest does) is not a change of access and bumps nothing.
CREATE CONSTRAINT TRIGGER datasets_access_changed AFTER UPDATE ON datasets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.access_level IS DISTINCT FROM NEW.access_level OR OLD.embargo_until IS DISTINCT FROM NEW.embargo_until
          OR OLD.model_use_only IS DISTINCT FROM NEW.model_use_only OR OLD.group_id IS DISTINCT FROM NEW.group_id
          OR OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION matdx_access_changed();
CREATE CONSTRAINT TRIGGER datasets_removed AFTER DELETE ON datasets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION matdx_access_changed();
CREATE CONSTRAINT TRIGGER dataset_members_changed AFTER INSERT OR UPDATE OR DELETE ON dataset_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION matdx_access_changed();
-- Callers' groups are read from the primary when they authenticate; a replica's copy of the
-- memberships is never asked. Counted all the same, so that no reader of them can be stale.
CREATE CONSTRAINT TRIGGER memberships_changed AFTER UPDATE OR DELETE ON memberships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION matdx_access_changed();
-- Withdrawn entries (deleted, retracted: they leave entries) and entries moved to another dataset.
CREATE CONSTRAINT TRIGGER entries_withdrawn AFTER DELETE ON entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION matdx_access_changed();
CREATE CONSTRAINT TRIGGER entries_moved AFTER UPDATE ON entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.dataset_id IS DISTINCT FROM NEW.dataset_id)
    EXECUTE FUNCTION matdx_access_changed();
-- A file made restricted inside a visible entry, or removed.
CREATE CONSTRAINT TRIGGER entry_files_restricted AFTER UPDATE ON entry_files
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.restricted IS DISTINCT FROM NEW.restricted)
    EXECUTE FUNCTION matdx_access_changed();
CREATE CONSTRAINT TRIGGER entry_files_removed AFTER DELETE ON entry_files
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION matdx_access_changed();
-- A sample's visibility follows its home dataset (searches by sample ask it).
CREATE CONSTRAINT TRIGGER samples_moved AFTER UPDATE ON samples
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.dataset_id IS DISTINCT FROM NEW.dataset_id)
    EXECUTE FUNCTION matdx_access_changed();
CREATE CONSTRAINT TRIGGER samples_removed AFTER DELETE ON samples
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION matdx_access_changed();
