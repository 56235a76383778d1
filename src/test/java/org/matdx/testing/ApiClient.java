package org.matdx.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;

/** A small HTTP client for API tests: sends requests as one caller and parses JSON answers. */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;
    private final HttpClient http;

    public ApiClient(String base, String token) {
        this(base, token, HTTP);
    }

    private ApiClient(String base, String token, HttpClient http) {
        this.base = base;
        this.token = token;
        this.http = http;
    }

    /** The same caller connecting from another local address (see {@link WebSession#at}). */
    public ApiClient from(String local) {
        return new ApiClient(base, token, clientFrom(local).build());
    }

    static HttpClient.Builder clientFrom(String local) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .localAddress(java.net.InetAddress.getByName(local));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(local, e);
        }
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers, byte[] bytes) {
        public JsonNode json() {
            return Json.read(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response post(String path, Object json) {
        return post(path, Json.write(json));
    }

    public Response put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response upload(String path, byte[] content) {
        return send(request(path).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    public Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
