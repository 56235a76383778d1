package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.jobs.Job;
import org.matdx.jobs.JobHandler;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.Eventually;
import org.matdx.testing.IngestCrashWorkload;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.ZipBombs;
import org.matdx.testing.ZipBombs.Member;
import org.matdx.testing.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * An asynchronous ingest whose process is killed (SIGKILL) part-way resumes when MatDX starts
 * again (issue 18, finding 12): no file is registered twice, none is forgotten, and the job's
 * result gives every file's outcome — before, the job was marked failed and 69 of 100 files were
 * silently never ingested.
 */
class IngestJobResumeTest {

    @Test
    void theJobResultGivesEveryFilesOutcome() throws Exception {
        try (TestPlatform tp = TestPlatform.start().withServer()) {
            var ana = tp.person("ana");
            String dataset = ana.api().post("/api/v1/datasets", "{\"title\": \"outcomes\", \"access\": \"private\"}").json()
                    .get("id").asString();
            String scan = SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 5);
            byte[] zip = ZipBombs.zip(Member.of("a/si.xy", scan), Member.of("a/notes.txt", "aligned at 9:00"),
                    Member.of("b/broken.xy", "10.00 100\n10.02 1x0\n10.04 120\n"), Member.of("b/notes.txt", "bad day"),
                    Member.of("c/loose.txt", "nobody's"));
            var r = new Multipart().file("file", "run.zip", zip).send(ana.api(), "/api/v1/datasets/" + dataset + "/ingest?async=true");
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            Job done = tp.platform().jobs().awaitFinished(UUID.fromString(r.json().get("job").asString()), Duration.ofSeconds(60));
            JsonNode result = done.result();
            assertThat(result.get("succeeded").asInt()).isEqualTo(1);
            assertThat(result.get("failed").asInt()).isEqualTo(2);
            JsonNode rows = result.get("results");
            assertThat(rows.get(0).get("file").asString()).isEqualTo("a/si.xy");
            assertThat(rows.get(0).get("outcome").asString()).isEqualTo("registered");
            String entry = rows.get(0).get("entry").asString();
            assertThat(rows.get(1).get("file").asString()).isEqualTo("b/broken.xy");
            assertThat(rows.get(1).get("outcome").asString()).isEqualTo("refused");
            assertThat(rows.get(1).get("error").asString()).contains("b/broken.xy, line 2");
            assertThat(rows.get(2).get("file").asString()).isEqualTo("c/loose.txt");
            assertThat(rows.get(2).get("outcome").asString()).isEqualTo("refused");
            assertThat(rows.get(2).get("error").asString()).contains("not recognised as a main file");
            JsonNode attached = result.get("attachments");
            assertThat(attached.size()).isEqualTo(2);
            assertThat(attached.get(0).get("file").asString()).isEqualTo("a/notes.txt");
            assertThat(attached.get(0).get("outcome").asString()).isEqualTo("attached");
            assertThat(attached.get(0).get("main").asString()).isEqualTo("a/si.xy");
            assertThat(attached.get(0).get("entries").get(0).asString()).isEqualTo(entry);
            assertThat(attached.get(1).get("file").asString()).isEqualTo("b/notes.txt");
            assertThat(attached.get(1).get("outcome").asString()).isEqualTo("refused");
            assertThat(attached.get(1).get("main").asString()).isEqualTo("b/broken.xy");
        }
    }

    /**
     * An attempt that did every file and was killed before its success was recorded (CI met it in
     * {@code ClusterCrashTest}: the attempt had removed the inbox, so the next one failed for good
     * with "the uploaded files of this ingest are gone"): the next attempt finds the files and ends.
     */
    @Test
    void anAttemptKilledAfterItsLastFileButBeforeItsSuccessWasRecordedIsFinishedByTheNext() throws Exception {
        try (TestPlatform tp = TestPlatform.start(c -> c.withWorkers(0))) {
            Platform p = tp.platform();
            User u = p.accounts().createUser(Bootstrap.SYSTEM, "late", "late", null, null, null, false);
            Caller.Account caller = new Caller.Account(u, p.users().memberships(u.id()), Scope.WRITE);
            var dataset = p.catalog().createDataset(RequestContext.local(caller), new NewDataset("late", "", null, "private", null, false, null, null));
            List<IngestRequest.Source> files = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] xy = SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.01, 0.12, 300 + i).getBytes(StandardCharsets.UTF_8);
                files.add(new IngestRequest.Part("scans/late-" + i + ".xy", () -> new ByteArrayInputStream(xy)));
            }
            UUID job = p.ingestion().queue(new IngestRequest(RequestContext.local(caller), dataset.id(), IngestRequest.Mode.TREE, files, null, null,
                    new Ingest.Options("auto", null, "en")));
            String inbox = p.jobs().get(job).orElseThrow().payload().path("inbox").asString();
            // the first attempt runs to its end in a process that dies before it can record it
            Job first = p.jobs().claim("4242@gone", List.of(IngestJobs.JOB_KIND)).orElseThrow();
            JsonNode done = p.ingestion().handler().run(first, new JobHandler.Progress() {
                @Override
                public void report(double fraction, String message) {
                }

                @Override
                public boolean cancelled() {
                    return false;
                }
            });
            assertThat(done.get("succeeded").asInt()).isEqualTo(3);
            assertThat(p.jobs().requeueOrphans("gone", pid -> false)).isEqualTo(1);
            p.db().run(h -> h.execute("UPDATE jobs SET run_after = now() WHERE id = ?", job));
            p.worker().start();
            p.worker().nudge();
            Job second = p.jobs().awaitFinished(job, Duration.ofMinutes(2));
            assertThat(second.status()).as(String.valueOf(second.error())).isEqualTo(Job.Status.SUCCEEDED);
            assertThat(second.attempts()).isEqualTo(2);
            assertThat(second.result().get("succeeded").asInt()).as("the first attempt's files, each once").isEqualTo(3);
            long entries = p.db().read(h -> h.createQuery("SELECT count(*) FROM entries WHERE dataset_id = :d")
                    .bind("d", dataset.id()).mapTo(Long.class).one());
            assertThat(entries).isEqualTo(3);
            Eventually.holds("the inbox goes once the job has ended", Duration.ofSeconds(30),
                    () -> !Files.exists(tp.dataDir().resolve("ingest-inbox").resolve(inbox)));
        }
    }

    @Test
    void anIngestKilledPartWayResumesAtTheNextStartWithoutDuplicates() throws Exception {
        Path dir = Files.createTempDirectory("matdx-ingest-resume");
        int files = 100;
        try {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                    "-cp", System.getProperty("java.class.path"), IngestCrashWorkload.class.getName(), dir.toString(),
                    Integer.toString(files)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            UUID job = null;
            UUID dataset = null;
            long doneAtKill = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("job ")) {
                        String[] w = line.split(" ");
                        job = UUID.fromString(w[1]);
                        dataset = UUID.fromString(w[3]);
                    } else if (line.startsWith("done ") && Long.parseLong(line.substring(5)) >= 10) {
                        doneAtKill = Long.parseLong(line.substring(5));
                        break;
                    }
                }
            } finally {
                child.destroyForcibly(); // SIGKILL, mid-ingest
                child.waitFor();
            }
            assertThat(job).as("the workload queued its job").isNotNull();
            assertThat(doneAtKill).as("killed part-way").isBetween(10L, (long) files - 1);

            try (Platform p = Platform.start(PlatformConfig.defaults(dir).withDemo(false).withWorkers(1))) {
                Job finished = p.jobs().awaitFinished(job, Duration.ofMinutes(3));
                assertThat(finished.status()).as(String.valueOf(finished.error())).isEqualTo(Job.Status.SUCCEEDED);
                JsonNode result = finished.result();
                assertThat(result.get("files").asInt()).isEqualTo(files);
                assertThat(result.get("succeeded").asInt()).isEqualTo(files);
                assertThat(result.get("attempts").asInt()).as("resumed by a second attempt").isEqualTo(2);
                List<String> sources = new ArrayList<>();
                for (JsonNode r : result.get("results")) {
                    assertThat(r.get("outcome").asString()).isEqualTo("registered");
                    assertThat(r.get("entries").size()).isEqualTo(1);
                    sources.add(r.get("file").asString());
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < files; i++) {
                    expected.add(String.format("scans/run-%03d.xy", i));
                }
                assertThat(sources).containsExactlyElementsOf(expected);
                UUID d = dataset;
                List<String> titles = p.db().read(h -> h.createQuery("SELECT title FROM entries WHERE dataset_id = :d")
                        .bind("d", d).mapTo(String.class).list());
                assertThat(titles).as("each file registered once").hasSize(files).doesNotHaveDuplicates();
                Set<String> entryIds = p.db().read(h -> h.createQuery("SELECT id::text FROM entries WHERE dataset_id = :d")
                        .bind("d", d).mapTo(String.class).set());
                Set<String> reported = new java.util.HashSet<>();
                result.get("results").forEach(r -> reported.add(r.get("entry").asString()));
                assertThat(reported).isEqualTo(entryIds);
                assertThat(p.audit().verify(null).intact()).isTrue();
                Set<String> rows = Set.copyOf(p.db().read(h -> h.createQuery("SELECT sha256 FROM blobs").mapTo(String.class).list()));
                Set<String> stored;
                try (var s = p.blobStore().list()) {
                    stored = s.collect(Collectors.toSet());
                }
                assertThat(stored).as("no orphan blob, no missing one").isEqualTo(rows);
                Eventually.holds("the inbox goes once the job is done", Duration.ofSeconds(30), () -> {
                    try (var inbox = Files.list(dir.resolve("ingest-inbox"))) {
                        return inbox.findAny().isEmpty();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }
}
