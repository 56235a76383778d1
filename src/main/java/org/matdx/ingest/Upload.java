package org.matdx.ingest;

import org.matdx.store.StagedBlob;

/**
 * A file received for structuring, already streamed to the blob staging area and hashed.
 *
 * @param name       the file's name, relative path kept for directory and zip uploads ({@code run1/scan.xy})
 * @param restricted stored but never shared beyond the dataset's owners
 */
public record Upload(String name, StagedBlob staged, boolean restricted) {

    /** The name without directories. */
    public String baseName() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    /** The directory part ({@code ""} for top-level files). */
    public String directory() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }
}
