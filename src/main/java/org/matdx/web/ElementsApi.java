package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.FormulaException;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Problem;
import org.matdx.elementstrategy.ElementResources;
import org.matdx.elementstrategy.PeriodicTableView;
import org.matdx.elementstrategy.ResourceJson;
import org.matdx.elementstrategy.ResourceScorer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.matdx.elementstrategy.ScreenService;

/**
 * Element strategy over HTTP: element records with sources, composition scores, and the periodic
 * table of any element quantity. Public reference data: no access check is needed (nothing here
 * reads datasets).
 */
final class ElementsApi {
    static final int MAX_BATCH = 1000;

    private final ResourceScorer scorer;
    private final ElementResources data;
    private final PeriodicTableView table;
    private final ScreenService screens;

    private final HeavyRequests heavy;

    ElementsApi(ResourceScorer scorer, ScreenService screens, HeavyRequests heavy) {
        this.heavy = heavy;
        this.screens = screens;
        this.scorer = scorer;
        this.data = scorer.data();
        this.table = new PeriodicTableView(data);
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/elements", this::all);
        r.get("/api/v1/elements/{symbol}", this::element);
        r.get("/api/v1/periodic-table", this::quantities);
        r.get("/api/v1/periodic-table/{property}", this::periodicTable);
        r.get("/api/v1/resources/scores", this::scoreOne);
        r.post("/api/v1/resources/scores", this::scoreMany);
        r.get("/api/v1/resources/sources", ctx -> ctx.json(ResourceJson.sources(data)));
        r.post("/api/v1/resources/screens", heavy.limit(this::screen));
    }

    private void all(Context ctx) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        data.all().forEach(rec -> {
            ObjectNode n = ResourceJson.element(rec, data);
            n.remove("sources");
            items.add(n);
        });
        ctx.json(Json.object().put("data_version", data.version()).<ObjectNode>set("items", items)
                .set("sources", ResourceJson.sources(data)));
    }

    private void element(Context ctx) {
        String symbol = ctx.pathParam("symbol");
        Element e = Elements.bySymbol(symbol).orElseThrow(() -> Problem.notFound("element", symbol));
        ctx.json(ResourceJson.element(data.record(e), data).put("data_version", data.version()));
    }

    private void quantities(Context ctx) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        table.quantities().forEach(q -> items.addObject().put("property", q.code()).put("label", q.label())
                .put("unit", q.unit()).put("kind", q.kind()).put("url", "/api/v1/periodic-table/" + q.code()));
        ctx.json(Json.object().set("items", items));
    }

    private void periodicTable(Context ctx) {
        String p = ctx.pathParam("property");
        ctx.json(table.view(p).orElseThrow(() -> Problem.notFound("periodic-table property", p)));
    }

    private void scoreOne(Context ctx) {
        String formula = ctx.queryParam("formula");
        if (formula == null || formula.isBlank()) {
            throw Problem.invalid("formula", "give a formula, e.g. ?formula=LiCoO2");
        }
        ctx.json(ResourceJson.scores(scorer.score(parse(formula, "formula")), data));
    }

    /** {"formulas": ["Li2O", "LiCoO2"]} → {"items": [...]}; one bad formula rejects the request, naming it. */
    private void scoreMany(Context ctx) {
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        List<Composition> comps = f.compositions("formulas", MAX_BATCH);
        if (comps.isEmpty() && f.ok()) {
            f.problem("formulas", "must be a non-empty array of formulas");
        }
        f.done();
        ArrayNode items = Json.MAPPER.createArrayNode();
        comps.forEach(c -> items.add(ResourceJson.scores(scorer.score(c), data)));
        ctx.json(Json.object().set("items", items));
    }

    /** Small screens answer 200 with the front; large ones (or ?async=true) 202 with the job to poll. */
    private void screen(Context ctx) {
        var submitted = screens.submit(Requests.context(ctx), Requests.jsonBody(ctx), Requests.boolParam(ctx, "async"));
        switch (submitted) {
            case ScreenService.Done d -> ctx.json(d.result());
            case ScreenService.Queued q -> {
                ctx.status(202).header("Location", "/api/v1/jobs/" + q.job());
                ctx.json(Json.object().put("job", q.job().toString()).put("candidates", q.candidates())
                        .put("status_url", "/api/v1/jobs/" + q.job()));
            }
        }
    }

    static Composition parse(String formula, String field) {
        try {
            return Composition.parse(formula);
        } catch (FormulaException e) {
            throw Problem.invalid(field, e.getMessage());
        }
    }
}
