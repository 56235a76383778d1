package org.matdx.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.optimize.CampaignConfig;
import org.matdx.optimize.Campaigns;
import org.matdx.optimize.Trial;
import org.matdx.optimize.TrialStatus;
import org.matdx.web.HeavyRequests;
import org.matdx.web.Redirects;
import org.matdx.web.Requests;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Campaign dashboards: progress (each trial's value and the best so far), the trials with their
 * state, and the actions a researcher takes — approve, mark failed, abandon, step the simulator.
 * Actions are plain forms (CSRF-protected by the session) that come back to the page.
 */
public final class CampaignPages {
    private final Campaigns campaigns;

    private final HeavyRequests heavy;

    public CampaignPages(Campaigns campaigns, HeavyRequests heavy) {
        this.heavy = heavy;
        this.campaigns = campaigns;
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
            Collections.reverse(t);
            return t;
        }

        /**
         * "temperature = 1187 °C, sintering_aid = Al2O3": in the order the campaign declares its
         * parameters, four significant digits, each with its declared unit.
         */
        public String paramText(Trial t) {
            var cfg = campaign.campaign().config();
            List<String> parts = new ArrayList<>();
            for (var p : cfg.space().parameters()) {
                JsonNode v = t.params().get(p.name());
                if (v == null || v.isNull()) {
                    continue;
                }
                String unit = cfg.parameterUnit(p.name());
                parts.add(p.name() + " = " + (v.isNumber() ? UiFormat.num(v.asDouble()) + (unit.isEmpty() ? "" : " " + unit)
                        : v.asString()));
            }
            return String.join(", ", parts);
        }

        /** Every objective of the campaign, one table column each. */
        public List<CampaignConfig.Objective> objectives() {
            return campaign.campaign().config().objectives();
        }

        /** A trial's measured value of objective {@code k}, or null (not yet measured, failed). */
        public Double value(Trial t, int k) {
            if (objectives().size() == 1) {
                return t.value();
            }
            JsonNode v = t.results() == null ? null : t.results().get(objectives().get(k).name());
            return v != null && v.isNumber() ? v.asDouble() : null;
        }
    }

    private void list(Context ctx) {
        Pages.render(ctx, "campaigns.jte", Map.of("items", campaigns.list(Requests.caller(ctx), null)));
    }

    private void show(Context ctx) {
        UUID id = id(ctx);
        Campaigns.View v = campaigns.view(Requests.context(ctx), id);
        Page page = Pages.page(ctx);
        Pages.render(ctx, "campaign.jte", Map.of("view", new View(v, progress(v, page.messages()),
                campaigns.mayDrive(page.caller(), v.campaign()), ParetoPlot.of(v, page.messages()))));
    }

    /**
     * Trial number against the (first) objective's value as points, the best so far as a line, and the
     * failed runs as marks at the bottom of the plot: a failed run has no value, but it happened and
     * taught the campaign where not to go, so it is drawn, not left out.
     */
    static String progress(Campaigns.View v, Messages m) {
        var cfg = v.campaign().config();
        var first = cfg.objectives().get(0);
        boolean max = first.maximise();
        String unit = first.unit() == null || first.unit().isEmpty() ? "" : " (" + first.unit() + ")";
        ObjectNode spec = Json.object().put("title", "").put("xLabel", m.t("campaign.plot.trial")).put("xWhole", true)
                .put("yAxis", first.name() + unit);
        spec.putArray("yLabels").add(first.name()).add(m.t("campaign.plot.best")).add(m.t("campaign.plot.failed"));
        ArrayNode styles = spec.putArray("styles");
        styles.addObject().put("points", true).put("line", false).put("size", 7);
        styles.addObject().put("spanGaps", true).put("colour", "#1a7f37");
        styles.addObject().put("points", true).put("line", false).put("size", 9).put("colour", "#d1242f").put("fill", "#ffffff");
        double floor = Double.POSITIVE_INFINITY;
        for (Trial t : v.trials()) {
            if (t.status().run() && t.value() != null) {
                floor = Math.min(floor, t.value());
            }
        }
        ArrayNode data = spec.putArray("data");
        ArrayNode xs = data.addArray();
        ArrayNode ys = data.addArray();
        ArrayNode best = data.addArray();
        ArrayNode failed = data.addArray();
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
            if (t.status() == TrialStatus.FAILED && Double.isFinite(floor)) {
                failed.add(floor);
            } else {
                failed.addNull();
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
        // without a typed reason the record says who acted, in the language they work in (what they would have typed)
        Messages m = Pages.page(ctx).messages();
        boolean untyped = reason == null || reason.isBlank();
        switch (ctx.pathParam("action")) {
            case "approve" -> campaigns.approve(Requests.context(ctx), id, trial);
            case "fail" -> campaigns.fail(Requests.context(ctx), id, trial, untyped ? m.t("trial.marked_failed_by", caller.label()) : reason);
            case "abandon" -> campaigns.abandon(Requests.context(ctx), id, trial, untyped ? m.t("trial.abandoned_by", caller.label()) : reason);
            default -> throw Problem.notFound("action", ctx.pathParam("action"));
        }
        Redirects.to(ctx, "/campaigns/" + id);
    }

    private void simulate(Context ctx) {
        UUID id = id(ctx);
        int n = Math.max(1, Math.min(30, Requests.intParam(ctx, "experiments", 3)));
        String form = ctx.formParam("experiments");
        if (form != null && form.matches("\\d{1,2}")) {
            n = Math.max(1, Math.min(30, Integer.parseInt(form)));
        }
        campaigns.simulate(Requests.context(ctx), id, n);
        Redirects.to(ctx, "/campaigns/" + id);
    }

    private static UUID id(Context ctx) {
        UUID id = Ids.parseOrNull(ctx.pathParam("id"));
        if (id == null) {
            throw Problem.notFound("campaign", ctx.pathParam("id"));
        }
        return id;
    }
}
