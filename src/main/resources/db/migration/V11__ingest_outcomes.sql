-- What became of each file of an ingest job (issue 18): a file registered by an attempt has its
-- row written in the transaction that registers it, so an attempt that resumes after a crash
-- skips exactly the files already registered and the job's result lists every file.
CREATE TABLE ingest_outcomes (
    job_id      uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    source      text NOT NULL,      -- the file, or "sheet.csv, row 4", as the result names it
    position    integer NOT NULL,   -- its place in the job's result
    outcome     text NOT NULL CHECK (outcome IN ('registered', 'refused')),
    result      jsonb NOT NULL,     -- the file's result as the job reports it
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, source)
);
