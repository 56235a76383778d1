package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.Multipart;
import org.matdx.testing.RawHttp;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.WebSession;

/**
 * Walks every route Javalin has registered and sends each what a careless or hostile client
 * would: malformed and badly percent-encoded query strings, invalid UTF-8, huge headers and URLs,
 * wrong content types, broken multipart, bad cookies and CSRF tokens, HEAD and OPTIONS, methods
 * nobody registered. Whatever the request, the answer is never a 5xx, never shows a stack trace,
 * always carries the security headers, and a method a path does not take answers 405 with Allow.
 */
class HostileRequestsTest {
    static final String PASSWORD = "correct horse battery";
    /** What a stack trace or an internal class name looks like in a body. */
    static final Pattern TRACE = Pattern.compile("\\tat [a-z]|\\bat (org|java|jdk|io|sun|kotlin)\\.[a-zA-Z.$]+\\(|Caused by:|"
            + "(java|jakarta|org\\.eclipse\\.jetty|io\\.javalin|tools\\.jackson|org\\.postgresql|org\\.jdbi)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)");
    static final Set<String> KNOWN_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    static TestPlatform tp;
    static RawHttp http;
    static RawHttp badTokens;
    static String token;
    static String sessionCookie;
    static String csrf;
    static Map<String, List<String>> values = new LinkedHashMap<>();
    static List<String> failures = new ArrayList<>();
    static int sent;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        var person = tp.person("walker");
        token = person.token();
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, "wanda", "Wanda", null, null, PASSWORD, false);
        WebSession browser = new WebSession(tp.baseUrl());
        assertThat(browser.login("wanda", PASSWORD).status()).isEqualTo(303);
        sessionCookie = browser.cookies.get(SessionAuth.SESSION_COOKIE);
        csrf = WebSession.csrfOf(browser.get("/datasets").body());
        var api = person.api();
        String open = api.post("/api/v1/datasets", "{\"title\": \"walked\", \"access\": \"public\"}").json().get("id").asString();
        String closed = api.post("/api/v1/datasets", "{\"title\": \"closed\", \"access\": \"private\"}").json().get("id").asString();
        String entry = api.post("/api/v1/datasets/" + open + "/entries",
                "{\"formula\": \"Fe2O3\", \"properties\": {\"band_gap\": {\"value\": 2.1, \"unit\": \"eV\"}}}").json().get("id").asString();
        Multipart m = new Multipart().file("file", "scan.xy", "10 120\n10.02 131\n");
        String fileEntry = api.send(api.request("/api/v1/datasets/" + open + "/files").header("Content-Type", m.contentType())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(m.bytes()))).json().get("id").asString();
        api.post("/api/v1/datasets/" + open + "/versions", "{}");
        var campaign = api.post("/api/v1/datasets/" + closed + "/campaigns", """
                {"name": "walk", "parameters": [{"name": "x", "low": 0, "high": 1}], "objective": {"name": "y"},
                 "batch": 1, "initial": 1, "stop": {"budget": 3}}""");
        String campaignId = campaign.status() == 201 ? campaign.json().get("id").asString() : UUID.randomUUID().toString();
        String random = UUID.randomUUID().toString();
        String longText = "x".repeat(3000);
        values.put("id", List.of(open, closed, entry, fileEntry, campaignId, random, "not-an-id", "%00", "%ZZ", "%C0%AF", longText));
        values.put("n", List.of("1", "0", "-1", "99999999999999999999", "1e3", "x"));
        values.put("name", List.of("scan.xy", "..%2F..%2Fetc%2Fpasswd", "%00", "%ZZ", longText));
        values.put("symbol", List.of("Fe", "Xx", "%00", "fe"));
        values.put("property", List.of("density", "band_gap", "x", "%ZZ"));
        values.put("code", List.of("en", "ja", "xx", "%00"));
        values.put("trial", List.of("1", "0", "-5", "x", random));
        values.put("user", List.of("wanda", "nobody", "%00", longText));
        values.put("action", List.of("approve", "fail", "abandon", "explode"));
        values.put("path", List.of("v1/info", "v1/structures", "v1/structures/" + entry, "v1/references", "v1/links",
                "v1/info/structures", "v1/versions", "v2/info", "v1/%00", "v1/structures/%ZZ", "..%2F..%2Fetc"));
        http = new RawHttp("127.0.0.1", tp.server().port(), null);
        // bad tokens come from an address of their own: the throttle holds that address back, not the others
        badTokens = new RawHttp("127.0.0.1", tp.server().port(), "127.0.0.99");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** Every registered route with every kind of path parameter it takes. */
    static List<String[]> targets() {
        List<String[]> out = new ArrayList<>();
        for (Route r : tp.server().routes()) {
            for (String path : expand(r.path())) {
                out.add(new String[] {r.method(), path, r.path()});
            }
        }
        return out;
    }

    static List<String> expand(String pattern) {
        Matcher m = Pattern.compile("\\{([a-z]+)}|<([a-z]+)>").matcher(pattern);
        if (!m.find()) {
            return List.of(pattern);
        }
        List<String> out = new ArrayList<>();
        for (String v : values.getOrDefault(m.group(1) != null ? m.group(1) : m.group(2), List.of("x", "%00"))) {
            for (String rest : expand(pattern.substring(m.end()))) {
                out.add(pattern.substring(0, m.start()) + v + rest);
            }
        }
        // keep the walk bounded: patterns with several parameters take the first few combinations
        return out.size() > 40 ? out.subList(0, 40) : out;
    }

    static Map<String, String> bearer() {
        return Map.of("Authorization", "Bearer " + token);
    }

    static Map<String, String> session(String csrfToken) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cookie", SessionAuth.SESSION_COOKIE + "=" + sessionCookie);
        if (csrfToken != null) {
            h.put("X-CSRF-Token", csrfToken);
        }
        return h;
    }

    static Map<String, String> with(Map<String, String> a, String k, String v) {
        Map<String, String> h = new LinkedHashMap<>(a);
        h.put(k, v);
        return h;
    }

    static void check(String what, RawHttp.Answer a) {
        sent++;
        String where = what + " -> " + a.status();
        if (a.status() == 0) {
            failures.add(where + ": no HTTP answer at all (" + abbreviate(a.body()) + ")");
            return;
        }
        // 505 is HTTP's own answer to a version it does not speak (HTTP/0.9), 553 OPTIMADE's to an API
        // version it does not serve (OPTIMADE 1.2, "Unsupported versions"): answers, not failures
        if (a.status() >= 500 && a.status() != 505 && !(a.status() == 553 && what.contains("/optimade/"))) {
            failures.add(where + ": " + abbreviate(a.body()));
        }
        if (TRACE.matcher(a.body()).find()) {
            failures.add(where + ": stack trace or internal class in the body: " + abbreviate(a.body()));
        }
        if (!"nosniff".equals(a.header("X-Content-Type-Options")) || a.header("Content-Security-Policy") == null
                || !a.header("Content-Security-Policy").contains("frame-ancestors 'none'")
                || a.header("Referrer-Policy") == null || a.header("X-Frame-Options") == null) {
            failures.add(where + ": security headers missing: " + a.headers().keySet());
        }
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    @org.junit.jupiter.api.BeforeEach
    void reset() {
        failures.clear();
        sent = 0;
    }

    static void report() {
        Set<String> distinct = new LinkedHashSet<>(failures);
        // the kinds of failure first, then the first few of each, so one missing header does not hide a 500
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (String f : distinct) {
            String kind = f.replaceAll(".* -> ", "").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "ID").replaceAll(": .*", "");
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(f);
        }
        StringBuilder text = new StringBuilder();
        byKind.forEach((k, l) -> {
            text.append(l.size()).append(" × ").append(k).append('\n');
            l.stream().limit(6).forEach(f -> text.append("    ").append(f).append('\n'));
        });
        if (distinct.isEmpty()) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "hostile-requests.txt"), text + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(distinct.size()).as("%d of %d hostile requests went wrong (all in target/hostile-requests.txt):%n%s",
                distinct.size(), sent, text).isZero();
    }

    @Test
    void everyRouteWithEveryParameterAndCaller() {
        for (String[] t : targets()) {
            String method = t[0];
            String path = t[1];
            byte[] body = method.equals("GET") || method.equals("HEAD") ? null : "{}".getBytes(StandardCharsets.UTF_8);
            Map<String, String> json = body == null ? Map.of() : Map.of("Content-Type", "application/json");
            check("anonymous " + method + " " + path, http.request(method, path, json, body));
            check("bearer " + method + " " + path, http.request(method, path, with(json, "Authorization", "Bearer " + token), body));
            if (!path.equals("/logout")) {
                Map<String, String> s = new LinkedHashMap<>(session(csrf));
                s.putAll(json);
                check("session " + method + " " + path, http.request(method, path, s, body));
            }
        }
        report();
    }

    @Test
    void malformedQueryStringsAndPercentEncoding() {
        List<String> queries = List.of("?%", "?%ZZ=1", "?limit=%ZZ&cursor=%00%FF", "?&&=&==&%=%", "?limit=1e99&cursor=..%2F",
                "?q=%C0%AF&elements=%E0%80%80", "?limit=-1&offset=-99999999999999999999", "?" + "a=1&".repeat(5000),
                "?cursor=" + "A".repeat(5000), "?lang=%00&format=%ZZ", "?next=%0d%0aSet-Cookie:%20x=1",
                "?filter=%22%22%22&response_fields=%00", "?sort=-%00&page_limit=NaN");
        for (String[] t : targets()) {
            if (!t[0].equals("GET")) {
                continue;
            }
            for (String q : queries) {
                check("GET " + t[1] + q, http.request("GET", t[1] + q, bearer(), null));
            }
        }
        report();
    }

    @Test
    void invalidUtf8AndControlBytesInThePath() {
        // characters up to U+00FF stand for the byte of the same value: raw, not percent-encoded, on the wire
        List<String> targets = List.of("/\u00c0\u00af", "/api/v1/datasets/\u00ff\u00fe", "/entries/\u00e3\u0081",
                "/api/v1/search?q=\u00e9", "/api/v1/datasets/%C0%AF", "/api/v1/entries/%00",
                "/optimade/v1/structures?filter=elements%20HAS%20%22%FF%22", "/%2e%2e/%2e%2e/etc/passwd",
                "/static/..%2f..%2fpom.xml", "/webjars/%2e%2e/%2e%2e/", "/lang/en?back=%FF%FE", "//evil.example/x",
                "/api/v1/datasets;jsessionid=x", "/api/v1/datasets?%", "*", "http://evil.example/");
        for (String target : targets) {
            check("GET " + target, http.request("GET", target, Map.of(), null));
        }
        report();
    }

    @Test
    void hugeHeadersUrlsAndBrokenFraming() {
        check("64 KiB header", http.request("GET", "/api/v1/datasets", Map.of("X-Big", "x".repeat(65_536)), null));
        check("2000 headers", http.request("GET", "/datasets", manyHeaders(2000), null));
        check("100 KiB URL", http.request("GET", "/api/v1/search?q=" + "a".repeat(100_000), Map.of(), null));
        check("100 KiB path", http.request("GET", "/" + "a/".repeat(50_000), Map.of(), null));
        check("bad chunk", http.send(http.head("POST", "/api/v1/datasets".getBytes(StandardCharsets.US_ASCII),
                with(bearer(), "Transfer-Encoding", "chunked"), null), "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        check("negative length", http.request("POST", "/api/v1/datasets", with(bearer(), "Content-Length", "-1"), null));
        check("no host", http.send("GET /api/v1/health HTTP/1.1\r\nConnection: close".getBytes(StandardCharsets.US_ASCII), null));
        check("two hosts", http.send("GET /datasets HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close".getBytes(StandardCharsets.US_ASCII), null));
        check("bad host", http.request("GET", "/datasets", Map.of("Host", "[::1"), null));
        check("HTTP/0.9", http.send("GET /".getBytes(StandardCharsets.US_ASCII), null));
        check("HTTP/2.0 text", http.send("GET / HTTP/2.0\r\nHost: x".getBytes(StandardCharsets.US_ASCII), null));
        report();
    }

    static Map<String, String> manyHeaders(int n) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            h.put("X-H" + i, "v");
        }
        return h;
    }

    @Test
    void oddHeadersOnEveryPageAndApi() {
        List<Map<String, String>> variants = List.of(
                Map.of("Accept-Language", ";;;q=xyz,*-*-*-*, en;q=2, ja;q=-1"),
                Map.of("Accept-Language", "x".repeat(5000)),
                Map.of("Accept", "*/*;q=nonsense, text/html;;;"),
                Map.of("Cookie", "matdx_session=%ZZ; lang=../../x; matdx_session=; =; ;;"),
                Map.of("Cookie", SessionAuth.SESSION_COOKIE + "=" + "A".repeat(6000)),
                Map.of("Cookie", "lang=\u00ff\u00fe"),
                Map.of("Authorization", "Bearer"),
                Map.of("Authorization", "Bearer \t "),
                Map.of("Authorization", "Basic Og=="),
                Map.of("Authorization", "Bearer mdx_" + "A".repeat(8000)),
                Map.of("Authorization", "bEaReR mdx_x", "X-Forwarded-Proto", "gopher"),
                Map.of("Range", "bytes=abc-def"),
                Map.of("If-None-Match", "\"" + "x".repeat(3000), "If-Modified-Since", "yesterday"),
                Map.of("Origin", "null", "Referer", "::::"),
                Map.of("Content-Type", "application/json; charset=klingon"));
        for (String[] t : targets()) {
            if (!t[0].equals("GET") || !t[1].equals(expand(t[2]).get(0))) {
                continue;
            }
            for (Map<String, String> h : variants) {
                RawHttp client = h.getOrDefault("Authorization", "").isEmpty() ? http : badTokens;
                check("GET " + t[1] + " with " + h.keySet(), client.request("GET", t[1], h, null));
            }
        }
        report();
    }

    @Test
    void wrongBodiesAndContentTypesOnEveryWrite() {
        Multipart good = new Multipart().field("_csrf", csrf).file("file", "scan.xy", "10 120\n");
        List<Object[]> bodies = List.of(
                new Object[] {"text/xml", "<dataset><title>x</title></dataset>"},
                new Object[] {"text/plain; charset=utf-8", "\u0000\u0001 not json"},
                new Object[] {"application/octet-stream", "\u00ff\u00fe\u00fd"},
                new Object[] {"application/x-www-form-urlencoded", "a=%ZZ&b=%E0%80&_csrf=%&=&&"},
                new Object[] {"multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--x--\r\n"},
                new Object[] {"multipart/form-data; boundary=x", "garbage without any boundary"},
                new Object[] {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xy\"\r\n\r\n1 2\r\n"},
                new Object[] {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\u0000/../a\"\r\n"
                        + "Content-Type: text/plain\r\n\r\n1 2\r\n--x--\r\n"},
                new Object[] {"multipart/form-data; boundary=" + "b".repeat(200), "--x--"},
                new Object[] {good.contentType(), new String(good.bytes(), StandardCharsets.ISO_8859_1)},
                new Object[] {"application/json", "{\"title\": \"x\", \"access\": \"public\", \"extra\": [1, {\"a\": null}]}"},
                new Object[] {"application/json", "[]"},
                new Object[] {"application/json", "\"just a string\""},
                new Object[] {null, "{}"});
        for (String[] t : targets()) {
            if (t[0].equals("GET") || !t[1].equals(expand(t[2]).get(0))) {
                continue;
            }
            for (Object[] b : bodies) {
                byte[] body = ((String) b[1]).getBytes(StandardCharsets.ISO_8859_1);
                Map<String, String> ct = new LinkedHashMap<>();
                ct.put("Content-Type", (String) b[0]);
                check("bearer " + t[0] + " " + t[1] + " as " + b[0], http.request(t[0], t[1], with(ct, "Authorization", "Bearer " + token), body));
                check("anonymous " + t[0] + " " + t[1] + " as " + b[0], http.request(t[0], t[1], ct, body));
                if (!t[1].equals("/logout")) {
                    Map<String, String> s = new LinkedHashMap<>(session(csrf));
                    s.putAll(ct);
                    check("session " + t[0] + " " + t[1] + " as " + b[0], http.request(t[0], t[1], s, body));
                }
            }
        }
        report();
    }

    @Test
    void badCsrfTokensAndOrigins() {
        for (String[] t : targets()) {
            if (t[0].equals("GET") || !t[1].equals(expand(t[2]).get(0))) {
                continue;
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            Map<String, String> json = Map.of("Content-Type", "application/json");
            for (Map<String, String> h : List.of(session(null), session("forged"), session("\u00ff"),
                    with(session(csrf), "Origin", "null"), with(session(csrf), "Origin", "http://[::1"),
                    with(session(csrf), "Origin", "https://evil.example"))) {
                Map<String, String> all = new LinkedHashMap<>(h);
                all.putAll(json);
                RawHttp.Answer a = http.request(t[0], t[1], all, body);
                check("session " + t[0] + " " + t[1] + " " + h, a);
                if (a.status() != 403 && a.status() != 404 && a.status() != 405 && a.status() != 401) {
                    failures.add(t[0] + " " + t[1] + " with " + h + " was not refused: " + a.status());
                }
            }
        }
        report();
    }

    @Test
    void headAndOptionsOnEveryRouteAndUnknownMethodsAnswer405WithAllow() {
        Map<String, Set<String>> methodsByPattern = new LinkedHashMap<>();
        for (Route r : tp.server().routes()) {
            methodsByPattern.computeIfAbsent(r.path(), k -> new LinkedHashSet<>()).add(r.method());
        }
        for (var e : methodsByPattern.entrySet()) {
            String path = expand(e.getKey()).get(0);
            for (String method : List.of("HEAD", "OPTIONS")) {
                RawHttp.Answer a = http.request(method, path, bearer(), null);
                check(method + " " + path, a);
                if (method.equals("OPTIONS")) {
                    if (a.status() != 204 || a.header("Allow") == null) {
                        failures.add("OPTIONS " + path + " -> " + a.status() + " (expected 204 with Allow), Allow: " + a.header("Allow"));
                    } else {
                        assertAllowNames(path, a.header("Allow"), e.getValue());
                    }
                }
                if (method.equals("HEAD")) {
                    if (!a.body().isEmpty()) {
                        failures.add("HEAD " + path + " has a body of " + a.body().length() + " characters");
                    }
                    // HEAD answers as GET does (RFC 9110 §9.3.2), a 404 or 401 included
                    int get = http.request("GET", path, bearer(), null).status();
                    if (e.getValue().contains("GET") && a.status() != get) {
                        failures.add("HEAD " + path + " -> " + a.status() + " but GET -> " + get);
                    }
                    for (String other : List.of(path + "/../x", path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", UUID.randomUUID().toString()))) {
                        int h = http.request("HEAD", other, Map.of(), null).status();
                        int g = http.request("GET", other, Map.of(), null).status();
                        if (h != g) {
                            failures.add("anonymous HEAD " + other + " -> " + h + " but GET -> " + g);
                        }
                    }
                }
            }
            for (String method : List.of("PUT", "PATCH", "DELETE", "POST", "GET", "PROPFIND", "TRACE", "FOO", "CONNECT")) {
                if (e.getValue().contains(method) || (method.equals("GET") && e.getValue().contains("GET"))) {
                    continue;
                }
                RawHttp.Answer a = http.request(method, path, bearer(), method.equals("GET") ? null : new byte[0]);
                check(method + " " + path, a);
                if (method.equals("CONNECT")) {
                    continue; // a CONNECT names a host, not a path: Jetty refuses the request line itself (400)
                }
                if (a.status() != 405 || a.header("Allow") == null) {
                    failures.add(method + " " + path + " -> " + a.status() + " (expected 405 with Allow), Allow: " + a.header("Allow"));
                } else {
                    assertAllowNames(path, a.header("Allow"), e.getValue());
                }
            }
        }
        report();
    }

    @Test
    void answersWithCredentialsAreNeverKeptAndPublicOnesAreRevalidated() {
        String entryPath = "/api/v1/entries/" + values.get("id").get(2);
        for (String path : List.of("/api/v1/datasets", entryPath, "/datasets", "/")) {
            assertThat(http.request("GET", path, bearer(), null).header("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(http.request("GET", path, session(null), null).header("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(http.request("GET", path, Map.of(), null).header("Cache-Control")).as(path).isEqualTo("no-cache");
        }
        // a refused request with credentials is not kept either
        assertThat(badTokens.request("GET", "/api/v1/me", Map.of("Authorization", "Bearer mdx_nope"), null)
                .header("Cache-Control")).isEqualTo("no-store");
        RawHttp.Answer css = http.request("GET", "/static/app.css", session(null), null);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Cache-Control")).isNotEqualTo("no-store");
        assertThat(css.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    static void assertAllowNames(String path, String allow, Set<String> registered) {
        Set<String> named = new LinkedHashSet<>(List.of(allow.split("\\s*,\\s*")));
        for (String m : registered) {
            if (!named.contains(m)) {
                failures.add(path + ": Allow '" + allow + "' lacks " + m);
            }
        }
        if (!named.stream().allMatch(KNOWN_METHODS::contains)) {
            failures.add(path + ": Allow '" + allow + "' names an unknown method");
        }
    }
}
