package org.matdx.web.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.matdx.core.Caller;
import org.matdx.platform.Startup;

/**
 * What every page template knows about the request: language, labels, who is signed in, the
 * CSRF token for forms, and where we are.
 */
public record Page(String lang, Messages messages, Caller caller, String csrf, String path, String query,
        Startup.Status startup) {

    /** While the demo data still loads after start-up: a line saying how far it has come; otherwise null. */
    public String loadingNotice() {
        if (startup == null || !startup.loading()) {
            return null;
        }
        return startup.now() == null ? t("startup.loading_first", startup.of())
                : t("startup.loading", startup.done() + 1, startup.of(), startup.now());
    }

    public String t(String key, Object... args) {
        return messages.t(key, args);
    }

    public boolean signedIn() {
        return caller instanceof Caller.Account;
    }

    public String username() {
        return caller instanceof Caller.Account a ? a.user().displayName() : "";
    }

    /** The link that switches language and comes back to this page. */
    public String langUrl(String code) {
        return "/lang/" + code + "?back=" + URLEncoder.encode(here(), StandardCharsets.UTF_8);
    }

    /**
     * The sign-in link that comes back to this page, query included (a search, an upload form);
     * the login route sends only same-site paths on ({@code Redirects.sameSite}).
     */
    public String loginUrl() {
        return "/login?next=" + URLEncoder.encode(here(), StandardCharsets.UTF_8);
    }

    private String here() {
        return path + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    public boolean isLang(String code) {
        return lang.equals(code);
    }

    public boolean at(String prefix) {
        return prefix.equals("/") ? path.equals("/") : path.startsWith(prefix);
    }
}
