-- The search copy of the given entries, for the bulk loader (store.EntryBulkLoad, V181): by their
-- ids, so that only the new rows are read. Joining the loader's staging table to entries was planned
-- as a scan of all of entries, every batch: 9.3 s for 5,000 rows into 105,000; 2.4 s by the key
-- (EXPLAIN ANALYZE under load). Also keeps the statement that writes the copy in the schema, next to
-- matdx_entry_search_row, the one place that lists what is copied.
CREATE FUNCTION matdx_entry_search_copy(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO entry_search SELECT r.* FROM entries e, LATERAL matdx_entry_search_row(e) AS r WHERE e.id = ANY(ids)
$$;
