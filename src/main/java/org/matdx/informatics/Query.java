package org.matdx.informatics;

import java.util.Objects;
import org.matdx.core.Composition;
import org.matdx.core.Structure;

/** What a prediction is asked for: a composition, and its crystal structure when known (else null). */
public record Query(Composition composition, Structure structure) {
    public Query {
        Objects.requireNonNull(composition, "composition");
    }

    public static Query of(Composition c) {
        return new Query(c, null);
    }
}
