package org.matdx.core;

import java.util.Locale;

/** A member's role in a group. */
public enum Role {
    OWNER, EDITOR, VIEWER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String code) {
        return Role.valueOf(code.toUpperCase(Locale.ROOT));
    }

    public boolean canEdit() {
        return this != VIEWER;
    }
}
