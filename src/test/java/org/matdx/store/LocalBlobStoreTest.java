package org.matdx.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestFiles;
import org.matdx.testing.TestPlatform;

/**
 * The order that keeps a crash from leaving an entry that names a missing blob, with the fsyncs
 * recorded as they happen (and really done): each staged file is fsynced complete and before it is
 * renamed into place — early, on the I/O threads, or again at commit when that failed — and every
 * directory that gained a name (new directories' parents too) is fsynced after the rename and
 * before the registering transaction commits (while it runs its own statements).
 */
class LocalBlobStoreTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** fsyncs as they happen: what was on disk at that moment. */
    static final class Recording implements LocalBlobStore.Syncs {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failNext;
        volatile long delayMillis;
        /** What the database shows other connections once each directory's fsync has returned. */
        volatile java.util.function.Supplier<String> probe = () -> "";

        @Override
        public void file(Path file) throws IOException {
            sleep(delayMillis); // a slow disk: a commit that did not wait for the early fsync would overtake it
            if (failNext) {
                failNext = false;
                log.add("failed " + file.getFileName());
                throw new IOException("injected: the disk refused");
            }
            long size = Files.size(file); // NoSuchFileException when the file was renamed first
            LocalBlobStore.FSYNC.file(file);
            log.add("file " + file.getFileName() + " " + size);
        }

        @Override
        public void directory(Path dir) {
            List<String> names = new ArrayList<>();
            try (var s = Files.list(dir)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            sleep(delayMillis); // a slow disk: a transaction that did not wait would commit meanwhile
            LocalBlobStore.FSYNC.directory(dir);
            String seen = probe.get(); // once the fsync has returned
            log.add("dir " + dir + " " + String.join(",", names) + " " + seen);
        }

        int index(String prefix) {
            synchronized (log) {
                for (int i = 0; i < log.size(); i++) {
                    if (log.get(i).startsWith(prefix)) {
                        return i;
                    }
                }
            }
            return -1;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static StagedBlob stage(BlobStore store, String text) {
        return store.stage(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20);
    }

    @Test
    void everyFileIsDurableBeforeItsNameAndEveryNameBeforeTheTransactionCommits() throws Exception {
        Path root = Files.createTempDirectory("matdx-blobs");
        try {
            Recording disk = new Recording();
            disk.delayMillis = 200;
            LocalBlobStore store = new LocalBlobStore(root, disk);
            BlobRegistry registry = new BlobRegistry(tp.platform().db(), store);
            List<StagedBlob> staged = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                staged.add(stage(store, "content " + i + " " + UUID.randomUUID() + " " + "x".repeat(1000 * i)));
            }
            List<String> shas = staged.stream().map(StagedBlob::sha256).toList();
            disk.probe = () -> "committed=" + committed(shas);
            registry.register(staged, h -> {
                disk.log.add("work");
                return null;
            });
            assertThat(committed(shas)).isEqualTo(3);
            synchronized (disk.log) {
                assertThat(disk.log.stream().filter(l -> l.startsWith("dir ")))
                        .as("no directory fsynced after the transaction committed: %s", disk.log)
                        .isNotEmpty().allMatch(l -> l.endsWith(" committed=0"));
            }
            for (StagedBlob b : staged) {
                Path target = store.pathOf(b.sha256());
                assertThat(Files.size(target)).isEqualTo(b.size());
                int file = disk.index("file " + b.path().getFileName() + " " + b.size());
                int leaf = disk.index("dir " + target.getParent() + " ");
                int top = disk.index("dir " + target.getParent().getParent() + " ");
                int rootDir = disk.index("dir " + root + " ");
                assertThat(file).as("the whole staged file fsynced: %s", disk.log).isNotNegative();
                assertThat(leaf).as("its directory fsynced after the rename: %s", disk.log).isGreaterThan(file);
                assertThat(disk.log.get(leaf)).contains(b.sha256());
                // the store was empty: ab/ and ab/cd/ are new, so the root and ab/ gained names too
                assertThat(top).as("the new directory's parent fsynced: %s", disk.log).isGreaterThan(file);
                assertThat(disk.log.get(top)).contains(b.sha256().substring(2, 4));
                assertThat(rootDir).isGreaterThan(file);
            }
        } finally {
            TestFiles.deleteRecursively(root);
        }
    }

    static long committed(List<String> shas) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM blobs WHERE sha256 = ANY(:s)")
                .bindArray("s", String.class, shas).mapTo(Long.class).one());
    }

    @Test
    void aFailedEarlyFsyncIsDoneAgainBeforeTheRename() throws Exception {
        Path root = Files.createTempDirectory("matdx-blobs");
        try {
            Recording disk = new Recording();
            LocalBlobStore store = new LocalBlobStore(root, disk);
            disk.failNext = true; // the early fsync, the first for the file (a commit waits for it), fails
            StagedBlob b = stage(store, "refused once " + UUID.randomUUID());
            store.commit(b);
            int failed = disk.index("failed " + b.path().getFileName());
            int again = disk.index("file " + b.path().getFileName() + " " + b.size());
            int dir = disk.index("dir " + store.pathOf(b.sha256()).getParent() + " ");
            assertThat(failed).as(disk.log.toString()).isNotNegative();
            assertThat(again).as("fsynced again, whole, at commit: %s", disk.log).isGreaterThan(failed);
            assertThat(dir).as("and only then renamed: %s", disk.log).isGreaterThan(again);
            assertThat(store.exists(b.sha256())).isTrue();
        } finally {
            TestFiles.deleteRecursively(root);
        }
    }
}
