package org.matdx.elementstrategy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.matdx.core.Element;

/**
 * The element-strategy facts of one element. Absent values are absent (never zero): the
 * compilers left a cell empty where no checked published figure exists.
 *
 * @param mainProducer      leading producing country, or null
 * @param mainProducerBasis what the producer share counts (commodity, year, unit), or null
 * @param lists             the critical-materials lists naming this element, with the commodity as listed
 */
public record ElementRecord(Element element, Map<ResourceProperty, Double> values, String mainProducer,
                            String mainProducerBasis, Map<CriticalList, String> lists) {

    public ElementRecord {
        values = Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(ResourceProperty.class) : new EnumMap<>(values));
        lists = Collections.unmodifiableMap(lists.isEmpty() ? new EnumMap<>(CriticalList.class) : new EnumMap<>(lists));
    }

    public OptionalDouble value(ResourceProperty p) {
        Double v = values.get(p);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public boolean listed(CriticalList l) {
        return lists.containsKey(l);
    }
}
