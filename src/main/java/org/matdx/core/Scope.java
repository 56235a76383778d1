package org.matdx.core;

import java.util.Locale;

/** What an API token may do. Each scope includes the ones before it. */
public enum Scope {
    READ, WRITE, ADMIN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope of(String code) {
        return Scope.valueOf(code.toUpperCase(Locale.ROOT));
    }

    public boolean includes(Scope other) {
        return compareTo(other) >= 0;
    }
}
