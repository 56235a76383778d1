package org.matdx.jobs;

import tools.jackson.databind.JsonNode;

/** Runs one kind of job. Throwing marks the attempt failed; the queue retries up to the job's limit. */
@FunctionalInterface
public interface JobHandler {

    JsonNode run(Job job, Progress progress) throws Exception;

    /** Lets a handler report how far it has come; also serves as the worker's heartbeat. */
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
