-- structure_features HAS "disorder": an expression index on exactly the expression the OPTIMADE
-- property uses (org.matdx.optimade.EntryType), so the filter is an index lookup rather than a
-- test of every candidate row. Disordered structures are a minority; the index is small.
CREATE INDEX entries_structure_features ON entries USING gin (
    (CASE WHEN structure_disordered THEN ARRAY['disorder']::text[] ELSE ARRAY[]::text[] END))
    WHERE structure_nsites IS NOT NULL;
