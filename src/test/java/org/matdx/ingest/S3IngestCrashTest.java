package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.matdx.jobs.Job;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.testing.IngestCrashWorkload;
import org.matdx.testing.S3Server;
import org.matdx.testing.TestFiles;

/**
 * A MatDX process whose blobs are on S3 is killed (SIGKILL) in the middle of an ingest; the next
 * start sweeps what it left and resumes the job. Every registered blob then has its object and
 * every object its row, and nothing staged or half-uploaded remains in the bucket.
 */
class S3IngestCrashTest {
    static final String STORE = "s3://" + S3Server.BUCKET + "/crash";

    @Test
    void anIngestKilledMidwayLeavesNoOrphanObjectNoMissingOneAndNothingStaged() throws Exception {
        Path dir = Files.createTempDirectory("matdx-s3-crash");
        int files = 60;
        try (S3Server s3 = S3Server.start()) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                    "-cp", System.getProperty("java.class.path"), IngestCrashWorkload.class.getName(), dir.toString(),
                    Integer.toString(files), STORE).redirectError(ProcessBuilder.Redirect.DISCARD);
            var s = s3.settings();
            pb.environment().put("MATDX_S3_ENDPOINT", s.endpoint().toString());
            pb.environment().put("AWS_ACCESS_KEY_ID", s.accessKey());
            pb.environment().put("AWS_SECRET_ACCESS_KEY", s.secretKey());
            pb.environment().put("AWS_REGION", s.region());
            Process child = pb.start();
            UUID job = null;
            long doneAtKill = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("job ")) {
                        job = UUID.fromString(line.split(" ")[1]);
                    } else if (line.startsWith("done ") && Long.parseLong(line.substring(5)) >= 8) {
                        doneAtKill = Long.parseLong(line.substring(5));
                        break;
                    }
                }
            } finally {
                child.destroyForcibly(); // SIGKILL, mid-ingest: uploads staged, copies in flight
                child.waitFor();
            }
            assertThat(job).as("the workload queued its job").isNotNull();
            assertThat(doneAtKill).as("killed part-way").isBetween(8L, (long) files - 1);

            s3.asEnvironment();
            try (Platform p = Platform.start(PlatformConfig.defaults(dir).withDemo(false).withWorkers(1).withBlobStore(STORE))) {
                Job finished = p.jobs().awaitFinished(job, Duration.ofMinutes(3));
                assertThat(finished.status()).as(String.valueOf(finished.error())).isEqualTo(Job.Status.SUCCEEDED);
                assertThat(finished.result().get("succeeded").asInt()).isEqualTo(files);
                Set<String> rows = Set.copyOf(p.db().read(h -> h.createQuery("SELECT sha256 FROM blobs").mapTo(String.class).list()));
                Set<String> stored;
                try (var all = p.blobStore().list()) {
                    stored = all.collect(Collectors.toSet());
                }
                assertThat(rows).hasSizeGreaterThanOrEqualTo(files);
                assertThat(stored).as("no orphan object, no missing one").isEqualTo(rows);
                assertThat(s3.keys("crash/staging/")).as("nothing staged remains").isEmpty();
                assertThat(s3.client().listMultipartUploads(b -> b.bucket(S3Server.BUCKET).prefix("crash/")).uploads()).isEmpty();
                assertThat(p.audit().verify(null).intact()).isTrue();
            }
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }
}
