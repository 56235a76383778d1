package org.matdx.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.matdx.core.Elements;

/**
 * "Only these elements" as a list of chemical systems: an entry contains no element outside
 * {Li, O, Zr} exactly when its chemical system is one of Li, O, Zr, Li-O, Li-Zr, O-Zr, Li-O-Zr.
 * A B-tree lookup of those few systems is far cheaper than testing every entry that contains
 * one of the elements ({@code elements <@ …} on a GIN index must recheck each of them).
 */
public final class ChemicalSystems {
    /** Beyond this many elements the list of systems (2^n − 1) grows too long to be worth it. */
    public static final int MAX_ELEMENTS = 12;

    private ChemicalSystems() {
    }

    /**
     * Every chemical system made of the given symbols (written as {@link
     * org.matdx.core.Composition#chemicalSystem()} writes them), or empty when there are too many
     * symbols. Symbols that are not elements are ignored: no entry contains them.
     */
    public static Optional<List<String>> within(List<String> symbols) {
        TreeSet<String> valid = new TreeSet<>();
        for (String s : symbols) {
            if (Elements.bySymbol(s).map(e -> e.symbol().equals(s)).orElse(false)) {
                valid.add(s);
            }
        }
        if (valid.size() > MAX_ELEMENTS) {
            return Optional.empty();
        }
        List<String> sorted = new ArrayList<>(valid);
        List<String> systems = new ArrayList<>();
        for (int mask = 1; mask < 1 << sorted.size(); mask++) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    parts.add(sorted.get(i));
                }
            }
            systems.add(String.join("-", parts));
        }
        return Optional.of(systems);
    }
}
