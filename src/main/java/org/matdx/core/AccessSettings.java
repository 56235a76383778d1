package org.matdx.core;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A dataset's sharing settings. {@code modelUseOnly} datasets may train models whose predictions
 * others see, while their records, files and aggregates stay with their owners.
 */
public record AccessSettings(AccessLevel level, LocalDate embargoUntil, boolean modelUseOnly) {
    public AccessSettings {
        Objects.requireNonNull(level, "level");
        if (level == AccessLevel.EMBARGOED && embargoUntil == null) {
            throw new IllegalArgumentException("an embargoed dataset needs an embargo date (embargo_until)");
        }
        if (level != AccessLevel.EMBARGOED) {
            embargoUntil = null;
        }
    }

    public static AccessSettings privateData() {
        return new AccessSettings(AccessLevel.PRIVATE, null, false);
    }

    public static AccessSettings publicData() {
        return new AccessSettings(AccessLevel.PUBLIC, null, false);
    }
}
