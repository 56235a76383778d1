package org.matdx.web.ui;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.matdx.access.Visibility;
import org.matdx.core.Problem;
import org.matdx.fair.Citations;
import org.matdx.fair.Versions;
import org.matdx.platform.Platform;
import org.matdx.web.Requests;

/**
 * A published version's landing page: what it is (PID, DOI, authors, licence, date), how to cite
 * it, where its data is, and — for readers of its data — which entries were retracted since
 * publication, when, by whom and why. An imported copy says where it claims to come from.
 */
final class VersionPage {
    private final Platform platform;

    VersionPage(Platform platform) {
        this.platform = platform;
    }

    void show(Context ctx) {
        UUID id = UiRoutes.uuid(ctx, "dataset");
        int n;
        try {
            n = Integer.parseInt(ctx.pathParam("n").replaceFirst("^v", ""));
        } catch (NumberFormatException e) {
            throw Problem.notFound("version", ctx.pathParam("n"));
        }
        var caller = Requests.caller(ctx);
        Versions.View view = platform.versions().get(caller, id, n, Visibility.METADATA);
        String base = (ctx.header("X-Forwarded-Proto") != null ? ctx.header("X-Forwarded-Proto") : ctx.scheme()) + "://" + ctx.host();
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("full", view.visibility().atLeast(Visibility.FULL));
        params.put("retracted", platform.versions().retractions(view));
        params.put("bibtex", Citations.bibtex(view.version(), base));
        params.put("origin", view.version().metadata().path("origin"));
        UiRoutes.render(ctx, "version.jte", params);
    }
}
