package org.matdx.elementstrategy;

import java.util.List;
import org.matdx.core.Element;

/**
 * The mass fraction of a composition made of elements on one critical-materials list.
 *
 * @param elements the listed elements present, largest mass fraction first
 */
public record CriticalShare(CriticalList list, double massFraction, List<Element> elements) {
    public CriticalShare {
        elements = List.copyOf(elements);
    }
}
