package org.matdx.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.optimize.Campaigns;
import org.matdx.optimize.Trial;
import org.matdx.platform.Platform;
import org.matdx.web.Requests;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Campaign dashboards: progress (each trial's value and the best so far), the trials with their
 * state, and the actions a researcher takes — approve, mark failed, abandon, step the simulator.
 * Actions are plain forms (CSRF-protected by the session) that come back to the page.
 */
public final class CampaignPages {
    private final Campaigns campaigns;

    private final org.matdx.web.HeavyRequests heavy;

    public CampaignPages(Platform platform, org.matdx.web.HeavyRequests heavy) {
        this.heavy = heavy;
        this.campaigns = platform.campaigns();
    }

    public void register(RoutesConfig r) {
        r.get("/campaigns", this::list);
        r.get("/campaigns/{id}", this::show);
        r.post("/campaigns/{id}/trials/{trial}/{action}", this::act);
        r.post("/campaigns/{id}/simulate", heavy.limit(this::simulate));
    }

    /** What the dashboard shows: the campaign, its trials, and the progress plot's data. */
    public record View(Campaigns.View campaign, String progressJson, boolean canDrive, ParetoPlot pareto) {
        public List<Trial> trialsNewestFirst() {
            List<Trial> t = new ArrayList<>(campaign.trials());
            java.util.Collections.reverse(t);
            return t;
        }

        public String paramText(Trial t) {
            List<String> parts = new ArrayList<>();
            t.params().properties().forEach(e -> parts.add(e.getKey() + " = "
                    + (e.getValue().isNumber() ? UiFormat.num(e.getValue().asDouble()) : e.getValue().asString())));
            return String.join(", ", parts);
        }
    }

    private void list(Context ctx) {
        UiRoutes.render(ctx, "campaigns.jte", Map.of("items", campaigns.list(Requests.caller(ctx), null)));
    }

    private void show(Context ctx) {
        UUID id = id(ctx);
        Campaigns.View v = campaigns.view(Requests.caller(ctx), id, Requests.origin(ctx));
        Page page = UiRoutes.page(ctx);
        UiRoutes.render(ctx, "campaign.jte", Map.of("view", new View(v, progress(v), page.signedIn(),
                ParetoPlot.of(v, page.messages()))));
    }

    /** Trial number against value and best-so-far, for uPlot (failed trials have no value: gaps). */
    static String progress(Campaigns.View v) {
        boolean max = v.campaign().config().maximise();
        ObjectNode spec = Json.object().put("title", "").put("xLabel", "trial");
        spec.putArray("yLabels").add(v.campaign().config().objective()).add("best so far");
        ArrayNode data = spec.putArray("data");
        ArrayNode xs = data.addArray();
        ArrayNode ys = data.addArray();
        ArrayNode best = data.addArray();
        Double b = null;
        for (Trial t : v.trials()) {
            if (!t.status().run()) {
                continue;
            }
            xs.add(t.seq());
            if (t.value() != null) {
                ys.add(t.value());
                b = b == null ? t.value() : max ? Math.max(b, t.value()) : Math.min(b, t.value());
            } else {
                ys.addNull();
            }
            if (b == null) {
                best.addNull();
            } else {
                best.add(b);
            }
        }
        return Json.write(spec);
    }

    private void act(Context ctx) {
        UUID id = id(ctx);
        UUID trial = Ids.parseOrNull(ctx.pathParam("trial"));
        if (trial == null) {
            throw Problem.notFound("trial", ctx.pathParam("trial"));
        }
        var caller = Requests.caller(ctx);
        String reason = ctx.formParam("reason");
        switch (ctx.pathParam("action")) {
            case "approve" -> campaigns.approve(caller, id, trial, Requests.origin(ctx));
            case "fail" -> campaigns.fail(caller, id, trial, reason == null || reason.isBlank() ? "marked failed by " + caller.label() : reason, Requests.origin(ctx));
            case "abandon" -> campaigns.abandon(caller, id, trial, reason == null || reason.isBlank() ? "abandoned by " + caller.label() : reason, Requests.origin(ctx));
            default -> throw Problem.notFound("action", ctx.pathParam("action"));
        }
        org.matdx.web.Redirects.to(ctx, "/campaigns/" + id);
    }

    private void simulate(Context ctx) {
        UUID id = id(ctx);
        int n = Math.max(1, Math.min(30, Requests.intParam(ctx, "experiments", 3)));
        String form = ctx.formParam("experiments");
        if (form != null && form.matches("\\d{1,2}")) {
            n = Math.max(1, Math.min(30, Integer.parseInt(form)));
        }
        campaigns.simulate(Requests.caller(ctx), id, n, Requests.origin(ctx));
        org.matdx.web.Redirects.to(ctx, "/campaigns/" + id);
    }

    private static UUID id(Context ctx) {
        UUID id = Ids.parseOrNull(ctx.pathParam("id"));
        if (id == null) {
            throw Problem.notFound("campaign", ctx.pathParam("id"));
        }
        return id;
    }
}
