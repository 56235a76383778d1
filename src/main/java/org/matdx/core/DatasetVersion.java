package org.matdx.core;

import java.time.Instant;
import java.util.UUID;

/**
 * An immutable, citable snapshot of a dataset's entries.
 *
 * @param pid persistent identifier, {@code matdx:ds/<dataset>/v<n>}
 * @param doi optional DOI registered for this version
 */
public record DatasetVersion(UUID id, UUID datasetId, int number, String pid, String doi, String title,
                             int entryCount, UUID publishedBy, Instant publishedAt) {
    public static String pidFor(UUID datasetId, int number) {
        return "matdx:ds/" + datasetId + "/v" + number;
    }
}
