package org.matdx.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript: keeps cookies, never follows redirects, and shows every
 * Set-Cookie header so tests can check their attributes (HttpOnly, SameSite, Secure).
 */
public final class WebSession {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");
    private final String base;
    private final HttpClient http;
    public final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    public WebSession(String base) {
        this(base, HTTP);
    }

    private WebSession(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /**
     * A browser at another address: connects from {@code local} (any of 127.0.0.0/8 reaches a
     * server on 127.0.0.1 on Linux), so the server sees a different remote address.
     */
    public static WebSession at(String base, String local) {
        return new WebSession(base, ApiClient.clientFrom(local).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    public WebSession header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public ApiClient.Response get(String path) {
        return send(builder(path).GET());
    }

    public ApiClient.Response postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(builder(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public ApiClient.Response sendJson(String method, String path, String json, String csrf) {
        HttpRequest.Builder b = builder(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return send(b);
    }

    public ApiClient.Response sendRaw(String method, String path, String contentType, String body) {
        return send(builder(path).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Loads the sign-in page and submits it. */
    public ApiClient.Response login(String username, String password) {
        String token = csrfOf(get("/login").body());
        return postForm("/login", Map.of("username", username, "password", password, "_csrf", token, "next", "/datasets"));
    }

    public static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in the page: " + html);
        }
        return m.group(1);
    }

    /** The raw Set-Cookie header for a cookie, to check its attributes. */
    public static String setCookie(ApiClient.Response r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        extraHeaders.forEach(b::header);
        return b;
    }

    private ApiClient.Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            List<String> set = r.headers().allValues("Set-Cookie");
            for (String c : set) {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                boolean expired = c.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
                if (value.isEmpty() || expired) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return new ApiClient.Response(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
