package org.matdx.elementstrategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.matdx.core.Element;
import org.matdx.core.ElementProperty;
import org.matdx.core.Elements;

/**
 * Chemically similar replacements for an element: the same group of the periodic table (the
 * lanthanide series for a lanthanide) and neighbours in Pettifor's Mendeleev number (a 1-D
 * ordering in which elements that form the same structures sit close together; Villars et al.
 * 2004, as in Magpie). Metals (and metalloids) are replaced only by metals or metalloids,
 * non-metals only by non-metals. Elements without a stable isotope and noble gases are never
 * proposed; hydrogen only when asked for by name.
 */
public final class Substitutes {
    private Substitutes() {
    }

    /** Elements a screen may propose: stable, not a noble gas, not hydrogen. */
    public static boolean proposable(Element e) {
        boolean noStableIsotope = e.symbol().equals("Tc") || e.symbol().equals("Pm") || e.z() >= 84;
        return !noStableIsotope && e.group() != 18 && !e.symbol().equals("H");
    }

    /** Non-metals: a metal is never replaced by one of these, nor one of these by a metal. */
    static final Set<String> NON_METALS = Set.of("H", "He", "C", "N", "O", "F", "Ne", "P", "S",
            "Cl", "Ar", "Se", "Br", "Kr", "I", "Xe", "Rn");

    /** True when one may stand in for the other: both non-metals, or both metals or metalloids. */
    public static boolean sameCharacter(Element a, Element b) {
        return NON_METALS.contains(a.symbol()) == NON_METALS.contains(b.symbol());
    }

    /**
     * @param sameGroup        include the other members of the element's group
     * @param mendeleevWindow  include elements whose Mendeleev number is within this distance (0: none)
     */
    public static List<Element> of(Element e, boolean sameGroup, int mendeleevWindow) {
        Set<Element> out = new LinkedHashSet<>();
        if (sameGroup) {
            for (Element x : Elements.all()) {
                boolean group = e.group() != 0 && x.group() == e.group();
                boolean lanthanide = isLanthanide(e) && isLanthanide(x);
                if ((group || lanthanide) && x != e && proposable(x) && sameCharacter(e, x)) {
                    out.add(x);
                }
            }
        }
        if (mendeleevWindow > 0 && e.property(ElementProperty.MENDELEEV_NUMBER).isPresent()) {
            double m = e.property(ElementProperty.MENDELEEV_NUMBER).getAsDouble();
            List<Element> near = new ArrayList<>();
            for (Element x : Elements.all()) {
                var mx = x.property(ElementProperty.MENDELEEV_NUMBER);
                if (x != e && mx.isPresent() && Math.abs(mx.getAsDouble() - m) <= mendeleevWindow && proposable(x)
                        && sameCharacter(e, x)) {
                    near.add(x);
                }
            }
            near.sort(Comparator.comparingDouble(x -> Math.abs(x.property(ElementProperty.MENDELEEV_NUMBER).getAsDouble() - m)));
            out.addAll(near);
        }
        return List.copyOf(out);
    }

    static boolean isLanthanide(Element e) {
        return e.z() >= 57 && e.z() <= 71;
    }
}
