package org.matdx.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.ApiClient;
import org.matdx.testing.Eventually;
import org.matdx.testing.Multipart;
import org.matdx.testing.S3Server;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * A platform started with {@code --blob-store s3://…} on a real S3 server (S3Proxy in its own
 * JVM): ingest, download and deduplication through the HTTP API, and what users see while the
 * object store is down.
 */
class S3PlatformTest {
    static final String PREFIX = "site-a/";
    static S3Server s3;
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;

    @BeforeAll
    static void start() {
        s3 = S3Server.start().asEnvironment();
        System.setProperty("MATDX_S3_PART_MB", "5"); // S3's smallest parts, so a 12 MiB upload is staged in three
        tp = TestPlatform.start(c -> c.withBlobStore("s3://" + S3Server.BUCKET + "/" + PREFIX)).withServer();
        alice = tp.person("alice");
        var r = alice.api().post("/api/v1/datasets", "{\"title\": \"Scans on S3\", \"access\": \"public\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        dataset = r.json().get("id").asString();
    }

    @AfterAll
    static void stop() {
        if (tp != null) {
            tp.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    static long count(String sql) {
        return tp.platform().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static ApiClient.Response ingest(String name, String content) {
        return new Multipart().file("file", name, content).send(alice.api(), "/api/v1/datasets/" + dataset + "/ingest");
    }

    @Test
    void ingestedScanItsPlotAndThumbnailLiveInTheBucketAndDownloadIntact() throws Exception {
        String scan = SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 26);
        var r = ingest("si-on-s3.xy", scan);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode entry = tp.anonymous().get("/api/v1/entries/" + r.json().get("entry").asString()).json();
        List<String> shas = new java.util.ArrayList<>();
        entry.get("files").forEach(f -> shas.add(f.get("sha256").asString()));
        assertThat(shas).hasSizeGreaterThanOrEqualTo(3); // raw, plot, thumbnail
        List<String> objects = s3.keys(PREFIX + "blobs/");
        for (String sha : shas) {
            assertThat(objects).contains(PREFIX + "blobs/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha);
        }
        String raw = sha256(scan.getBytes(StandardCharsets.UTF_8));
        assertThat(shas).contains(raw);
        JsonNode rawFile = null;
        for (JsonNode f : entry.get("files")) {
            if (f.get("sha256").asString().equals(raw)) {
                rawFile = f;
            }
        }
        var download = tp.anonymous().get(rawFile.get("url").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(scan.getBytes(StandardCharsets.UTF_8));
        assertThat(s3.keys(PREFIX + "staging/")).isEmpty();

        // the same scan again under another name: a second entry, the same single object and row
        var again = ingest("si-copy.xy", scan);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM blobs WHERE sha256 = '" + raw + "'")).isEqualTo(1);
        assertThat(s3.keys(PREFIX + "blobs/").stream().filter(k -> k.endsWith(raw)).count()).isEqualTo(1);
        assertThat(s3.keys(PREFIX + "staging/")).isEmpty();
    }

    @Test
    void aLargeUploadIsStagedInPartsAndDownloadsIntact() throws Exception {
        byte[] content = new byte[12 * 1024 * 1024 + 77];
        new java.util.Random(126).nextBytes(content);
        var r = alice.api().upload("/api/v1/datasets/" + dataset + "/files?filename=frames.raw", content);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String sha = sha256(content);
        assertThat(r.json().at("/files/0/sha256").asString()).isEqualTo(sha);
        String key = PREFIX + "blobs/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
        var head = s3.client().headObject(b -> b.bucket(S3Server.BUCKET).key(key));
        assertThat(head.contentLength()).isEqualTo(content.length);
        var download = tp.anonymous().get(r.json().at("/files/0/url").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(sha256(download.bytes())).isEqualTo(sha);
        assertThat(s3.keys(PREFIX + "staging/")).isEmpty();
    }

    @Test
    void whileTheObjectStoreIsDownUploadsAndDownloadsAnswer503AndNothingIsHalfRegistered() throws Exception {
        var before = ingest("before-outage.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 7));
        assertThat(before.status()).as(before.body()).isEqualTo(201);
        JsonNode stored = tp.anonymous().get("/api/v1/entries/" + before.json().get("entry").asString()).json();
        String url = stored.at("/files/0/url").asString();
        long entries = count("SELECT count(*) FROM entries");
        long blobs = count("SELECT count(*) FROM blobs");
        s3.stop();
        try {
            var refused = ingest("during-outage.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 8));
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString()).contains("file store cannot be reached").doesNotContain("Exception");
            var raw = alice.api().upload("/api/v1/datasets/" + dataset + "/files?filename=notes.txt",
                    "lab notes".getBytes(StandardCharsets.UTF_8));
            assertThat(raw.status()).as(raw.body()).isEqualTo(503);
            var download = tp.anonymous().get(url);
            assertThat(download.status()).as(download.body()).isEqualTo(503);
            assertThat(count("SELECT count(*) FROM entries")).isEqualTo(entries);
            assertThat(count("SELECT count(*) FROM blobs")).isEqualTo(blobs);
        } finally {
            s3.restart();
        }
        var after = ingest("after-outage.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 8));
        assertThat(after.status()).as(after.body()).isEqualTo(201);
        assertThat(tp.anonymous().get(url).status()).isEqualTo(200);
    }

    /**
     * The files of an asynchronous ingest wait in the bucket, so that a worker on any host can run
     * the job. While the store is down such an upload is refused with 503 and nothing is queued:
     * accepting it into this server's own disk would make a job only this host can run (an earlier
     * version accepted it and retried; see docs/DEPLOY.md for why that changed).
     */
    @Test
    void anAsynchronousIngestTakenWhileTheObjectStoreIsDownIsRefusedAndQueuesNothing() throws Exception {
        long jobs = count("SELECT count(*) FROM jobs WHERE kind = 'ingest'");
        s3.stop();
        try {
            var r = new Multipart()
                    .file("file", "outage/a.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 41))
                    .file("file", "outage/b.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.12, 42))
                    .field("mode", "tree")
                    .send(alice.api(), "/api/v1/datasets/" + dataset + "/ingest?async=true");
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asString()).contains("file store cannot be reached", "ingest job", "nothing was changed")
                    .doesNotContain("Exception");
            assertThat(count("SELECT count(*) FROM jobs WHERE kind = 'ingest'")).as("no job queued").isEqualTo(jobs);
        } finally {
            s3.restart();
        }
        assertThat(s3.keys(PREFIX + "inbox/")).as("no file kept for a job that was not queued").isEmpty();
        assertThat(tp.dataDir().resolve("ingest-inbox")).as("nothing kept on this server's disk").doesNotExist();
    }

    /**
     * A job accepted while the store was up whose run meets an outage goes back to the queue and
     * is retried; its files are read from the bucket by the retry and removed when it ends.
     */
    @Test
    void anIngestJobThatMeetsAnOutageIsRetriedAndRegistersEveryFileOnce() throws Exception {
        // a platform whose worker waits, so that the job is queued before the outage and run during it
        try (TestPlatform held = TestPlatform.start(c -> c.withBlobStore("s3://" + S3Server.BUCKET + "/site-b/").withWorkers(0))
                .withServer()) {
            var bob = held.person("bob");
            var created = bob.api().post("/api/v1/datasets", "{\"title\": \"Held\", \"access\": \"public\"}");
            String heldDataset = created.json().get("id").asString();
            var r = new Multipart()
                    .file("file", "outage/a.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 31))
                    .file("file", "outage/b.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.12, 32))
                    .field("mode", "tree")
                    .send(bob.api(), "/api/v1/datasets/" + heldDataset + "/ingest?async=true");
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            java.util.UUID job = java.util.UUID.fromString(r.json().get("job").asString());
            assertThat(s3.keys("site-b/inbox/")).as("the job's files wait in the bucket").hasSize(2);
            assertThat(held.dataDir().resolve("ingest-inbox")).as("not on the server's disk").doesNotExist();
            s3.stop();
            try {
                held.platform().worker().start();
                // the first attempt meets the outage: the job goes back to the queue, not to "failed"
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
                org.matdx.jobs.Job j = held.platform().jobs().get(job).orElseThrow();
                while (j.attempts() < 1 || j.status() != org.matdx.jobs.Job.Status.QUEUED) {
                    assertThat(System.nanoTime()).as("first attempt over").isLessThan(deadline);
                    assertThat(j.status()).isNotIn(org.matdx.jobs.Job.Status.FAILED, org.matdx.jobs.Job.Status.SUCCEEDED);
                    Thread.sleep(100);
                    j = held.platform().jobs().get(job).orElseThrow();
                }
                assertThat(j.error()).contains("file store cannot be reached");
                // held back until the store is up again (the retry's back-off is seconds; the restart may take longer here)
                held.platform().db().run(h -> h.execute("UPDATE jobs SET run_after = now() + interval '1 hour' WHERE id = ?", job));
            } finally {
                s3.restart();
            }
            held.platform().db().run(h -> h.execute("UPDATE jobs SET run_after = now() - interval '1 second' WHERE id = ?", job));
            held.platform().worker().nudge();
            org.matdx.jobs.Job done = held.platform().jobs().awaitFinished(job, java.time.Duration.ofSeconds(90));
            assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(org.matdx.jobs.Job.Status.SUCCEEDED);
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(done.result().get("succeeded").asInt()).isEqualTo(2);
            assertThat(done.result().get("failed").asInt()).isZero();
            long entries = held.platform().db().read(h -> h.createQuery("SELECT count(*) FROM entries WHERE dataset_id = CAST(? AS uuid)")
                    .bind(0, heldDataset).mapTo(Long.class).one());
            assertThat(entries).as("each file registered once").isEqualTo(2);
            Eventually.holds("the inbox goes when the job ends", java.time.Duration.ofSeconds(30),
                    () -> s3.keys("site-b/inbox/").isEmpty());
        }
    }

    /** Inboxes no job will read (a process died between taking the files and queuing the job) are swept once old. */
    @Test
    void anInboxNoJobWillReadIsSweptFromTheBucket() throws Exception {
        var inboxes = tp.platform().ingestJobs();
        String orphan = inboxes.newInbox();
        inboxes.keep(orphan, "left/behind.xy", new java.io.ByteArrayInputStream("1 2\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(s3.keys(PREFIX + "inbox/" + orphan + "/")).hasSize(1);
        assertThat(inboxes.sweepInboxes(java.time.Instant.now())).as("young: perhaps still being filled").isZero();
        assertThat(inboxes.sweepInboxes(java.time.Instant.now().plus(java.time.Duration.ofHours(2)))).isEqualTo(1);
        assertThat(s3.keys(PREFIX + "inbox/")).isEmpty();
    }

    /**
     * An inbox whose job has ended goes at the next sweep, however young (its process died between
     * recording the end and removing it); one a queued job will read stays, however old.
     */
    @Test
    void anInboxOfAnEndedJobIsSweptAtOnceAndOneOfAWaitingJobIsKept() throws Exception {
        var inboxes = tp.platform().ingestJobs();
        var queue = tp.platform().jobs();
        String ofEnded = inboxes.newInbox();
        String ofWaiting = inboxes.newInbox();
        for (String inbox : List.of(ofEnded, ofWaiting)) {
            inboxes.keep(inbox, "scan.xy", new java.io.ByteArrayInputStream("1 2\n".getBytes(StandardCharsets.UTF_8)));
        }
        tp.platform().db().tx(h -> {
            UUID ended = queue.enqueue(h, org.matdx.ingest.IngestJobs.JOB_KIND, Json.object().put("inbox", ofEnded), null, 1);
            h.execute("UPDATE jobs SET status = 'succeeded', finished_at = now() WHERE id = ?", ended);
            queue.enqueueAt(h, org.matdx.ingest.IngestJobs.JOB_KIND, Json.object().put("inbox", ofWaiting), null, 1,
                    java.time.Instant.now().plus(java.time.Duration.ofDays(1)));
            return null;
        });
        assertThat(inboxes.sweepInboxes(java.time.Instant.now())).isEqualTo(1);
        assertThat(s3.keys(PREFIX + "inbox/" + ofEnded + "/")).isEmpty();
        assertThat(inboxes.sweepInboxes(java.time.Instant.now().plus(java.time.Duration.ofHours(2)))).isZero();
        assertThat(s3.keys(PREFIX + "inbox/" + ofWaiting + "/")).hasSize(1);
        tp.platform().db().run(h -> h.execute("DELETE FROM jobs WHERE payload->>'inbox' = ?", ofWaiting));
        inboxes.discardInbox(ofWaiting);
    }

    @Test
    void aPlatformWhoseBucketDoesNotAnswerDoesNotStartAndSaysWhy() {
        assertThatThrownBy(() -> TestPlatform.start(c -> c.withBlobStore("s3://no-such-bucket-" + System.nanoTime() % 1000)))
                .hasMessageContaining("does not answer");
        assertThatThrownBy(() -> TestPlatform.start(c -> c.withBlobStore("/var/blobs")))
                .hasMessageContaining("s3://bucket/prefix");
    }
}
