package org.matdx.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.List;
import org.matdx.catalog.Catalog;
import org.matdx.core.Problem;
import org.matdx.platform.Platform;
import org.matdx.web.HeavyRequests;
import org.matdx.web.Redirects;

/** The web interface's pages. Handlers gather what the page shows and render a template. */
public final class UiRoutes {
    private final Platform platform;
    private final HeavyRequests heavy;
    private final List<SignInButton> linkable;

    /**
     * The pages, each built here with the capabilities it uses (this constructor and {@link #register}
     * are the only places in the interface that see the whole platform). {@code linkable}: the sign-in
     * providers a signed-in person may link to their account (profile page).
     */
    public UiRoutes(Platform platform, HeavyRequests heavy, List<SignInButton> linkable) {
        this.heavy = heavy;
        this.linkable = List.copyOf(linkable);
        this.platform = platform;
    }

    public void register(RoutesConfig r) {
        Platform p = platform;
        var catalog = p.catalog();
        var gate = catalog.gate();
        var versions = p.versions();
        var datasets = new DatasetPages(catalog, p.policy(), p.sharing(), p.removals(), versions, p.lending());
        r.get("/", new SearchPage(p.search())::show);
        r.get("/datasets", datasets::home);
        r.get("/elements", new ElementsPage(p.resourceScorer().data())::show);
        r.get("/phase-diagram", heavy.limit(new PhaseDiagramPage(p.phaseDiagrams())::show));
        new CampaignPages(p.campaigns(), heavy).register(r);
        r.get("/upload", new UploadPage(catalog, p.policy(), p.ingest().templates())::show);
        r.get("/models", ctx -> datasets.models(ctx, ""));
        r.get("/models/{id}", ctx -> datasets.models(ctx, Pages.uuid(ctx, "model").toString()));
        new DatasetForms(catalog, gate, p.sharing(), p.users(), p.externalSignIn().identities(), p.accounts(), versions,
                linkable).register(r);
        r.get("/datasets/{id}", datasets::dataset);
        r.get("/datasets/{id}/lending", datasets::lending);
        r.get("/datasets/{id}/versions/{n}", new VersionPage(versions, gate)::show);
        EntryPage entryPage = new EntryPage(catalog, gate, p.policy(), p.ingest().templates(), p.ingest().samples(),
                p.resourceScorer(), p.auditTrail(), p.removals(), p.diffraction());
        r.get("/entries/{id}", entryPage::show);
        r.post("/entries/{id}/phases", heavy.limit(entryPage::identify));
        r.get("/samples/{id}", new SamplePage(p.ingest().samples())::show);
        r.get("/lang/{code}", this::switchLanguage);
        new FederatedPage(p.federation(), p.optimade(), p.optimadeProviders(), catalog, p.policy()).register(r);
        new CoordinationsPage(p.coordinations()).register(r);
        new ProductPage(p.products()).register(r);
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
        Redirects.to(ctx, ctx.queryParam("back"));
    }

    static List<String> languages() {
        return Messages.LANGUAGES;
    }
}
