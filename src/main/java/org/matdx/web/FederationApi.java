package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Problem;
import org.matdx.optimade.OptimadeImport;
import org.matdx.optimade.client.FederatedSearch;
import org.matdx.optimade.client.Federation;
import org.matdx.optimade.client.ProviderStore;
import tools.jackson.databind.node.ObjectNode;

/**
 * The federated OPTIMADE client over HTTP: the provider list (read by anyone, changed by
 * administrators), searches of the listed providers (signed-in callers: each search makes MatDX
 * send requests of its own), and imports of a hit into a dataset.
 */
final class FederationApi {
    static final String PROVIDERS = "/api/v1/optimade/providers";
    static final String FEDERATED = "/api/v1/optimade/federated";

    private final ProviderStore providers;
    private final Federation federation;

    FederationApi(ProviderStore providers, Federation federation) {
        this.providers = providers;
        this.federation = federation;
    }

    void register(RoutesConfig r) {
        r.get(PROVIDERS, this::list);
        r.put(PROVIDERS, this::replace);
        r.delete(PROVIDERS, this::reset);
        r.get(FEDERATED, this::search);
        r.post(FEDERATED + "/import", this::importHit);
    }

    private void list(Context ctx) {
        ProviderStore.Current c = providers.current();
        ObjectNode doc = c.list().document();
        ((ObjectNode) doc.get("meta")).put("_matdx_shipped", c.shipped());
        ctx.contentType("application/json").result(Json.write(doc));
    }

    private void replace(Context ctx) {
        var list = providers.replace(Requests.context(ctx), ctx.body());
        ctx.contentType("application/json").result(Json.write(list.document()));
    }

    private void reset(Context ctx) {
        var list = providers.reset(Requests.context(ctx));
        ctx.contentType("application/json").result(Json.write(list.document()));
    }

    private void search(Context ctx) {
        requireAccount(ctx);
        FederatedSearch s = federation.search(request(ctx));
        ctx.json(s.json((database, cursor) -> nextLink(s, database, cursor)));
    }

    /** The search's parameters as a request states them. */
    static Federation.Request request(Context ctx) {
        return new Federation.Request(ctx.queryParam("filter"), ctx.queryParam("providers"), ctx.queryParam("page_limit"),
                ctx.queryParam("after"));
    }

    static String nextLink(FederatedSearch s, String database, String cursor) {
        return FEDERATED + "?providers=" + enc(database) + "&page_limit=" + s.pageLimit() + "&filter=" + enc(s.filter())
                + "&after=" + enc(cursor);
    }

    private void importHit(Context ctx) {
        requireAccount(ctx);
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        UUID dataset = f.optionalId("dataset");
        if (dataset == null) {
            f.problem("dataset", "must be the id of a dataset you may add entries to");
        }
        String database = f.optionalText("database", 1000);
        String id = f.optionalText("id", 10_000);
        f.done();
        OptimadeImport.Result r = federation.importStructure(Requests.context(ctx), dataset, database, id);
        ctx.status(201).json(Json.object().put("dataset", dataset.toString()).put("structures", r.structures())
                .put("database", database).put("id", id));
    }

    static void requireAccount(Context ctx) {
        if (!(Requests.caller(ctx) instanceof Caller.Account)) {
            throw Problem.unauthorized("sign in (or send an API token) to search other OPTIMADE providers from MatDX: each "
                    + "search makes MatDX itself send requests");
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
