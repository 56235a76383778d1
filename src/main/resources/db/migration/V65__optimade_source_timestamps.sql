-- OPTIMADE provenance of imported structures (issue 22): the source's last_modified is kept as the
-- source wrote it (data.optimade.last_modified) and filtered as a timestamp. Stored data may hold
-- anything there (files imported before, other writers), so reading it must never fail a query:
-- what is not an RFC 3339 date-time is unknown.
CREATE FUNCTION matdx_timestamp(t text) RETURNS timestamptz
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF t IS NULL OR t !~ '^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?([Zz]|[+-]\d\d:?\d\d)$' THEN
        RETURN NULL;
    END IF;
    RETURN t::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;
