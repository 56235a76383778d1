-- The space group of an entry, searchable (issue 29): the IT number a CIF declares or its symbol
-- names (metadata.space_group_number, written by the CIF reader), else the one an imported OPTIMADE
-- structure carried (data.optimade.space_group_it_number). Stored data may hold anything there, so
-- reading it never fails a query: what is not a whole number from 1 to 230 is unknown. A plain SQL
-- expression (no FROM, no plpgsql) so that the planner inlines it and matches the index below.
CREATE FUNCTION matdx_space_group(metadata jsonb, data jsonb) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(COALESCE(metadata -> 'space_group_number', data #> '{optimade,space_group_it_number}')) = 'number'
                 AND COALESCE(metadata -> 'space_group_number', data #> '{optimade,space_group_it_number}')::text ~ '^[0-9]{1,3}$'
                 AND COALESCE(metadata -> 'space_group_number', data #> '{optimade,space_group_it_number}')::text::integer BETWEEN 1 AND 230
                THEN COALESCE(metadata -> 'space_group_number', data #> '{optimade,space_group_it_number}')::text::integer END
$$;

-- only entries with a space group are indexed: most entries (measurements, property rows) have none
CREATE INDEX entries_space_group ON entries (matdx_space_group(metadata, data))
    WHERE matdx_space_group(metadata, data) IS NOT NULL;

COMMENT ON FUNCTION matdx_space_group(jsonb, jsonb) IS
    'The International Tables space-group number of an entry (1-230), from its CIF metadata or its OPTIMADE source; NULL when unknown or not a valid number.';
