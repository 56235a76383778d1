package org.matdx.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matdx.catalog.Catalog;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.platform.Platform;
import org.matdx.web.Requests;

/** The web interface's pages. Handlers gather what the page shows and render a template. */
public final class UiRoutes {
    private final Platform platform;
    private final SearchPage search;
    private final ElementsPage elements;

    private final org.matdx.web.HeavyRequests heavy;

    private final List<SignInButton> linkable;

    /** {@code linkable}: the sign-in providers a signed-in person may link to their account (profile page). */
    public UiRoutes(Platform platform, org.matdx.web.HeavyRequests heavy, List<SignInButton> linkable) {
        this.heavy = heavy;
        this.linkable = List.copyOf(linkable);
        this.platform = platform;
        this.search = new SearchPage(platform);
        this.elements = new ElementsPage(platform);
    }

    public void register(RoutesConfig r) {
        r.get("/", search::show);
        r.get("/datasets", this::home);
        r.get("/elements", elements::show);
        r.get("/phase-diagram", heavy.limit(new PhaseDiagramPage(platform)::show));
        new CampaignPages(platform, heavy).register(r);
        r.get("/upload", new UploadPage(platform)::show);
        r.get("/models", ctx -> models(ctx, ""));
        r.get("/models/{id}", ctx -> models(ctx, uuid(ctx, "model").toString()));
        new DatasetForms(platform, linkable).register(r);
        r.get("/datasets/{id}", this::dataset);
        r.get("/datasets/{id}/lending", ctx -> render(ctx, "lending.jte",
                Map.of("view", platform.lending().view(Requests.caller(ctx), uuid(ctx, "dataset")))));
        r.get("/datasets/{id}/versions/{n}", new VersionPage(platform)::show);
        EntryPage entryPage = new EntryPage(platform);
        r.get("/entries/{id}", entryPage::show);
        r.post("/entries/{id}/phases", heavy.limit(entryPage::identify));
        r.get("/samples/{id}", new SamplePage(platform)::show);
        r.get("/lang/{code}", this::switchLanguage);
        new FederatedPage(platform).register(r);
        new CoordinationsPage(platform).register(r);
        new ProductPage(platform).register(r);
    }

    /** The language: the user's choice (cookie), else the browser's preference, else English. */
    public static String language(Context ctx) {
        String cookie = ctx.cookie("lang");
        if (cookie != null && Messages.LANGUAGES.contains(cookie)) {
            return cookie;
        }
        String accept = ctx.header("Accept-Language");
        if (accept != null && accept.length() <= 500) {
            List<Locale.LanguageRange> ranges;
            try {
                ranges = Locale.LanguageRange.parse(accept);
            } catch (IllegalArgumentException malformed) {
                return "en"; // a header no browser sends: the default language, not an error page
            }
            for (Locale.LanguageRange range : ranges) {
                String tag = range.getRange().toLowerCase(Locale.ROOT);
                if (tag.startsWith("ja")) {
                    return "ja";
                }
                if (tag.startsWith("en")) {
                    return "en";
                }
            }
        }
        return "en";
    }

    /** The request attribute under which the server's start-up status reaches the pages. */
    public static final String STARTUP = "matdx.startup";

    public static Page page(Context ctx) {
        String lang = language(ctx);
        String csrf = ctx.attribute("matdx.csrf");
        return new Page(lang, Messages.of(lang), Requests.caller(ctx), csrf == null ? "" : csrf, ctx.path(),
                ctx.queryString(), ctx.attribute(STARTUP));
    }

    public static void render(Context ctx, String template, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.putIfAbsent("page", page(ctx));
        ctx.html(Templates.render(template, all));
    }

    private void home(Context ctx) {
        var caller = Requests.caller(ctx);
        var datasets = platform.catalog().datasets(caller, ctx.queryParam("cursor"), 50);
        render(ctx, "home.jte", Map.of("datasets", datasets, "canCreate",
                caller instanceof org.matdx.core.Caller.Account a && a.scope().includes(org.matdx.core.Scope.WRITE)));
    }

    private void dataset(Context ctx) {
        UUID id = uuid(ctx, "dataset");
        var caller = Requests.caller(ctx);
        Catalog.DatasetView view = platform.catalog().dataset(caller, id, Requests.origin(ctx));
        var entries = platform.catalog().entries(caller, id, ctx.queryParam("cursor"), 100, Requests.origin(ctx));
        // the dataset's owners see who else works on it; only the owner changes that (Sharing checks both)
        var coworkers = view.visibility() == org.matdx.access.Visibility.OWNER
                ? platform.sharing().coworkers(caller, id) : List.<org.matdx.access.Sharing.Coworker>of();
        var policy = platform.policy();
        Map<String, Object> params = new HashMap<>(Map.of("view", view, "entries", entries, "coworkers", coworkers,
                "canManage", policy.canManage(caller, view.dataset()),
                "removal", page(ctx).signedIn() ? platform.removals().datasetChoices(caller, view.dataset())
                        : org.matdx.catalog.Removals.Choices.NONE));
        params.put("credits", platform.catalog().credits(caller, id));
        params.put("versions", platform.versions().list(caller, id));
        // actions only for those the policy lets act (nobody is shown a button that answers 403)
        params.put("canDescribe", policy.allows(caller, view.dataset(), org.matdx.access.AccessPolicy.Right.DESCRIBE));
        params.put("canPublish", policy.allows(caller, view.dataset(), org.matdx.access.AccessPolicy.Right.PUBLISH));
        params.put("canWrite", policy.allows(caller, view.dataset(), org.matdx.access.AccessPolicy.Right.WRITE));
        params.put("canExtendEmbargo", platform.sharing().embargoExtendable(caller, view.dataset()));
        render(ctx, "dataset.jte", params);
    }

    /** The models pages are drawn in the browser from the models API; the server gives the datasets to train on. */
    private void models(Context ctx, String modelId) {
        var caller = Requests.caller(ctx);
        List<Catalog.DatasetView> readable = page(ctx).signedIn()
                ? platform.catalog().datasets(caller, null, 200).items().stream()
                        .filter(v -> v.visibility().atLeast(org.matdx.access.Visibility.FULL)).toList()
                : List.of();
        render(ctx, "models.jte", Map.of("modelId", modelId, "datasets", readable));
    }

    private void switchLanguage(Context ctx) {
        String code = ctx.pathParam("code");
        if (!Messages.LANGUAGES.contains(code)) {
            throw Problem.notFound("language", code);
        }
        Cookie c = new Cookie("lang", code);
        c.setPath("/");
        c.setMaxAge(365 * 24 * 3600);
        c.setSameSite(SameSite.LAX);
        ctx.cookie(c);
        org.matdx.web.Redirects.to(ctx, ctx.queryParam("back"));
    }

    static UUID uuid(Context ctx, String what) {
        UUID id = Ids.parseOrNull(ctx.pathParam("id"));
        if (id == null) {
            throw Problem.notFound(what, ctx.pathParam("id"));
        }
        return id;
    }

    static List<String> languages() {
        return Messages.LANGUAGES;
    }
}
