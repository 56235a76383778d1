package org.matdx.web.ui;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.core.Problem;
import org.matdx.fair.Citations;
import org.matdx.fair.Versions;
import org.matdx.web.Requests;

/**
 * A published version's landing page: what it is (PID, DOI, authors, licence, date), how to cite
 * it, where its data is, and — for readers of its data — which entries were retracted since
 * publication, when, by whom and why. An imported copy says where it claims to come from.
 */
final class VersionPage {
    private final Versions versions;
    private final Gate gate;

    VersionPage(Versions versions, Gate gate) {
        this.versions = versions;
        this.gate = gate;
    }

    static int number(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("n").replaceFirst("^v", ""));
        } catch (NumberFormatException e) {
            throw Problem.notFound("version", ctx.pathParam("n"));
        }
    }

    void show(Context ctx) {
        show(ctx, 200, null, "");
    }

    /** The page; {@code doi} and {@code doiError} re-show a DOI the owner typed and why it was refused. */
    void show(Context ctx, int status, String doi, String doiError) {
        UUID id = Pages.uuid(ctx, "dataset");
        int n = number(ctx);
        var caller = Requests.caller(ctx);
        Versions.View view = versions.get(caller, id, n, Visibility.METADATA);
        String base = (ctx.header("X-Forwarded-Proto") != null ? ctx.header("X-Forwarded-Proto") : ctx.scheme()) + "://" + ctx.host();
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("full", view.visibility().atLeast(Visibility.FULL));
        params.put("retracted", versions.retractions(view));
        params.put("bibtex", Citations.bibtex(view.version(), base));
        params.put("ris", Citations.ris(view.version(), base));
        params.put("origin", view.version().metadata().path("origin"));
        // only those who may publish see the DOI form (a viewer never meets a control that answers 403)
        params.put("canPublish", gate.allows(caller, id, AccessPolicy.Right.PUBLISH));
        params.put("doi", doi == null ? (view.version().doi() == null ? "" : view.version().doi()) : doi);
        params.put("doiError", doiError);
        ctx.status(status);
        Pages.render(ctx, "version.jte", params);
    }
}
