package org.matdx.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.S3Server;
import org.matdx.testing.TestFiles;

/**
 * docs/DEPLOY.md's backup order on real parts (embedded PostgreSQL, S3Proxy): the database is
 * backed up first (here a copy of the stopped database's directory — this machine's pg_dump is
 * older than the embedded server and refuses it), the hub goes on (another upload), then the
 * bucket's {@code blobs/} is copied. Restored into a fresh data directory and a fresh prefix,
 * the hub finds its audit chain intact, every registered file's content, and the object written
 * after the database backup (no row in the restore) swept at start.
 */
class BackupRestoreTest {
    static final String LIVE = "live";
    static final String RESTORED = "restored";

    @Test
    void databaseFirstThenBucketRestoresEveryFileAndTheSweepRemovesWhatCameAfter() throws Exception {
        Path live = Files.createTempDirectory("matdx-live");
        Path backup = Files.createTempDirectory("matdx-backup");
        Path restored = Files.createTempDirectory("matdx-restored");
        try (S3Server s3 = S3Server.start().asEnvironment()) {
            List<String> registered = new ArrayList<>();
            try (Platform p = start(live, LIVE)) {
                Caller.Account alice = account(p);
                var dataset = p.catalog().createDataset(RequestContext.local(alice), new org.matdx.catalog.NewDataset("before the backup", "", null,
                        "private", null, false, null, null)).id();
                for (int i = 0; i < 4; i++) {
                    registered.add(ingest(p, alice, dataset, "scan-" + i + ".xy", 700 + i));
                }
            }
            // 1. the database: a cold copy of the stopped embedded PostgreSQL
            copyTree(live.resolve("postgres"), backup.resolve("postgres"));
            // 2. the hub goes on between the two copies: this file has an object but no row in the backup
            String after;
            try (Platform p = start(live, LIVE)) {
                Caller.Account alice = account(p);
                var dataset = p.catalog().createDataset(RequestContext.local(alice), new org.matdx.catalog.NewDataset("after the backup", "", null,
                        "private", null, false, null, null)).id();
                after = ingest(p, alice, dataset, "later.xy", 799);
            }
            // 3. then the bucket's contents
            for (String key : s3.keys(LIVE + "/blobs/")) {
                String target = RESTORED + key.substring(LIVE.length());
                s3.client().copyObject(b -> b.sourceBucket(S3Server.BUCKET).sourceKey(key)
                        .destinationBucket(S3Server.BUCKET).destinationKey(target));
            }
            assertThat(s3.keys(RESTORED + "/blobs/")).anyMatch(k -> k.endsWith(after));

            // restore: the database copy into a fresh data directory, the bucket copy under a fresh prefix
            copyTree(backup.resolve("postgres"), restored.resolve("postgres"));
            try (Platform r = start(restored, RESTORED)) {
                assertThat(r.audit().verify(null).intact()).as("audit chain of the restored database").isTrue();
                Set<String> rows = new HashSet<>(r.db().read(h -> h.createQuery("SELECT sha256 FROM blobs").mapTo(String.class).list()));
                Set<String> objects = new HashSet<>();
                for (String key : s3.keys(RESTORED + "/blobs/")) {
                    objects.add(key.substring(key.lastIndexOf('/') + 1));
                }
                assertThat(objects).as("every row has its object; the later upload's object, without a row, was swept")
                        .isEqualTo(rows).doesNotContain(after);
                assertThat(rows).containsAll(registered);
                for (String sha : rows) {
                    try (InputStream in = r.blobStore().open(sha)) {
                        assertThat(sha256(in.readAllBytes())).as("content of " + sha).isEqualTo(sha);
                    }
                }
            }
        } finally {
            TestFiles.deleteRecursively(live);
            TestFiles.deleteRecursively(backup);
            TestFiles.deleteRecursively(restored);
        }
    }

    private static Platform start(Path dir, String prefix) {
        return Platform.start(PlatformConfig.defaults(dir).withDemo(false).withWorkers(0)
                .withBlobStore("s3://" + S3Server.BUCKET + "/" + prefix));
    }

    private static Caller.Account account(Platform p) {
        User u = p.users().byUsername("alice").orElseGet(() ->
                p.accounts().createUser(Bootstrap.SYSTEM, "alice", "Alice", null, null, null, false));
        return new Caller.Account(u, p.users().memberships(u.id()), Scope.WRITE);
    }

    /** Ingests one scan; returns the SHA-256 of its raw file. */
    private static String ingest(Platform p, Caller.Account who, java.util.UUID dataset, String name, int seed) throws Exception {
        byte[] content = SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.12, seed).getBytes(StandardCharsets.UTF_8);
        var upload = p.ingest().stage(name, new ByteArrayInputStream(content), false);
        IngestResult r = p.ingest().ingestFile(RequestContext.local(who), dataset, upload, List.of(),
                new Ingest.Options("auto", null, "en"));
        assertThat(r.ok()).as(String.valueOf(r.error())).isTrue();
        return sha256(content);
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : all.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    // PostgreSQL refuses a data directory others may read: keep the modes
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(f));
                } else if (!f.getFileName().toString().equals("postmaster.pid")) {
                    Files.copy(f, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
