package org.matdx.jobs;

import tools.jackson.databind.JsonNode;

/** Runs one kind of job. Throwing marks the attempt failed; the queue retries up to the job's limit. */
@FunctionalInterface
public interface JobHandler {

    JsonNode run(Job job, Progress progress) throws Exception;

    /**
     * Called once the job's end (success, or failure for good) is committed, to remove what its
     * attempts shared (uploaded files waiting for it). Not called after a failed attempt that will be
     * retried, nor when the process dies first: what is left then is for a start-up sweep.
     */
    default void ended(Job job) {
    }

    /** Lets a handler report how far it has come (the worker keeps the job's lease alive on its own). */
    interface Progress {
        void report(double fraction, String message);

        /** True once someone cancelled the job; long handlers should check and stop. */
        boolean cancelled();
    }

    /**
     * A failure that retrying cannot fix (bad input): the job fails at once, with this message.
     */
    final class Permanent extends RuntimeException {
        public Permanent(String message) {
            super(message);
        }
    }
}
