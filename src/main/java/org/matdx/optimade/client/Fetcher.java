package org.matdx.optimade.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;

/**
 * GETs one OPTIMADE document within the limits: redirects followed by hand (counted, loops and
 * non-http(s) targets refused, each hop checked by the provider's {@link AddressGuard}), the body
 * read as a stream and dropped past the byte cap, everything before the deadline. Every way it
 * can go wrong comes back as a {@link Failure}, never as an exception.
 */
final class Fetcher {
    private static final int MAX_ERRORS = 5;
    private static final int MAX_ERROR_TEXT = 300;
    private final HttpClient http;
    private final FederationLimits limits;
    private final String userAgent;

    Fetcher(FederationLimits limits, String userAgent) {
        this.limits = limits;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(limits.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? limits.timeout() : Duration.ofSeconds(5))
                .build();
    }

    /** What a GET gave: the JSON document and the address it finally came from, or why there is none. */
    sealed interface Fetched permits Document, Failed {
    }

    record Document(URI uri, JsonNode json) implements Fetched {
    }

    record Failed(Failure failure) implements Fetched {
    }

    Fetched get(URI start, AddressGuard guard, Instant deadline) {
        URI uri = start;
        Set<URI> seen = new HashSet<>();
        for (int hop = 0; ; hop++) {
            Failure refused = guard.check(uri);
            if (refused != null) {
                return new Failed(refused);
            }
            if (!seen.add(uri)) {
                return failed(Failure.Kind.REDIRECTS, "redirect loop: " + uri + " redirects back to itself");
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                return timeout();
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(left).GET()
                    .header("Accept", "application/vnd.api+json, application/json;q=0.9")
                    .header("User-Agent", userAgent).build();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                return timeout();
            } catch (ConnectException e) {
                return failed(Failure.Kind.UNREACHABLE, "cannot connect to " + uri.getHost() + portOf(uri));
            } catch (IOException e) {
                return failed(Failure.Kind.UNREACHABLE, uri.getHost() + portOf(uri) + ": " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return timeout();
            }
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                    if (hop >= limits.maxRedirects()) {
                        return failed(Failure.Kind.REDIRECTS, "more than " + limits.maxRedirects() + " redirects from " + start);
                    }
                    URI next = redirect(uri, response.headers().firstValue("Location").get());
                    if (next == null) {
                        return failed(Failure.Kind.REDIRECTS, uri + " redirects to something other than an http(s) URL");
                    }
                    uri = next;
                    continue;
                }
                return read(uri, status, response, body, deadline);
            } catch (IOException e) {
                return Instant.now().isAfter(deadline) ? timeout() : failed(Failure.Kind.UNREACHABLE, "the answer from "
                        + uri.getHost() + portOf(uri) + " broke off: " + describe(e));
            }
        }
    }

    private Fetched read(URI uri, int status, HttpResponse<InputStream> response, InputStream body, Instant deadline)
            throws IOException {
        long cap = limits.maxResponseBytes();
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > cap) {
            return failed(Failure.Kind.TOO_LARGE, "the answer is " + declared + " bytes; MatDX reads at most " + cap);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = body.read(buffer)) >= 0; ) {
            if (out.size() + n > cap) {
                return failed(Failure.Kind.TOO_LARGE, "the answer is longer than " + cap + " bytes, the most MatDX reads; "
                        + "it stopped reading there");
            }
            out.write(buffer, 0, n);
            if (Instant.now().isAfter(deadline)) {
                return timeout();
            }
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("no content type");
        JsonNode json;
        try {
            json = Json.readUntrusted(out.toString(StandardCharsets.UTF_8), "");
        } catch (Problem notJson) {
            json = null;
        }
        if (status >= 400) {
            List<String> errors = errors(json);
            String detail = "answered HTTP " + status + (errors.isEmpty()
                    ? (json == null ? " (" + mediaType(contentType) + ", not an OPTIMADE error document)" : "")
                    : ": " + errors.get(0));
            return new Failed(new Failure(status == 400 ? Failure.Kind.QUERY_REFUSED : Failure.Kind.HTTP_ERROR, detail,
                    status, errors));
        }
        if (status < 200 || status >= 300) {
            return new Failed(new Failure(Failure.Kind.HTTP_ERROR, "answered HTTP " + status, status, List.of()));
        }
        if (json == null) {
            return failed(Failure.Kind.NOT_JSON, "answered " + mediaType(contentType) + " that is not JSON");
        }
        if (!json.isObject()) {
            return failed(Failure.Kind.INVALID_RESPONSE, "answered JSON that is not an OPTIMADE document (not an object)");
        }
        return new Document(uri, json);
    }

    /** The {@code detail} (else {@code title}) of each OPTIMADE error, short and on one line. */
    private static List<String> errors(JsonNode json) {
        List<String> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        for (JsonNode e : json.path("errors")) {
            String text = e.path("detail").isString() ? e.get("detail").asString()
                    : e.path("title").isString() ? e.get("title").asString() : null;
            if (text != null && out.size() < MAX_ERRORS) {
                out.add(clean(text));
            }
        }
        return out;
    }

    static String clean(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return oneLine.length() > MAX_ERROR_TEXT ? oneLine.substring(0, MAX_ERROR_TEXT) + "…" : oneLine;
    }

    private static String mediaType(String contentType) {
        return clean(contentType.split(";")[0]).toLowerCase(Locale.ROOT);
    }

    private static URI redirect(URI from, String location) {
        try {
            URI next = from.resolve(location.strip());
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && next.getHost() != null && next.getRawUserInfo() == null
                    ? next : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return clean(m);
    }

    private static String portOf(URI uri) {
        return uri.getPort() < 0 ? "" : ":" + uri.getPort();
    }

    private Failed timeout() {
        return failed(Failure.Kind.TIMEOUT, "no complete answer within " + limits.timeout().toMillis() / 1000.0 + " s");
    }

    private static Failed failed(Failure.Kind kind, String detail) {
        return new Failed(Failure.of(kind, detail));
    }
}
