package org.matdx.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An atomic site: fractional coordinates and what occupies it. Usually one element with
 * occupancy 1; disordered sites hold several (e.g. {@code {Fe: 0.5, Co: 0.5}}), and
 * occupancies summing below 1 mean vacancies.
 *
 * @param label the site label from the source (e.g. CIF's {@code Fe1}), or the element symbol
 */
public record Site(String label, Map<Element, Double> occupancy, double[] fractional) {
    public Site {
        if (occupancy.isEmpty()) {
            throw new IllegalArgumentException("a site needs at least one species");
        }
        occupancy = Collections.unmodifiableMap(new LinkedHashMap<>(occupancy));
        if (fractional.length != 3) {
            throw new IllegalArgumentException("a site needs three fractional coordinates");
        }
        fractional = fractional.clone();
    }

    public static Site of(Element e, double x, double y, double z) {
        return new Site(e.symbol(), Map.of(e, 1.0), new double[] {x, y, z});
    }

    @Override
    public double[] fractional() {
        return fractional.clone();
    }

    public boolean ordered() {
        return occupancy.size() == 1 && Math.abs(occupancy.values().iterator().next() - 1.0) < 1e-9;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Site s && label.equals(s.label) && occupancy.equals(s.occupancy)
                && Arrays.equals(fractional, s.fractional);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, occupancy, Arrays.hashCode(fractional));
    }
}
