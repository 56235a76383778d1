-- Places of callers in computing requests (issue 26): one row per place a caller holds, shared
-- by every server on this database, so that "two computing requests per caller at once" holds
-- across the cluster, not per process. A place is a lease: its holder (pid@host/instance) renews
-- it while the request runs; one whose holder died is free again when the lease runs out, or at
-- once when a process on the same host finds the holder gone. UNLOGGED: the rows live seconds and
-- a database crash that empties the table frees places that no request holds any more.
CREATE UNLOGGED TABLE computing_places (
    caller_key  text NOT NULL,
    place       smallint NOT NULL CHECK (place >= 0),
    holder      text NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (caller_key, place)
);
CREATE INDEX computing_places_holder ON computing_places (holder);
COMMENT ON TABLE computing_places IS 'Places callers hold in computing requests, shared by every server (leases renewed by their holder)';
