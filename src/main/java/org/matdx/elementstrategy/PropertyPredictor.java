package org.matdx.elementstrategy;

import java.util.List;
import org.matdx.core.Composition;

/**
 * What substitution screening needs from a model: a property predicted, with uncertainty, from a
 * composition alone. Models of the informatics capability are adapted to this at wiring time.
 */
public interface PropertyPredictor {
    /** A name that identifies the model, e.g. {@code baseline:band_gap@<dataset>}. */
    String name();

    /** The predicted property, e.g. {@code band_gap}. */
    String property();

    /** Unit of the prediction, e.g. {@code eV}. */
    String unit();

    Prediction predict(Composition c);

    /** Many at once; models that batch efficiently override this. */
    default List<Prediction> predict(List<Composition> cs) {
        return cs.stream().map(this::predict).toList();
    }
}
