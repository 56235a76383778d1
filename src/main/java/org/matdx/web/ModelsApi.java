package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Page;
import org.matdx.core.Problem;
import org.matdx.informatics.Lending;
import org.matdx.informatics.ModelJson;
import org.matdx.informatics.ModelService;
import org.matdx.informatics.ModelView;
import org.matdx.informatics.PredictionResult;
import org.matdx.informatics.Query;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Trained models: train (a job), list, model cards and predictions (JSON single/batch or CSV upload). */
final class ModelsApi {
    private final ModelService models;
    private final Lending lending;

    private final HeavyRequests heavy;

    ModelsApi(ModelService models, Lending lending, HeavyRequests heavy) {
        this.heavy = heavy;
        this.models = models;
        this.lending = lending;
    }

    void register(RoutesConfig r) {
        r.post("/api/v1/models", this::train);
        r.get("/api/v1/models", this::list);
        r.get("/api/v1/models/{id}", this::card);
        r.post("/api/v1/models/{id}/predict", heavy.limit(this::predict));
        r.get("/api/v1/datasets/{id}/lending", ctx -> ctx.json(lending.view(Requests.caller(ctx),
                Requests.id(ctx, "id", "dataset"))));
        r.put("/api/v1/datasets/{id}/lending", this::setEpsilon);
        r.post("/api/v1/datasets/{id}/lending/withdraw", ctx -> ctx.json(lending.withdraw(Requests.context(ctx),
                Requests.id(ctx, "id", "dataset"))));
    }

    /** {@code {"epsilon": 2}}: the ε the dataset's rows get in every model trained from now on. */
    private void setEpsilon(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        Double epsilon = f.optionalNumber("epsilon", -Double.MAX_VALUE, Double.MAX_VALUE); // its range is the lending's to say
        if (epsilon == null) {
            f.problem("epsilon", "give a number, e.g. {\"epsilon\": 2}");
        }
        f.done();
        ctx.json(lending.setEpsilon(Requests.context(ctx), id, epsilon));
    }

    private void train(Context ctx) {
        UUID job = models.submit(Requests.context(ctx), Requests.jsonBody(ctx));
        ctx.status(202).header("Location", "/api/v1/jobs/" + job)
                .json(Json.object().put("job", job.toString()).put("status_url", "/api/v1/jobs/" + job));
    }

    private void list(Context ctx) {
        Page<ModelView> page = models.list(Requests.caller(ctx), ctx.queryParam("cursor"), Requests.intParam(ctx, "limit", 50));
        ObjectNode n = Json.object();
        ArrayNode items = n.putArray("items");
        page.items().forEach(v -> items.add(ModelJson.listItem(v)));
        n.put("next_cursor", page.nextCursor());
        ctx.json(n);
    }

    private void card(Context ctx) {
        var view = models.card(Requests.caller(ctx), Requests.id(ctx, "id", "model"));
        ctx.json(ModelJson.card(view).set("applicability_domain", models.domainOnCard(view)));
    }

    /**
     * {@code {"formula": "Fe2O3"}} answers one prediction; {@code {"formulas": [...]}} or an array
     * answers {@code {"predictions": [...]}}; a CSV (text/csv body or multipart part {@code file})
     * with a {@code formula} column likewise. The model is looked up first, so a hidden model is
     * 404 whatever the body.
     */
    private void predict(Context ctx) {
        UUID id = Requests.id(ctx, "id", "model");
        ModelView v = models.card(Requests.caller(ctx), id);
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        List<Query> cs;
        boolean single = false;
        if (type.startsWith("multipart/form-data")) {
            var file = ctx.uploadedFile("file");
            if (file == null) {
                throw Problem.invalid("file", "the multipart form needs a part named 'file'");
            }
            try (InputStream in = file.content()) {
                cs = ModelJson.csv(in, file.filename()).stream().map(Query::of).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (type.startsWith("text/csv")) {
            cs = ModelJson.csv(ctx.bodyInputStream(), "the CSV body").stream().map(Query::of).toList();
        } else {
            var body = Requests.jsonBody(ctx);
            single = body.isObject() && (body.has("formula") || body.has("structure"));
            cs = ModelJson.queries(body);
        }
        List<PredictionResult> results = models.predictQueries(Requests.context(ctx), id, cs);
        if (single) {
            ctx.json(ModelJson.prediction(results.get(0), v.model()).put("model", id.toString()));
            return;
        }
        ObjectNode n = Json.object().put("model", id.toString());
        ArrayNode items = n.putArray("predictions");
        results.forEach(r -> items.add(ModelJson.prediction(r, v.model())));
        ctx.json(n);
    }
}
