package org.matdx.jobs;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A unit of background work (an ingest, a training run, a screen) as the queue records it. */
public record Job(UUID id, String kind, JsonNode payload, Status status, int attempts, int maxAttempts,
                  Double progress, String message, JsonNode result, String error, UUID createdBy,
                  Instant createdAt, Instant startedAt, Instant finishedAt) {

    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }
}
