package org.matdx.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Problem;
import org.matdx.testing.S3Server;
import org.matdx.testing.TestPlatform;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The S3 blob store against a real S3 server (S3Proxy in its own JVM): content addressing and
 * deduplication, multipart uploads and copies, what a crash or an outage leaves, hostile keys.
 * Its own store instance with 5 MiB parts under a prefix of its own, on the platform's database.
 */
class S3BlobStoreTest {
    static final long MiB = 1024 * 1024;
    static S3Server s3;
    static TestPlatform tp;
    static S3BlobStore store;
    static BlobRegistry registry;
    static Path spool;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3Server.start();
        tp = TestPlatform.start();
        spool = Files.createTempDirectory("matdx-s3-spool");
        store = new S3BlobStore(S3BlobStore.Location.parse("s3://" + S3Server.BUCKET + "/unit/"),
                s3.settings().withParts(5 * MiB, 5 * MiB), spool);
        registry = new BlobRegistry(tp.platform().db(), store);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (tp != null) {
            tp.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    static StagedBlob stage(byte[] content) {
        return store.stage(new ByteArrayInputStream(content), Long.MAX_VALUE);
    }

    static long rows(String sha) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM blobs WHERE sha256 = :s")
                .bind("s", sha).mapTo(Long.class).one());
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static List<String> stagedObjects() {
        return s3.keys("unit/staging/");
    }

    static long spoolFiles() throws IOException {
        try (Stream<Path> s = Files.list(spool)) {
            return s.count();
        }
    }

    @Test
    void registeredContentIsStoredUnderItsHashOnceAndReadsBackIntact() throws Exception {
        byte[] content = ("2theta intensity\n10.00 120\n10.02 131\n" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String sha = sha256(content);
        StagedBlob first = stage(content);
        assertThat(first.sha256()).isEqualTo(sha);
        assertThat(first.stagingKey()).startsWith("unit/staging/");
        assertThat(stagedObjects()).contains(first.stagingKey());
        registry.register(first, h -> null);

        assertThat(s3.keys("unit/blobs/" + sha.substring(0, 2) + "/")).containsExactly(
                "unit/blobs/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha);
        assertThat(rows(sha)).isEqualTo(1);
        assertThat(store.size(sha)).isEqualTo(content.length);
        try (InputStream in = store.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        // the same bytes again: nothing is sent (no staged object), one row, one object
        StagedBlob again = stage(content);
        assertThat(again.stagingKey()).isNull();
        registry.register(again, h -> null);
        assertThat(rows(sha)).isEqualTo(1);
        assertThat(store.list().filter(sha::equals).count()).isEqualTo(1);
        assertThat(stagedObjects()).isEmpty();
        assertThat(spoolFiles()).isZero();
    }

    @Test
    void largeFileGoesUpAndIsCopiedInPartsAndStreamsBack() throws Exception {
        byte[] content = new byte[(int) (13 * MiB) + 12345];
        new Random(26).nextBytes(content);
        String sha = sha256(content);
        StagedBlob staged = stage(content);
        // a multipart object's ETag is the hash of its parts' hashes, "-" and their count
        assertThat(s3.client().headObject(b -> b.bucket(S3Server.BUCKET).key(staged.stagingKey())).eTag()).endsWith("-3\"");
        registry.register(staged, h -> null);
        String key = store.keyOf(sha);
        assertThat(s3.client().headObject(b -> b.bucket(S3Server.BUCKET).key(key)).eTag()).endsWith("-3\"");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long read = 0;
        try (InputStream in = new DigestInputStream(store.open(sha), digest)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read += n;
            }
        }
        assertThat(read).isEqualTo(content.length);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha);
        assertThat(stagedObjects()).isEmpty();
        assertThat(s3.client().listMultipartUploads(b -> b.bucket(S3Server.BUCKET).prefix("unit/")).uploads()).isEmpty();
    }

    @Test
    void aStagedObjectSweptTooEarlyIsSentAgainFromTheSpool() throws Exception {
        byte[] content = ("swept before its registration " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        StagedBlob staged = stage(content);
        s3.client().deleteObject(b -> b.bucket(S3Server.BUCKET).key(staged.stagingKey()));
        registry.register(staged, h -> null);
        try (InputStream in = store.open(staged.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(rows(staged.sha256())).isEqualTo(1);
    }

    @Test
    void refusedRegistrationLeavesNoRowNoObjectNoStagedCopy() throws Exception {
        byte[] content = ("refused " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String sha = sha256(content);
        StagedBlob staged = stage(content);
        assertThatThrownBy(() -> registry.register(staged, h -> {
            throw Problem.invalid("title", "refused after the blob was copied into place");
        })).isInstanceOf(Problem.class);
        assertThat(rows(sha)).isZero();
        assertThat(store.exists(sha)).isFalse();
        assertThat(stagedObjects()).isEmpty();
        assertThat(spoolFiles()).isZero();
    }

    @Test
    void sweepRemovesWhatACrashLeftAndKeepsEveryRegisteredObject() throws Exception {
        long deadPid = deadProcessId();
        String host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        // killed after staging: a staged object and an unfinished multipart upload of a process that is gone
        String stagedKey = "unit/staging/" + host + "/" + deadPid + "-crashed";
        s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(stagedKey), RequestBody.fromString("half an upload"));
        String partsKey = "unit/staging/" + host + "/" + deadPid + "-parts";
        s3.client().createMultipartUpload(b -> b.bucket(S3Server.BUCKET).key(partsKey));
        // another host's recent staged object may belong to a live upload: kept until the grace period ends
        String otherHost = "unit/staging/elsewhere.example/1-live";
        s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(otherHost), RequestBody.fromString("in progress"));
        // killed between copying into place and the commit: an object under a content key without a row
        byte[] orphan = ("orphaned by a crash " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        StagedBlob o = stage(orphan);
        store.commit(o);
        store.discard(o);
        byte[] kept = ("registered " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        registry.register(stage(kept), h -> null);
        assertThat(store.exists(sha256(orphan))).isTrue();

        int removed = registry.sweepOrphans();

        assertThat(removed).isGreaterThanOrEqualTo(3);
        assertThat(stagedObjects()).containsExactly(otherHost);
        assertThat(s3.client().listMultipartUploads(b -> b.bucket(S3Server.BUCKET).prefix("unit/")).uploads()).isEmpty();
        assertThat(store.exists(sha256(orphan))).isFalse();
        assertThat(store.exists(sha256(kept))).isTrue();
        // every registered row still has its object
        List<String> registered = tp.platform().db().read(h -> h.createQuery("SELECT sha256 FROM blobs").mapTo(String.class).list());
        assertThat(registered).isNotEmpty().allSatisfy(sha -> assertThat(store.exists(sha)).as(sha).isTrue());
        s3.client().deleteObject(b -> b.bucket(S3Server.BUCKET).key(otherHost));
    }

    @Test
    void hostileKeysAndLocationsAreRefusedAndForeignObjectsNeverTouched() throws Exception {
        for (String bad : List.of("../../etc/passwd", "unit/blobs/x", "", "A".repeat(64), "0".repeat(63) + "/")) {
            assertThatThrownBy(() -> store.open(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.exists(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        for (String uri : List.of("s3://", "s3://UPPER/x", "s3://b", "s3://bucket/../other", "s3://bucket/a/./b",
                "s3://bucket/a b", "s3://bucket/%2e%2e", "file:///etc", "s3://bucket/a\nb", "s3://bucket//")) {
            if (uri.equals("s3://bucket//")) {
                assertThat(S3BlobStore.Location.parse(uri).prefix()).isEmpty();
                continue;
            }
            assertThatThrownBy(() -> S3BlobStore.Location.parse(uri)).as(uri).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(S3BlobStore.Location.parse("s3://matdx-raw/site-a/2026").prefix()).isEqualTo("site-a/2026/");
        // objects others put under blobs/: not content-named, or under the wrong directories
        String sha = sha256(("foreign " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        List<String> foreign = List.of("unit/blobs/readme.txt", "unit/blobs/zz/yy/" + sha);
        for (String k : foreign) {
            s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(k), RequestBody.fromString("not ours"));
        }
        assertThat(store.list().toList()).doesNotContain("readme.txt", sha);
        registry.sweepOrphans();
        assertThat(s3.keys("unit/blobs/")).containsAll(foreign);
        foreign.forEach(k -> s3.client().deleteObject(b -> b.bucket(S3Server.BUCKET).key(k)));
    }

    @Test
    void settingsFromTheEnvironmentAreChecked() {
        var s = S3BlobStore.Settings.fromEnvironment(java.util.Map.of("MATDX_S3_ENDPOINT", "https://s3.example.org:9000",
                "AWS_REGION", "eu-central-1"));
        assertThat(s.pathStyle()).isTrue();
        assertThat(s.region()).isEqualTo("eu-central-1");
        assertThat(s.accessKey()).isNull();
        assertThat(S3BlobStore.Settings.fromEnvironment(java.util.Map.of()).pathStyle()).isFalse();
        assertThatThrownBy(() -> S3BlobStore.Settings.fromEnvironment(java.util.Map.of("MATDX_S3_ENDPOINT", "ftp://x")))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> S3BlobStore.Settings.fromEnvironment(java.util.Map.of("AWS_ACCESS_KEY_ID", "only-one")))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> S3BlobStore.Settings.fromEnvironment(java.util.Map.of("MATDX_S3_PART_MB", "1")))
                .hasMessageContaining("5 MiB");
    }

    /** The id of a process that has exited (a staged key of it is garbage). */
    static long deadProcessId() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
