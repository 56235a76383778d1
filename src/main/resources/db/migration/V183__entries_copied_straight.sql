-- The bulk loader (store.EntryBulkLoad) now COPYs entries straight into the table instead of
-- through a staging table and an INSERT … SELECT, which wrote, compressed, read and decompressed
-- every row twice (docs/BENCHMARKS.md, issue 22).

-- resource_scores held each entry's element-strategy detail as jsonb: 1.2 kB of an entry's 2.8 kB
-- once compressed, written for every entry and read by nothing. What an entry shows is computed
-- from its composition when it is shown (web.Views), with the reference data of that moment; the
-- indexed score columns and resource_version stay.
ALTER TABLE entries DROP COLUMN resource_scores;

-- A loader that derives the other columns itself still needs PostgreSQL's own text-search parser
-- for the two full-text vectors: this trigger computes only those, and only for statements that
-- set matdx.bulk_load (V181); entries_derive computes everything for all other writes.
CREATE FUNCTION matdx_entry_derive_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_meta := matdx_search_meta(NEW.title, NEW.reduced_formula, NEW.chemical_system, NEW.template);
    NEW.search_data := matdx_search_data(NEW.invoice, NEW.metadata);
    RETURN NEW;
END
$$;

CREATE TRIGGER entries_derive_text BEFORE INSERT ON entries
    FOR EACH ROW WHEN (current_setting('matdx.bulk_load', true) = 'on')
    EXECUTE FUNCTION matdx_entry_derive_text();
