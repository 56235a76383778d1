package org.matdx.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The composition keys of an entry's {@code element_keys} (migrations V35, V36) that a search for
 * elements asks for: element symbols ({@code Li}), pairs of them ({@code Fe|Li}, in code-point
 * order) and element fractions ({@code O=12}, {@code O:12}).
 */
public final class ElementKeys {
    /**
     * Elements in a large share of all materials (the common anions, lithium): a pair with one of
     * them reads a far shorter posting list than the element itself (oxygen is in half of all
     * entries), so they are paired with the rarest elements of the query first.
     */
    private static final List<String> COMMON = List.of("O", "N", "F", "S", "Cl", "Se", "P", "C", "H", "Li");

    private ElementKeys() {
    }

    /** Whether {@code symbol} could be an element symbol rather than one of the other keys. */
    public static boolean isSymbol(String symbol) {
        return !symbol.isEmpty() && symbol.chars().allMatch(Character::isLetter);
    }

    /**
     * Keys whose presence together means an entry has every one of {@code symbols}: the symbol
     * itself for one, otherwise pairs that cover them all, each common element with a rare one.
     */
    public static List<String> coveringAll(List<String> symbols) {
        List<String> order = new ArrayList<>(symbols.stream().distinct().toList());
        if (order.size() < 2) {
            return order;
        }
        order.sort(Comparator.comparingInt((String s) -> COMMON.contains(s) ? COMMON.indexOf(s) : COMMON.size())
                .thenComparing(Comparator.naturalOrder()));
        List<String> keys = new ArrayList<>();
        int n = order.size();
        for (int i = 0; i < n / 2; i++) {
            keys.add(pair(order.get(i), order.get(n - 1 - i)));
        }
        if (n % 2 == 1) {
            keys.add(pair(order.get(n / 2), order.get(n - 1)));
        }
        return keys;
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
