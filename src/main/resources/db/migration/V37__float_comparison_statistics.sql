-- OPTIMADE compares integer properties as float8 ("nelements=3" may be written "nelements=3.0"),
-- and PostgreSQL has no statistics for "nelements::float8": it guessed that 0.5 % of all entries
-- are ternaries (a third are), so "nelements=3 AND elements HAS ANY "S","Se"" counted through a
-- bitmap of all 120,009 sulphides and selenides (24-44 ms at a million structures) instead of
-- reading the table until it had its 1,001 matches. Statistics on the expressions fix the
-- estimate without letting the planner AND in the btree on nelements (the float8 expression
-- cannot use it; the integer comparison did, with a 421,594-entry bitmap for binaries).
CREATE STATISTICS IF NOT EXISTS entries_nelements_float ON ((nelements)::float8) FROM entries;
CREATE STATISTICS IF NOT EXISTS entries_nsites_float ON ((structure_nsites)::float8) FROM entries;
ANALYZE entries;
