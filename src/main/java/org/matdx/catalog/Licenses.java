package org.matdx.catalog;

import java.util.Set;
import java.util.regex.Pattern;

/** Licences a dataset may carry: common SPDX identifiers for data and code, or a LicenseRef for closed data. */
public final class Licenses {
    public static final Set<String> KNOWN = Set.of(
            "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0",
            "CC0-1.0", "CC-BY-3.0", "ODbL-1.0", "ODC-By-1.0", "PDDL-1.0", "MIT", "Apache-2.0", "BSD-3-Clause",
            "BSD-2-Clause");
    private static final Pattern LICENSE_REF = Pattern.compile("^LicenseRef-[A-Za-z0-9.-]+$");

    private Licenses() {
    }

    public static boolean valid(String id) {
        return id != null && (KNOWN.contains(id) || LICENSE_REF.matcher(id).matches());
    }
}
