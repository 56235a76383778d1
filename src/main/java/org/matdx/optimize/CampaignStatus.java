package org.matdx.optimize;

import java.util.Locale;

/** A campaign proposes while active, holds its trials while paused, and has ended for a recorded reason once stopped. */
public enum CampaignStatus {
    ACTIVE, PAUSED, STOPPED;

    /** As stored and served: lower case, the words of the CHECK constraint in V50. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CampaignStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return code();
    }
}
