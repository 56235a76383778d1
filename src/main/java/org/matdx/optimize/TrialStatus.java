package org.matdx.optimize;

import java.util.Locale;

/**
 * Where a trial is in its life: suggested → approved → running → completed | failed | abandoned.
 * The first three are open (the campaign waits on them); the last three are final, and failed and
 * abandoned trials keep their reason and still teach the model where not to go.
 */
public enum TrialStatus {
    SUGGESTED, APPROVED, RUNNING, COMPLETED, FAILED, ABANDONED;

    /** As stored and served: lower case, the words of the CHECK constraint in V50. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean open() {
        return this == SUGGESTED || this == APPROVED || this == RUNNING;
    }

    /** Run on the instrument, successfully or not: what a budget counts. */
    public boolean run() {
        return this == COMPLETED || this == FAILED;
    }

    public static TrialStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return code();
    }
}
