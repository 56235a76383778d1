package org.matdx.platform;

import java.util.List;
import java.util.UUID;
import org.matdx.access.ModelUse;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.RequestContext;
import org.matdx.informatics.ModelService;
import org.matdx.optimize.ModelObjectives;

/** The model registry as the source of campaign objectives (optimisation does not depend on informatics). */
final class ModelPredictions implements ModelObjectives {
    private final ModelService models;

    ModelPredictions(ModelService models) {
        this.models = models;
    }

    @Override
    public boolean usable(Caller caller, UUID model) {
        // find() asks the access policy: hidden models and models the caller may not predict with are absent
        return models.find(caller, model).map(v -> v.use().atLeast(ModelUse.PREDICT)).orElse(false);
    }

    @Override
    public double predict(RequestContext context, UUID model, Composition composition) {
        return models.predict(context, model, List.of(composition)).get(0).value();
    }
}
