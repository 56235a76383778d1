-- The audit chain's head for an append: waits for the chain lock (held until the transaction ends),
-- then reads the newest hash. One round trip instead of two; inside a volatile function the SELECT
-- takes a fresh snapshot after the lock is granted, so it sees the event its predecessor committed.
CREATE FUNCTION matdx_audit_chain_head(lock_key bigint) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    RETURN (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1);
END
$$;
