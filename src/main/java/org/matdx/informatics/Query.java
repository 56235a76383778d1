package org.matdx.informatics;

import org.matdx.core.Composition;
import org.matdx.core.Structure;

/** What a prediction is asked for: a composition, and its crystal structure when known (else null). */
public record Query(Composition composition, Structure structure) {
    public Query {
        java.util.Objects.requireNonNull(composition, "composition");
    }

    public static Query of(Composition c) {
        return new Query(c, null);
    }
}
