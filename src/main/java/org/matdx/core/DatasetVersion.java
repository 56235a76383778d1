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

    /**
     * The identifier of a version imported from elsewhere (an RO-Crate): a namespace of its own,
     * named by the dataset it was imported into here, so that it can never be one a version
     * published here takes. What the crate called it is kept as its claimed origin.
     */
    public static String importedPidFor(UUID datasetId, int number) {
        return "matdx:import/" + datasetId + "/v" + number;
    }
}
