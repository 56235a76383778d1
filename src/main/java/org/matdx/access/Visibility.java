package org.matdx.access;

/** How much of a dataset a caller may see, from nothing to everything. Ordered. */
public enum Visibility {
    /** Not even that it exists: not listed, not counted, 404 when asked for. */
    NONE,
    /** Title, description and formula-level metadata; no data, properties or files (embargo). */
    METADATA,
    /** Records, data and files, except restricted files. */
    FULL,
    /** Everything, restricted files included: the dataset's owner and co-authors. */
    OWNER;

    public boolean atLeast(Visibility other) {
        return compareTo(other) >= 0;
    }
}
