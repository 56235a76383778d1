package org.matdx.optimade.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A deliberately broken OPTIMADE provider for tests: every {@code /<kind>/v1/info} answers as a
 * database (or, for {@code index}, as an index meta-database whose child links point at real
 * MatDX instances), and {@code /<kind>/v1/structures} misbehaves as its kind says: {@code slow}
 * (answers after 20 s), {@code html}, {@code huge} (a 50 MB body), {@code badjson} (cut off),
 * {@code loop} (redirects to itself), {@code pingpong} (two addresses redirecting to each other),
 * {@code refuses} (400 with an OPTIMADE error), {@code notoptimade} (JSON, but a bare list); {@code twinindex} is an
 * index with two child databases open to aggregation.
 */
final class BrokenProvider implements AutoCloseable {
    static final long HUGE_BYTES = 50L * 1024 * 1024;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final String[] children;

    /** @param children base URLs of the index's child databases: the first open to aggregation, the second not */
    BrokenProvider(String... children) throws IOException {
        this.children = children;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String base(String kind) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + kind;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String[] p = x.getRequestURI().getPath().split("/");
            String kind = p.length > 1 ? p[1] : "";
            String rest = String.join("/", java.util.Arrays.copyOfRange(p, Math.min(2, p.length), p.length));
            if (rest.equals("v1/info")) {
                send(x, 200, "application/vnd.api+json", "{\"data\": {\"type\": \"info\", \"id\": \"/\", \"attributes\": "
                        + "{\"api_version\": \"1.2.0\", \"is_index\": " + kind.endsWith("index") + "}}, \"meta\": {}}");
                return;
            }
            if (kind.equals("index") && rest.equals("v1/links")) {
                send(x, 200, "application/vnd.api+json", """
                        {"data": [
                          {"type": "links", "id": "self", "attributes": {"name": "this index", "base_url": "%s", "link_type": "root"}},
                          {"type": "links", "id": "open", "attributes": {"name": "Open child", "base_url": "%s", "link_type": "child"}},
                          {"type": "links", "id": "staging", "attributes": {"name": "Staging child", "base_url": "%s", "link_type": "child", "aggregate": "staging"}},
                          {"type": "links", "id": "secret", "attributes": {"name": "Metadata service", "base_url": "file:///etc/passwd", "link_type": "child"}}
                        ], "meta": {}}""".formatted(base("index"), children[0], children[1]));
                return;
            }
            if (kind.equals("twinindex") && rest.equals("v1/links")) {
                send(x, 200, "application/vnd.api+json", """
                        {"data": [
                          {"type": "links", "id": "first", "attributes": {"name": "First", "base_url": "%s", "link_type": "child"}},
                          {"type": "links", "id": "second", "attributes": {"name": "Second", "base_url": "%s", "link_type": "child", "aggregate": "ok"}}
                        ], "meta": {}}""".formatted(children[0], children[1]));
                return;
            }
            switch (kind) {
                case "slow" -> {
                    try {
                        Thread.sleep(20_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    send(x, 200, "application/json", "{\"data\": []}");
                }
                case "html" -> send(x, 200, "text/html; charset=utf-8", "<!doctype html><title>Maintenance</title><p>Back soon");
                case "huge" -> {
                    x.getResponseHeaders().set("Content-Type", "application/json");
                    x.sendResponseHeaders(200, 0); // chunked: the size is not announced
                    byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                    try (OutputStream out = x.getResponseBody()) {
                        out.write("{\"data\": [".getBytes(StandardCharsets.US_ASCII));
                        for (long sent = 0; sent < HUGE_BYTES; sent += chunk.length) {
                            out.write(chunk);
                        }
                        out.write("]}".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException reset) {
                        // the client stopped reading at its cap
                    }
                }
                case "badjson" -> send(x, 200, "application/vnd.api+json", "{\"data\": [{\"type\": \"structures\", \"id\": \"x1\", ");
                case "loop" -> redirect(x, x.getRequestURI().toString());
                case "pingpong" -> redirect(x, x.getRequestURI().getPath().endsWith("/structures")
                        ? "/pingpong/v1/structures2" : "/pingpong/v1/structures");
                case "refuses" -> send(x, 400, "application/vnd.api+json", """
                        {"errors": [{"status": "400", "title": "Bad Request", "detail": "filter: unknown property 'elements' on this database"}], "meta": {}}""");
                case "notoptimade" -> send(x, 200, "application/json", "[1, 2, 3]");
                default -> send(x, 404, "text/plain", "no such thing");
            }
        }
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().set("Location", location);
        x.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
