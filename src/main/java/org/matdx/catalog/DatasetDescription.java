package org.matdx.catalog;

import java.util.List;
import org.matdx.core.Credits;

/**
 * A new description of a dataset, as its owner or a co-author edits it. Null fields keep their
 * value; {@code revision}, when given, must be the dataset's revision the edit started from
 * (the edit form sends it), else the edit is refused as stale.
 */
public record DatasetDescription(String title, String description, String license, List<Credits.Author> authors,
                                 List<String> keywords, Integer revision) {
}
