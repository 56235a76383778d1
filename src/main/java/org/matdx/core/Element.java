package org.matdx.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A chemical element as the project's element table describes it. Instances come only
 * from {@link Elements}; there is exactly one per atomic number, so identity equality holds.
 */
public final class Element implements Comparable<Element> {
    private final int z;
    private final String symbol;
    private final String name;
    private final double atomicWeight;
    private final int period;
    private final int group;
    private final char block;
    private final Map<ElementProperty, Double> properties;

    Element(int z, String symbol, String name, double atomicWeight, int period, int group, char block,
            Map<ElementProperty, Double> properties) {
        this.z = z;
        this.symbol = symbol;
        this.name = name;
        this.atomicWeight = atomicWeight;
        this.period = period;
        this.group = group;
        this.block = block;
        this.properties = new EnumMap<>(properties);
    }

    public int z() { return z; }
    public String symbol() { return symbol; }
    public String name() { return name; }
    /** Standard atomic weight (IUPAC) in g/mol; for elements without a stable isotope, the mass number of the longest-lived one. */
    public double atomicWeight() { return atomicWeight; }
    public int period() { return period; }
    /** IUPAC group 1–18; 0 for lanthanides and actinides, which the table leaves without a group. */
    public int group() { return group; }
    /** 's', 'p', 'd' or 'f'. */
    public char block() { return block; }

    /** The value of a tabulated property, empty where no published value exists. */
    public OptionalDouble property(ElementProperty p) {
        Double v = properties.get(p);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Pauling electronegativity, or NaN where none is defined (noble gases). */
    public double electronegativity() {
        return property(ElementProperty.ELECTRONEGATIVITY_PAULING).orElse(Double.NaN);
    }

    @Override
    public int compareTo(Element o) {
        return Integer.compare(z, o.z);
    }

    @Override
    public String toString() {
        return symbol;
    }
}
