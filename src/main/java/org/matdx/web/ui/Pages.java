package org.matdx.web.ui;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.web.Requests;

/**
 * What every page handler uses: the request's language and {@link Page}, rendering a template, the id
 * in the path. Its own class, not {@link UiRoutes}'s, so that the routes know the pages and the pages
 * do not know the routes.
 */
public final class Pages {
    private Pages() {}

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

    static UUID uuid(Context ctx, String what) {
        UUID id = Ids.parseOrNull(ctx.pathParam("id"));
        if (id == null) {
            throw Problem.notFound(what, ctx.pathParam("id"));
        }
        return id;
    }
}
