package org.matdx.optimize;

import java.util.UUID;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;

/**
 * Registered models whose predictions can be a campaign's objective (e.g. the band gap a model
 * predicts for the trial's composition). Implemented by the model registry and wired by the
 * platform, so optimisation does not depend on how models are trained or stored. Both methods
 * ask the access policy for the caller: a model the caller may not predict with does not exist.
 */
public interface ModelObjectives {
    /** Whether the model exists and the caller may predict with it. */
    boolean usable(Caller caller, UUID model);

    /**
     * The model's prediction for the composition, for the context's caller (a trial's report: its
     * origin with it); a 404 problem when the caller may not use the model.
     */
    double predict(RequestContext context, UUID model, Composition composition);

    /** No model registry (tools that run campaigns without one): every model is unknown. */
    ModelObjectives NONE = new ModelObjectives() {
        @Override
        public boolean usable(Caller caller, UUID model) {
            return false;
        }

        @Override
        public double predict(RequestContext context, UUID model, Composition composition) {
            throw Problem.notFound("model", model);
        }
    };
}
