package org.matdx.web.ui;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Sharing;
import org.matdx.access.Visibility;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.Removals;
import org.matdx.core.Caller;
import org.matdx.core.Scope;
import org.matdx.fair.Versions;
import org.matdx.informatics.Lending;
import org.matdx.web.Requests;

/** The list of datasets, a dataset's page and its lending page, and the datasets the models pages train on. */
final class DatasetPages {
    private final Catalog catalog;
    private final AccessPolicy policy;
    private final Sharing sharing;
    private final Removals removals;
    private final Versions versions;
    private final Lending lending;

    DatasetPages(Catalog catalog, AccessPolicy policy, Sharing sharing, Removals removals, Versions versions,
            Lending lending) {
        this.catalog = catalog;
        this.policy = policy;
        this.sharing = sharing;
        this.removals = removals;
        this.versions = versions;
        this.lending = lending;
    }

    void home(Context ctx) {
        var caller = Requests.caller(ctx);
        var datasets = catalog.datasets(caller, ctx.queryParam("cursor"), 50);
        Pages.render(ctx, "home.jte", Map.of("datasets", datasets, "canCreate",
                caller instanceof Caller.Account a && a.scope().includes(Scope.WRITE)));
    }

    void dataset(Context ctx) {
        UUID id = Pages.uuid(ctx, "dataset");
        var caller = Requests.caller(ctx);
        Catalog.DatasetView view = catalog.dataset(Requests.context(ctx), id);
        var entries = catalog.entries(Requests.context(ctx), id, ctx.queryParam("cursor"), 100);
        // the dataset's owners see who else works on it; only the owner changes that (Sharing checks both)
        var coworkers = view.visibility() == Visibility.OWNER
                ? sharing.coworkers(caller, id) : List.<Sharing.Coworker>of();
        Map<String, Object> params = new HashMap<>(Map.of("view", view, "entries", entries, "coworkers", coworkers,
                "canManage", policy.canManage(caller, view.dataset()),
                "removal", Pages.page(ctx).signedIn() ? removals.datasetChoices(caller, view.dataset())
                        : Removals.Choices.NONE));
        params.put("credits", catalog.credits(caller, id));
        params.put("versions", versions.list(caller, id));
        // actions only for those the policy lets act (nobody is shown a button that answers 403)
        params.put("canDescribe", policy.allows(caller, view.dataset(), AccessPolicy.Right.DESCRIBE));
        params.put("canPublish", policy.allows(caller, view.dataset(), AccessPolicy.Right.PUBLISH));
        params.put("canWrite", policy.allows(caller, view.dataset(), AccessPolicy.Right.WRITE));
        params.put("canExtendEmbargo", sharing.embargoExtendable(caller, view.dataset()));
        Pages.render(ctx, "dataset.jte", params);
    }

    /** The models pages are drawn in the browser from the models API; the server gives the datasets to train on. */
    void models(Context ctx, String modelId) {
        var caller = Requests.caller(ctx);
        List<Catalog.DatasetView> readable = Pages.page(ctx).signedIn()
                ? catalog.datasets(caller, null, 200).items().stream()
                        .filter(v -> v.visibility().atLeast(Visibility.FULL)).toList()
                : List.of();
        Pages.render(ctx, "models.jte", Map.of("modelId", modelId, "datasets", readable));
    }

    void lending(Context ctx) {
        Pages.render(ctx, "lending.jte", Map.of("view", lending.view(Requests.caller(ctx), Pages.uuid(ctx, "dataset"))));
    }
}
