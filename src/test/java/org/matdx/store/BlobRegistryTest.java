package org.matdx.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Problem;
import org.matdx.testing.TestPlatform;

class BlobRegistryTest {
    static TestPlatform tp;
    static BlobRegistry registry;
    static BlobStore store;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
        registry = tp.platform().blobs();
        store = tp.platform().blobStore();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static StagedBlob stage(String text) {
        return store.stage(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20);
    }

    long rows(String sha) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM blobs WHERE sha256 = :s")
                .bind("s", sha).mapTo(Long.class).one());
    }

    @Test
    void contentIsStoredOnceHoweverOftenItIsRegistered() throws Exception {
        StagedBlob a = stage("same bytes");
        StagedBlob b = stage("same bytes");
        assertThat(a.sha256()).isEqualTo(b.sha256());
        registry.register(a, h -> null);
        registry.register(b, h -> null);
        assertThat(rows(a.sha256())).isEqualTo(1);
        assertThat(store.list().filter(a.sha256()::equals).count()).isEqualTo(1);
        assertThat(new String(store.open(a.sha256()).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("same bytes");
        assertThat(Files.exists(a.path())).isFalse();
        assertThat(Files.exists(b.path())).isFalse();
    }

    @Test
    void failedTransactionLeavesNeitherRowNorFile() {
        StagedBlob s = stage("rejected content " + System.nanoTime());
        assertThatThrownBy(() -> registry.register(s, h -> {
            throw Problem.badRequest("line 3: expected 2 columns, found 1");
        })).isInstanceOf(Problem.class);
        assertThat(rows(s.sha256())).isZero();
        assertThat(store.exists(s.sha256())).isFalse();
        assertThat(Files.exists(s.path())).isFalse();
    }

    @Test
    void failedTransactionKeepsContentThatAnotherRowOwns() {
        StagedBlob first = stage("shared content");
        registry.register(first, h -> null);
        StagedBlob again = stage("shared content");
        assertThatThrownBy(() -> registry.register(again, h -> {
            throw new IllegalStateException("boom");
        }));
        assertThat(rows(first.sha256())).isEqualTo(1);
        assertThat(store.exists(first.sha256())).isTrue();
    }

    @Test
    void sweepRemovesFilesWithoutRowsAndStaleStaging() throws Exception {
        // what a process killed between rename and commit leaves: a file in place, no row
        StagedBlob orphan = stage("orphaned by a crash " + System.nanoTime());
        store.commit(orphan);
        assertThat(store.exists(orphan.sha256())).isTrue();
        // and a staging file of a process that no longer exists
        var deadStaging = ((LocalBlobStore) store).root().resolve(".staging").resolve("999999999-partial");
        Files.writeString(deadStaging, "half an upload");
        StagedBlob kept = stage("registered " + System.nanoTime());
        registry.register(kept, h -> null);

        int removed = registry.sweepOrphans();

        assertThat(removed).isGreaterThanOrEqualTo(2);
        assertThat(store.exists(orphan.sha256())).isFalse();
        assertThat(Files.exists(deadStaging)).isFalse();
        assertThat(store.exists(kept.sha256())).isTrue();
    }

    @Test
    void oneProcessSweepsAtATime() {
        StagedBlob orphan = stage("orphaned while another process sweeps " + System.nanoTime());
        store.commit(orphan);
        // another process of the cluster is sweeping: it holds the sweep's lock on its own connection
        try (var other = tp.platform().db().jdbi().open()) {
            assertThat(other.createQuery("SELECT pg_try_advisory_lock" + BlobRegistry.SWEEP_LOCK).mapTo(Boolean.class).one()).isTrue();
            assertThat(registry.sweepOrphans()).isZero();
            assertThat(store.exists(orphan.sha256())).as("left to the process that sweeps").isTrue();
            other.createQuery("SELECT pg_advisory_unlock" + BlobRegistry.SWEEP_LOCK).mapTo(Boolean.class).one();
        }
        assertThat(registry.sweepOrphans()).isGreaterThanOrEqualTo(1);
        assertThat(store.exists(orphan.sha256())).isFalse();
    }

    @Test
    void oversizedContentIsRefusedWhileStreaming() {
        assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(new byte[2048]), 1024))
                .isInstanceOf(Problem.class).hasMessageContaining("larger than the limit");
        try (var staging = Files.list(((LocalBlobStore) store).root().resolve(".staging"))) {
            assertThat(staging.filter(p -> p.getFileName().toString().startsWith(ProcessHandle.current().pid() + "-")).toList())
                    .isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void severalBlobsCommitTogether() {
        StagedBlob x = stage("x " + System.nanoTime());
        StagedBlob y = stage("y " + System.nanoTime());
        registry.register(List.of(x, y), h -> null);
        assertThat(rows(x.sha256()) + rows(y.sha256())).isEqualTo(2);
        assertThat(store.exists(x.sha256()) && store.exists(y.sha256())).isTrue();
    }
}
