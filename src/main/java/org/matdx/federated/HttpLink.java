package org.matdx.federated;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator's link to one node over HTTP: POSTs each step with the node-issued API token,
 * follows no redirect, reads at most {@link #MAX_ANSWER_BYTES}, and accepts an answer only with a
 * valid proof header (HMAC under the key the coordinator issued that node) — a node is who holds
 * the key, a coordinator is who holds the token.
 */
public final class HttpLink implements Coordinator.Link {
    /** Largest answer read: a level of 32 tree nodes × 250 features × 32 bins, base64, with room. */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    /** One node as the coordinator's administrator lists it. */
    public record Node(String name, URI url, String federation, String token, String proofKey) {
        public Node {
            if (name == null || name.isBlank() || name.length() > 100) {
                throw new IllegalArgumentException("a node needs a name of 1-100 characters");
            }
            if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException("node " + name + ": an http(s) address");
            }
            if (federation == null || !federation.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new IllegalArgumentException("node " + name + ": the federation's name on that node");
            }
            if (token == null || token.isBlank() || proofKey == null || proofKey.length() < 32) {
                throw new IllegalArgumentException("node " + name + ": the API token it issued and the proof key (≥ 32 characters) "
                        + "issued to it");
            }
        }

        /** From {"name", "url", "federation", "token", "proof_key"}. */
        public static Node parse(JsonNode j) {
            return new Node(j.path("name").asString(null), URI.create(j.path("url").asString("")), j.path("federation").asString(null),
                    j.path("token").asString(null), j.path("proof_key").asString(null));
        }
    }

    private final Node node;
    private final HttpClient http;
    private final Duration timeout;

    public HttpLink(Node node, HttpClient http, Duration timeout) {
        this.node = node;
        this.http = http;
        this.timeout = timeout;
    }

    public static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return node.name();
    }

    @Override
    public JsonNode call(String session, String step, ObjectNode body) throws IOException, InterruptedException {
        String base = node.url().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/api/v1/federated/memberships/" + enc(node.federation()) + "/sessions/" + enc(session)
                + "/" + enc(step));
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + node.token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes;
        try (InputStream in = res.body()) {
            bytes = readCapped(in);
        }
        if (res.statusCode() != 200) {
            String detail = new String(bytes, 0, Math.min(bytes.length, 500), StandardCharsets.UTF_8);
            try {
                detail = Json.read(detail).path("detail").asString(detail);
            } catch (RuntimeException e) {
                // not problem+json: the text as it came
            }
            throw new IOException("HTTP " + res.statusCode() + ": " + detail);
        }
        String proof = res.headers().firstValue(Federations.PROOF_HEADER).orElse("");
        String expected = Federations.proof(node.proofKey(), session, step, bytes);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), proof.getBytes(StandardCharsets.US_ASCII))) {
            throw new IOException("the answer carries no valid proof of node " + node.name() + " (wrong proof key, or not that node)");
        }
        return Json.MAPPER.readTree(bytes);
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > MAX_ANSWER_BYTES) {
                throw new IOException("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
