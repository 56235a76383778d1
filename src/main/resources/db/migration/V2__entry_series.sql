-- An entry's series (data.series) as packed doubles (store/SeriesColumn) rather than jsonb
-- numerics: pglz-compressing 60 kB of numerics on every insert was a tenth of ingest CPU.
-- EXTERNAL keeps the bytes out of line without trying to compress them (doubles barely shrink).
-- Entries stored before keep their series in data; reading handles both.
ALTER TABLE entries ADD COLUMN series bytea;
ALTER TABLE entries ALTER COLUMN series SET STORAGE EXTERNAL;
