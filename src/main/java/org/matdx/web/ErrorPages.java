package org.matdx.web;

import io.javalin.http.Context;
import java.util.Map;
import org.matdx.web.ui.Pages;
import org.matdx.web.ui.Templates;

/** Error pages for people in a browser: the status, a sentence, and a way back. */
final class ErrorPages {
    private ErrorPages() {
    }

    static void write(Context ctx, int status, String detail) {
        ctx.status(status);
        ctx.html(Templates.render("error.jte", Map.of("page", Pages.page(ctx), "status", status, "detail", detail == null ? "" : detail)));
    }
}
