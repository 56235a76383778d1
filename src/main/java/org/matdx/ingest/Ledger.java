package org.matdx.ingest;

import org.jdbi.v3.core.Handle;

/**
 * Where a long ingest writes down what became of each file as it goes, so that an attempt that
 * resumes after a crash neither registers a file twice nor forgets one: a registered file is
 * recorded in the very transaction that registers it, a refused one right after. Keyed by the
 * file's source ({@link IngestResult#source()}), which is the same in every attempt.
 */
public interface Ledger {

    /** What an earlier attempt recorded for this source, or null when it has still to be done. */
    IngestResult recorded(String source);

    /** Records a registered file inside the transaction that registers it; fails if it was recorded already. */
    void registered(Handle h, int position, IngestResult result);

    /** Records a refused file (nothing of it was stored). */
    void refused(int position, IngestResult result);

    /** For ingests that run once, in the caller's request: nothing to resume. */
    Ledger NONE = new Ledger() {
        @Override
        public IngestResult recorded(String source) {
            return null;
        }

        @Override
        public void registered(Handle h, int position, IngestResult result) {
        }

        @Override
        public void refused(int position, IngestResult result) {
        }
    };
}
