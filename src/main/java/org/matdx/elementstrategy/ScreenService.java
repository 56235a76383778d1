package org.matdx.elementstrategy;

import java.time.Clock;
import java.util.UUID;
import org.matdx.access.ActingAs;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.jobs.JobHandler;
import org.matdx.jobs.JobQueue;
import org.matdx.store.UserStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs substitution screens for callers: small ones at once, large ones as jobs on the queue
 * (kind {@value #JOB_KIND}) whose progress the job API reports. A baseline model is fitted on
 * what the caller may read, so a screen never learns from data hidden from whoever asked.
 */
public final class ScreenService {
    public static final String JOB_KIND = "resources.screen";
    /** Screens up to this many compositions answer at once; larger ones become jobs. */
    public static final int SYNC_LIMIT = 2_000;

    private final Catalog catalog;
    private final UserStore users;
    private final ActingAs actingAs;
    private final JobQueue jobs;
    private final ResourceScorer scorer;
    private final PredictorRegistry models;
    private final SubstitutionScreen screen;

    public ScreenService(Catalog catalog, UserStore users, JobQueue jobs, ResourceScorer scorer, PredictorRegistry models) {
        this.catalog = catalog;
        this.users = users;
        this.actingAs = new ActingAs(users, Clock.systemUTC());
        this.jobs = jobs;
        this.scorer = scorer;
        this.models = models;
        this.screen = new SubstitutionScreen(scorer);
    }

    public PredictorRegistry models() {
        return models;
    }

    /** The screen's outcome: a result now, or the id of the job computing it. */
    public sealed interface Submitted permits Done, Queued {
    }

    public record Done(ObjectNode result) implements Submitted {
    }

    public record Queued(UUID job, int candidates) implements Submitted {
    }

    public Submitted submit(RequestContext context, JsonNode body, boolean async) {
        ScreenJson.Spec spec = ScreenJson.parse(body, ScreenRequest.DEFAULT_MAX);
        int size = screen.plan(spec.request()).size();
        PropertyPredictor model = model(context, spec.model()); // fails fast on a bad model
        if (!async && size <= SYNC_LIMIT) {
            return new Done(run(spec, model, NO_PROGRESS));
        }
        if (!(context.caller() instanceof Caller.Account a)) {
            throw Problem.unauthorized("a screen of " + size + " compositions runs as a job; sign in with an API token to start it");
        }
        return new Queued(jobs.enqueue(JOB_KIND, body, a.id()), size);
    }

    /**
     * A screen answered now, as the caller (other capabilities' use, e.g. a product's part): one
     * larger than {@link #SYNC_LIMIT} compositions is refused (400), never queued.
     */
    public ObjectNode runNow(RequestContext context, JsonNode body) {
        ScreenJson.Spec spec = ScreenJson.parse(body, ScreenRequest.DEFAULT_MAX);
        int size = screen.plan(spec.request()).size();
        if (size > SYNC_LIMIT) {
            throw Problem.badRequest("this screen would evaluate " + size + " compositions; at most " + SYNC_LIMIT
                    + " are screened for a product's part (name fewer elements in 'with' or fewer 'fractions')");
        }
        return run(spec, model(context, spec.model()), NO_PROGRESS);
    }

    /** Runs a screen in this thread (the CLI, and the job handler). */
    public ObjectNode run(ScreenJson.Spec spec, PropertyPredictor model, JobHandler.Progress progress) {
        return ScreenJson.result(screen.run(spec.request(), model, progress), scorer.data());
    }

    public PropertyPredictor model(RequestContext context, ScreenJson.ModelSpec spec) {
        return switch (spec) {
            case ScreenJson.Registered r -> models.get(r.name()).orElseThrow(() -> Problem.invalid("model",
                    "no registered model '" + r.name() + "'" + (models.names().isEmpty() ? "; fit a baseline with {\"baseline\": {\"dataset\": id, \"property\": name}}"
                            : "; registered: " + String.join(", ", models.names()))));
            case ScreenJson.Baseline b -> LinearBaseline.fromDataset(catalog, context, b.dataset(), b.property());
        };
    }

    /** The job handler; the screen runs as the user who submitted it. */
    public JobHandler handler() {
        return (job, progress) -> {
            RequestContext context = actingAs.forJob(job, Scope.READ, "screen");
            ScreenJson.Spec spec = ScreenJson.parse(job.payload(), ScreenRequest.DEFAULT_MAX);
            progress.report(0, "fitting the model");
            PropertyPredictor model = model(context, spec.model());
            return run(spec, model, progress);
        };
    }

    private static final JobHandler.Progress NO_PROGRESS = new JobHandler.Progress() {
        @Override
        public void report(double fraction, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };
}
