package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Problem;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.Upload;
import org.matdx.optimize.Campaign;
import org.matdx.optimize.CampaignJson;
import org.matdx.optimize.Campaigns;
import org.matdx.optimize.Trial;
import org.matdx.optimize.TrialFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Optimisation campaigns over HTTP, including the instrument loop: a robot or controller takes
 * the next approved trial ({@code POST …/trials/next}) and posts its result or failure.
 */
final class CampaignApi {
    private final Campaigns campaigns;
    private final Ingest ingest;
    private final TrialFiles trialFiles;

    private final HeavyRequests heavy;

    CampaignApi(Campaigns campaigns, Ingest ingest, TrialFiles trialFiles, HeavyRequests heavy) {
        this.heavy = heavy;
        this.campaigns = campaigns;
        this.ingest = ingest;
        this.trialFiles = trialFiles;
    }

    void register(RoutesConfig r) {
        r.post("/api/v1/datasets/{id}/campaigns", this::create);
        r.get("/api/v1/campaigns", this::list);
        r.get("/api/v1/campaigns/{id}", this::get);
        r.post("/api/v1/campaigns/{id}/suggest", heavy.limit(this::suggest));
        r.post("/api/v1/campaigns/{id}/pause", ctx -> state(ctx, true));
        r.post("/api/v1/campaigns/{id}/resume", ctx -> state(ctx, false));
        r.post("/api/v1/campaigns/{id}/simulate", heavy.limit(this::simulate));
        r.post("/api/v1/campaigns/{id}/trials/next", heavy.limit(this::next));
        r.post("/api/v1/campaigns/{id}/trials/{trial}/approve", this::approve);
        r.post("/api/v1/campaigns/{id}/trials/{trial}/result", this::result);
        r.post("/api/v1/campaigns/{id}/trials/{trial}/fail", this::fail);
        r.post("/api/v1/campaigns/{id}/trials/{trial}/abandon", this::abandon);
    }

    static ObjectNode campaign(Campaign c) {
        return CampaignJson.campaign(c);
    }

    static ObjectNode trial(Trial t) {
        return CampaignJson.trial(t);
    }

    static ObjectNode view(Campaigns.View v) {
        return CampaignJson.view(v);
    }

    private void create(Context ctx) {
        UUID dataset = Requests.id(ctx, "id", "dataset");
        Campaign c = campaigns.create(Requests.context(ctx), dataset, Requests.jsonBody(ctx));
        ctx.status(201).header("Location", "/api/v1/campaigns/" + c.id()).json(campaign(c));
    }

    private void list(Context ctx) {
        String ds = ctx.queryParam("dataset");
        UUID dataset = ds == null ? null : Ids.parseOrNull(ds);
        if (ds != null && dataset == null) {
            throw Problem.invalid("dataset", "'" + ds + "' is not a dataset id");
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        campaigns.list(Requests.caller(ctx), dataset).forEach(c -> items.add(campaign(c)));
        ctx.json(Json.object().set("items", items));
    }

    private void get(Context ctx) {
        ctx.json(view(campaigns.view(Requests.context(ctx), Requests.id(ctx, "id", "campaign"))));
    }

    private void suggest(Context ctx) {
        List<Trial> t = campaigns.suggest(Requests.context(ctx), Requests.id(ctx, "id", "campaign"));
        ArrayNode items = Json.MAPPER.createArrayNode();
        t.forEach(x -> items.add(trial(x)));
        ctx.status(201).json(Json.object().set("trials", items));
    }

    private void state(Context ctx, boolean pause) {
        ctx.json(campaign(campaigns.pause(Requests.context(ctx), Requests.id(ctx, "id", "campaign"), pause)));
    }

    private void simulate(Context ctx) {
        int n = Math.max(1, Math.min(200, Requests.intParam(ctx, "experiments", 10)));
        ctx.json(view(campaigns.simulate(Requests.context(ctx), Requests.id(ctx, "id", "campaign"), n)));
    }

    private void next(Context ctx) {
        Optional<Trial> t = campaigns.next(Requests.context(ctx), Requests.id(ctx, "id", "campaign"));
        if (t.isEmpty()) {
            ctx.status(204);
        } else {
            ctx.json(trial(t.get()));
        }
    }

    private void approve(Context ctx) {
        ctx.json(trial(campaigns.approve(Requests.context(ctx), Requests.id(ctx, "id", "campaign"), trialId(ctx))));
    }

    private void result(Context ctx) {
        if (ctx.isMultipartFormData()) {
            // raw files from the instrument, with the values in a 'results' part or read from the files;
            // whether the caller may add them is settled before the body is read
            campaigns.writable(Requests.context(ctx), Requests.id(ctx, "id", "campaign"));
            JsonNode given = null;
            String text = ctx.formParam("results");
            if (text != null && !text.isBlank()) {
                given = Json.readUntrusted(text, "results");
            }
            List<Upload> uploads = new ArrayList<>();
            try {
                for (var f : ctx.uploadedFiles("file")) {
                    try (var in = f.content()) {
                        uploads.add(ingest.stage(Ingest.relativeName(f.filename()), in, false));
                    }
                }
            } catch (IOException | RuntimeException e) {
                ingest.discard(uploads);
                if (e instanceof Problem p) {
                    throw p;
                }
                throw new Problem(Problem.Type.BAD_REQUEST, "could not read the uploaded files: " + e.getMessage());
            }
            String lang = ctx.formParam("lang");
            ctx.json(trial(trialFiles.complete(Requests.context(ctx), Requests.id(ctx, "id", "campaign"), trialId(ctx),
                    given, uploads, ctx.formParam("template"), lang == null ? "en" : lang)));
            return;
        }
        JsonNode b = Requests.jsonBody(ctx);
        ctx.json(trial(campaigns.complete(Requests.context(ctx), Requests.id(ctx, "id", "campaign"), trialId(ctx),
                b.has("results") ? b.get("results") : b)));
    }

    private void fail(Context ctx) {
        ctx.json(trial(campaigns.fail(Requests.context(ctx), Requests.id(ctx, "id", "campaign"), trialId(ctx),
                reason(ctx))));
    }

    private void abandon(Context ctx) {
        ctx.json(trial(campaigns.abandon(Requests.context(ctx), Requests.id(ctx, "id", "campaign"), trialId(ctx),
                reason(ctx))));
    }

    private static String reason(Context ctx) {
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        String reason = f.optionalText("reason");
        f.done();
        return reason;
    }

    private static UUID trialId(Context ctx) {
        return Requests.id(ctx, "trial", "trial");
    }
}
