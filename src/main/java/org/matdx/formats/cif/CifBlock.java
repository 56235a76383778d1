package org.matdx.formats.cif;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CIF data block: every data name (lower case, as CIF names are case-insensitive) with its
 * values — one for a single item, one per row for a looped item.
 */
record CifBlock(String name, int line, Map<String, List<CifValue>> items) {
    CifBlock {
        items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    List<CifValue> column(String tag) {
        return items.getOrDefault(tag.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first present value of the first of these tags found, or null. */
    CifValue first(String... tags) {
        for (String t : tags) {
            List<CifValue> v = column(t);
            if (!v.isEmpty() && !v.get(0).missing()) {
                return v.get(0);
            }
        }
        return null;
    }

    boolean has(String tag) {
        return items.containsKey(tag.toLowerCase(Locale.ROOT));
    }
}
