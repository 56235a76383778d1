package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.ApiClient;
import org.matdx.testing.Multipart;
import org.matdx.testing.RawHttp;
import org.matdx.testing.TestPlatform;

/**
 * Uploads nobody may make are refused before their body is read: the answer comes while almost
 * all of a 1 GiB body is still unsent, and the server then stops taking it. Malformed multipart
 * answers 400 and an oversized file 413, each saying what was wrong.
 */
class UploadRefusalTest {
    static final long GIB = 1L << 30;
    static final int LIMIT_MIB = 2;
    static TestPlatform tp;
    static TestPlatform.Person owner;
    static TestPlatform.Person stranger;
    static String dataset;
    static String campaign;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withMaxUpload(LIMIT_MIB * 1024L * 1024)).withServer();
        owner = tp.person("uma");
        stranger = tp.person("vic");
        dataset = owner.api().post("/api/v1/datasets", "{\"title\": \"public films\", \"access\": \"public\"}").json().get("id").asString();
        var c = owner.api().post("/api/v1/datasets/" + dataset + "/campaigns", """
                {"name": "films", "parameters": [{"name": "x", "low": 0, "high": 1}], "objective": {"name": "y"},
                 "batch": 1, "initial": 1, "stop": {"budget": 3}}""");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        campaign = c.json().get("id").asString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** What happened to a 1 GiB upload: the answer, and how much the server took before and after it. */
    record Attempt(int status, String answer, long sentBeforeAnswer, long acceptedAfterAnswer, boolean closed) {
    }

    /**
     * Declares a 1 GiB multipart body, sends its first 256 KiB and waits for an answer; then keeps
     * sending (up to 64 MiB more) until the server stops taking it.
     */
    static Attempt hugeUpload(String path, String token) throws Exception {
        Multipart m = new Multipart();
        String boundary = m.contentType().substring(m.contentType().indexOf('=') + 1);
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", m.contentType());
        headers.put("Content-Length", String.valueOf(GIB));
        headers.put("Connection", null); // as a browser would: keep-alive, the server decides
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        RawHttp raw = new RawHttp("127.0.0.1", tp.server().port(), null);
        byte[] head = raw.head("POST", path.getBytes(StandardCharsets.US_ASCII), headers, null);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", tp.server().port()), 5000);
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xy\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) '1');
            long sent = 0;
            boolean closedEarly = false;
            try {
                for (int i = 0; i < 4; i++) {
                    out.write(chunk);
                    sent += chunk.length;
                }
                out.flush();
            } catch (IOException e) {
                closedEarly = true; // answered and closed before even 256 KiB arrived: the answer is waiting
            }
            InputStream in = s.getInputStream();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] buf = new byte[8192];
                    int n = in.read(buf);
                    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    return "";
                }
            });
            String text;
            try {
                text = answer.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                return new Attempt(0, "no answer: the server waited for the body", sent, 0, false);
            }
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
            long after = 0;
            boolean closed = closedEarly;
            try {
                while (!closed && after < 64L * 1024 * 1024) {
                    out.write(chunk);
                    after += chunk.length;
                }
                out.flush();
            } catch (IOException e) {
                closed = true;
            }
            return new Attempt(status, text, sent, after, closed);
        }
    }

    static void assertRefusedUnread(Attempt a, int status) {
        assertThat(a.status()).as(a.answer()).isEqualTo(status);
        assertThat(a.answer()).contains("application/problem+json").contains("nosniff");
        // the server answered with 256 KiB of 1 GiB sent, and then stopped taking the rest
        assertThat(a.closed()).as("the server closed the connection instead of reading the rest").isTrue();
        assertThat(a.acceptedAfterAnswer()).as("bytes the server still took after answering").isLessThan(32L * 1024 * 1024);
    }

    @Test
    void anonymousUploadsAreRefusedBeforeTheBodyIsRead() throws Exception {
        assertRefusedUnread(hugeUpload("/api/v1/datasets/" + dataset + "/files", null), 401);
        assertRefusedUnread(hugeUpload("/api/v1/datasets/" + dataset + "/ingest", null), 401);
        assertRefusedUnread(hugeUpload("/api/v1/campaigns/" + campaign + "/trials/" + java.util.UUID.randomUUID() + "/result", null), 401);
        assertRefusedUnread(hugeUpload("/api/v1/import/rocrate", null), 401);
    }

    @Test
    void uploadsToADatasetTheCallerMayNotChangeAreRefusedBeforeTheBodyIsRead() throws Exception {
        assertRefusedUnread(hugeUpload("/api/v1/datasets/" + dataset + "/files", stranger.token()), 403);
        assertRefusedUnread(hugeUpload("/api/v1/datasets/" + dataset + "/ingest", stranger.token()), 403);
        assertRefusedUnread(hugeUpload("/api/v1/campaigns/" + campaign + "/trials/" + java.util.UUID.randomUUID() + "/result",
                stranger.token()), 403);
    }

    @Test
    void malformedMultipartAnswers400SayingWhatIsWrong() {
        String path = "/api/v1/datasets/" + dataset + "/files";
        for (String[] bad : new String[][] {
                {"multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xy\"\r\n\r\n1 2\r\n--x--\r\n"},
                {"multipart/form-data; boundary=x", "no boundary anywhere in here"},
                {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xy\"\r\n\r\n1 2\r\n"}}) {
            // a connection of its own each time: the server may end one after refusing a body it did not read whole
            ApiClient api = owner.api().from("127.0.0.1");
            ApiClient.Response r = api.send(api.request(path).header("Content-Type", bad[0])
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bad[1])));
            assertThat(r.status()).as(bad[0] + ": " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asString()).contains("multipart form could not be read").contains("boundary");
        }
        assertThat(count("entries")).isZero();
    }

    @Test
    void oversizedFilesAnswer413NamingTheLimit() {
        byte[] big = new byte[(LIMIT_MIB + 1) * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) '7');
        ApiClient api = owner.api().from("127.0.0.1");
        ApiClient.Response multipart = new Multipart().file("file", "big.xy", big).send(api,
                "/api/v1/datasets/" + dataset + "/files");
        assertThat(multipart.status()).as(multipart.body()).isEqualTo(413);
        assertThat(multipart.json().get("detail").asString()).contains(LIMIT_MIB + " MiB");
        ApiClient.Response raw = api.upload("/api/v1/datasets/" + dataset + "/files?filename=big.xy", big);
        assertThat(raw.status()).as(raw.body()).isEqualTo(413);
        ApiClient.Response ingest = new Multipart().file("file", "big.xy", big).send(api,
                "/api/v1/datasets/" + dataset + "/ingest");
        assertThat(ingest.status()).as(ingest.body()).isEqualTo(413);
        assertThat(count("entries")).isZero();
    }

    static long count(String table) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }
}
