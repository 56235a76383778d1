package org.matdx.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.testing.CrashWorkload;
import org.matdx.testing.TestFiles;

/**
 * Restarts and crashes against a real embedded PostgreSQL in its own data directory, the way
 * `matdx up` runs: data survives a clean restart, and a writer killed with SIGKILL at random
 * moments leaves no half entry, no orphan blob and an intact audit chain after the next start.
 */
class DurabilityTest {
    static Path dataDir;

    @BeforeAll
    static void dir() throws Exception {
        dataDir = Files.createTempDirectory("matdx-durability");
    }

    @AfterAll
    static void cleanup() {
        TestFiles.deleteRecursively(dataDir);
    }

    @Test
    void cleanRestartFindsEverythingAgain() throws Exception {
        Path dir = Files.createTempDirectory("matdx-restart");
        try {
            String datasetId;
            String token;
            try (Platform p = Platform.start(PlatformConfig.defaults(dir).withDemo(false).withWorkers(0))) {
                token = Bootstrap.adminToken(p);
                User admin = Bootstrap.ensureAdmin(p);
                var caller = new Caller.Account(admin, p.users().memberships(admin.id()), Scope.ADMIN);
                var d = p.catalog().createDataset(RequestContext.local(caller), new NewDataset("kept", "", null, "public", null, false, null, null));
                p.catalog().addEntries(RequestContext.local(caller), d.id(), List.of(new NewEntry(null, null, "SrTiO3", null, null, null, null,
                        null, null, null, null)));
                p.uploads().upload(RequestContext.local(caller), d.id(), "a.txt", new java.io.ByteArrayInputStream("abc".getBytes()), false);
                datasetId = d.id().toString();
            }
            try (Platform p = Platform.start(PlatformConfig.defaults(dir).withDemo(false).withWorkers(0))) {
                assertThat(Bootstrap.adminToken(p)).isEqualTo(token);
                var entries = p.entries().listByDataset(java.util.UUID.fromString(datasetId), null, 10);
                assertThat(entries).hasSize(2);
                assertThat(entries.get(0).composition().reducedFormula()).isEqualTo("SrTiO3");
                assertThat(new String(p.blobStore().open(entries.get(1).files().get(0).sha256()).readAllBytes())).isEqualTo("abc");
                assertThat(p.audit().verify(null).intact()).isTrue();
            }
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }

    @Test
    void killedWriterLeavesAConsistentStore() throws Exception {
        Random random = new Random(20261122);
        for (int round = 0; round < 4; round++) {
            Process child = new ProcessBuilder(javaBinary(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    CrashWorkload.class.getName(), dataDir.toString(), Long.toString(round))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int killAfter = 5 + random.nextInt(60);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                int completed = 0;
                String line;
                while ((line = out.readLine()) != null && completed < killAfter) {
                    if (line.startsWith("ok ")) {
                        completed++;
                    }
                }
                assertThat(completed).as("the workload ran (round %d)", round).isEqualTo(killAfter);
            }
            child.destroyForcibly(); // SIGKILL, mid-write
            child.waitFor();

            try (Platform p = Platform.start(PlatformConfig.defaults(dataDir).withDemo(false).withWorkers(0))) {
                assertConsistent(p);
            }
        }
    }

    private static void assertConsistent(Platform p) throws Exception {
        var db = p.db();
        Set<String> rows = Set.copyOf(db.read(h -> h.createQuery("SELECT sha256 FROM blobs").mapTo(String.class).list()));
        Set<String> files;
        try (var s = p.blobStore().list()) {
            files = s.collect(Collectors.toSet());
        }
        assertThat(files).as("every file on disk is registered, every registered blob has its file").isEqualTo(rows);
        for (String sha : rows) {
            long size = db.read(h -> h.createQuery("SELECT size FROM blobs WHERE sha256 = :s").bind("s", sha).mapTo(Long.class).one());
            assertThat(p.blobStore().size(sha)).isEqualTo(size);
            if (size < 200_000) {
                try (var in = p.blobStore().open(sha)) {
                    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()))).isEqualTo(sha);
                }
            }
        }
        long fileEntriesWithoutFile = db.read(h -> h.createQuery("""
                SELECT count(*) FROM entries e WHERE e.kind = 'file'
                AND NOT EXISTS (SELECT 1 FROM entry_files f WHERE f.entry_id = e.id)""").mapTo(Long.class).one());
        assertThat(fileEntriesWithoutFile).as("no half-registered upload").isZero();
        long danglingFiles = db.read(h -> h.createQuery("""
                SELECT count(*) FROM entry_files f WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = f.sha256)""")
                .mapTo(Long.class).one());
        assertThat(danglingFiles).isZero();
        long unaudited = db.read(h -> h.createQuery("""
                SELECT count(*) FROM entries e WHERE NOT EXISTS (
                    SELECT 1 FROM audit_events a WHERE (a.object_type = 'entry' AND a.object_id = e.id::text)
                       OR (a.action = 'entry.create.batch' AND a.detail LIKE '%' || e.id::text || '%'))""").mapTo(Long.class).one());
        assertThat(unaudited).as("every committed entry has its audit event").isZero();
        try (var staging = Files.list(((org.matdx.store.LocalBlobStore) p.blobStore()).root().resolve(".staging"))) {
            assertThat(staging.toList()).as("no staging leftovers").isEmpty();
        }
        AuditLog.Verification v = p.audit().verify(null);
        assertThat(v.intact()).as(v.reason()).isTrue();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
