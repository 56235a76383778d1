package org.matdx.informatics;

import java.util.List;

/**
 * The named, versioned columns a featuriser produces. A model records the feature set it was
 * trained on; a model whose feature set has changed version is not fed features of another.
 *
 * @param id      e.g. {@code magpie}
 * @param version bumped whenever a column's meaning or order changes
 * @param names   column names in order
 */
public record FeatureSet(String id, int version, List<String> names) {
    public FeatureSet {
        names = List.copyOf(names);
    }

    public int size() {
        return names.size();
    }

    /** {@code magpie@1}: how a model card names it. */
    public String label() {
        return id + "@" + version;
    }
}
