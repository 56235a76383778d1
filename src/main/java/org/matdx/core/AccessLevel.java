package org.matdx.core;

import java.util.Locale;

/** How far a dataset is shared, from narrowest to widest. */
public enum AccessLevel {
    /** The owner and named co-workers. */
    PRIVATE,
    /** Members of the dataset's group. */
    GROUP,
    /** Metadata public, data and files hidden until the embargo date (ARIM's non-shared period). */
    EMBARGOED,
    /** Everyone, including anonymous callers. */
    PUBLIC;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccessLevel of(String code) {
        for (AccessLevel l : values()) {
            if (l.code().equals(code)) {
                return l;
            }
        }
        throw new IllegalArgumentException("access level must be one of private, group, embargoed, public; found '" + code + "'");
    }
}
