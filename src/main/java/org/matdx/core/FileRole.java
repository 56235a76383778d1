package org.matdx.core;

import java.util.Locale;

/** Why a file is attached to an entry. */
public enum FileRole {
    /** The file as the instrument or code wrote it; the main file of the entry. */
    RAW,
    /** Another file that came with the raw file (logs, images, auxiliary output). */
    ATTACHMENT,
    /** Produced by structuring: plots, thumbnails, converted data. */
    DERIVED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FileRole of(String code) {
        return FileRole.valueOf(code.toUpperCase(Locale.ROOT));
    }
}
