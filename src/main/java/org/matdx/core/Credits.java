package org.matdx.core;

import java.util.List;

/**
 * Who made a dataset and what it is about, as its owners describe it: the authors in citation
 * order and the keywords. {@code revision} counts descriptive edits, so that an edit made from a
 * form opened before someone else's is refused rather than silently overwriting it.
 */
public record Credits(List<Author> authors, List<String> keywords, int revision) {
    public static final Credits NONE = new Credits(List.of(), List.of(), 0);

    public Credits {
        authors = List.copyOf(authors);
        keywords = List.copyOf(keywords);
    }

    /** A person credited on the dataset: name as it should be cited, ORCID iD (bare form) and affiliation, both optional. */
    public record Author(String name, String orcid, String affiliation) {
    }
}
