package org.matdx.core;

/**
 * A unit that cannot be read or a conversion that makes no physical sense, described for the
 * person who wrote it (which unit, where in it, what was wrong).
 */
public final class UnitException extends IllegalArgumentException {
    public UnitException(String message) {
        super(message);
    }
}
