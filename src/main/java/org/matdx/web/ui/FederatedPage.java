package org.matdx.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.matdx.access.AccessPolicy;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.optimade.OptimadeException;
import org.matdx.optimade.OptimadeQuery;
import org.matdx.optimade.OptimadeService;
import org.matdx.optimade.client.FederatedSearch;
import org.matdx.optimade.client.Federation;
import org.matdx.optimade.client.Provider;
import org.matdx.optimade.client.ProviderStore;
import org.matdx.optimade.filter.FilterException;
import org.matdx.web.Requests;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OPTIMADE page: one filter run on this MatDX (as the caller sees it) and on the chosen
 * providers (as the public sees them), side by side, each provider with its status, its own
 * paging and an Import button per hit; and the administrators' page for the provider list.
 */
public final class FederatedPage {
    private final Federation federation;
    private final OptimadeService optimade;
    private final ProviderStore providers;
    private final Catalog catalog;
    private final AccessPolicy policy;

    FederatedPage(Federation federation, OptimadeService optimade, ProviderStore providers, Catalog catalog,
            AccessPolicy policy) {
        this.federation = federation;
        this.optimade = optimade;
        this.providers = providers;
        this.catalog = catalog;
        this.policy = policy;
    }

    void register(RoutesConfig r) {
        r.get("/federated", this::show);
        r.post("/federated/import", this::importHit);
        r.get("/admin/optimade-providers", this::providers);
        r.post("/admin/optimade-providers", this::saveProviders);
        r.post("/admin/optimade-providers/reset", this::resetProviders);
    }

    /** What the page shows; {@code search} and {@code local} are null before a search. */
    public record View(String filter, int pageLimit, List<Provider> providers, Set<String> chosen, FederatedSearch search,
                       List<ObjectNode> local, String localProblem, List<Catalog.DatasetView> writable, String after,
                       boolean asked, String problem) {
        public boolean chose(String id) {
            return chosen.contains(id);
        }

        /** The address of one database's next page. */
        public String next(String database, String cursor) {
            return "/federated?filter=" + enc(filter) + "&providers=" + enc(database) + "&page_limit=" + pageLimit + "&after="
                    + enc(cursor);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
        }
    }

    private void show(Context ctx) {
        Caller caller = Requests.caller(ctx);
        String filter = ctx.queryParam("filter") == null ? "" : ctx.queryParam("filter");
        Set<String> chosen = new LinkedHashSet<>();
        ctx.queryParams("providers").forEach(v -> chosen.addAll(List.of(v.split(","))));
        chosen.removeIf(String::isBlank);
        String pageLimit = ctx.queryParam("page_limit");
        String after = ctx.queryParam("after");
        FederatedSearch search = null;
        List<ObjectNode> local = List.of();
        String localProblem = null;
        boolean asked = ctx.queryParam("filter") != null;
        String problem = null;
        if (asked && !chosen.isEmpty() && caller instanceof Caller.Account) {
            try {
                search = federation.search(new Federation.Request(filter, String.join(",", chosen), pageLimit, after));
            } catch (Problem p) {
                problem = p.getMessage(); // explained next to the form, as the search page does, not as an error page
            }
        }
        int limit = search != null ? search.pageLimit() : 10;
        if (asked && after == null && problem == null) {
            try {
                local = optimade.list(Requests.context(ctx), "structures", OptimadeQuery.listing(Map.of("filter", List.of(filter),
                        "page_limit", List.of(Integer.toString(limit))))).data();
            } catch (FilterException | OptimadeException e) {
                localProblem = e.getMessage();
            }
        }
        List<Catalog.DatasetView> writable = caller instanceof Caller.Account
                ? catalog.datasets(caller, null, 200).items().stream()
                        .filter(v -> policy.canWrite(caller, v.dataset())).toList()
                : List.of();
        Pages.render(ctx, "federated.jte", Map.of("view", new View(filter, limit,
                providers.current().list().providers().stream().filter(p -> p.baseUrl() != null).toList(),
                chosen, search, local, localProblem, writable, after, asked, problem)));
    }

    private void importHit(Context ctx) {
        UUID dataset = Ids.parseOrNull(ctx.formParam("dataset"));
        if (dataset == null) {
            throw Problem.invalid("dataset", "choose a dataset you may add entries to");
        }
        federation.importStructure(Requests.context(ctx), dataset, ctx.formParam("database"), ctx.formParam("id"));
        ctx.redirect("/datasets/" + dataset);
    }

    private void providers(Context ctx) {
        var current = providers.current();
        Pages.render(ctx, "providers.jte", Map.of("document",
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(current.list().document()),
                "shipped", current.shipped(), "admin", policy.isAdministrator(Requests.caller(ctx))));
    }

    private void saveProviders(Context ctx) {
        String document = ctx.formParam("document");
        providers.replace(Requests.context(ctx), document == null ? "" : document);
        ctx.redirect("/admin/optimade-providers");
    }

    private void resetProviders(Context ctx) {
        providers.reset(Requests.context(ctx));
        ctx.redirect("/admin/optimade-providers");
    }
}
