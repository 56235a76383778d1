package org.matdx.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Group;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Role;
import org.matdx.core.Scope;
import org.matdx.elementstrategy.ScreenService;
import org.matdx.jobs.Job;
import org.matdx.jobs.JobHandler;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;

/**
 * A queued job runs as the user who started it, as that user is when the job runs: demoted in the
 * meantime, the job has the lesser rights; gone, the job ends for good with a message saying so.
 */
class QueuedJobsRunAsTheirStarterTest {
    static TestPlatform tp;
    static ActingAs actingAs;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c);
        actingAs = new ActingAs(tp.platform().users(), tp.platform().config().clock());
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** A job of a kind no worker takes, so that it waits in the queue while the test changes its starter. */
    static Job queued(UUID by) {
        UUID id = tp.platform().jobs().enqueue("test.waiting", Json.object(), by);
        return tp.platform().jobs().get(id).orElseThrow();
    }

    @Test
    void aStarterDemotedAfterQueueingRunsTheJobWithTheLesserRights() {
        Person owner = tp.person("olga");
        Person editor = tp.person("emil");
        Group lab = tp.group("demotion-lab", owner);
        tp.join(lab, editor, Role.EDITOR);
        UUID dataset = tp.platform().catalog().createDataset(RequestContext.local(owner.caller(tp.platform())),
                new NewDataset("Shared XRD", "", "CC-BY-4.0", "group", null, false, "demotion-lab", null)).id();
        Job job = queued(editor.user().id());

        RequestContext asQueued = actingAs.forJob(job, Scope.WRITE, "ingest");
        assertThat(asQueued.origin()).isEqualTo("job:" + job.id());
        assertThat(asQueued.caller().userId()).isEqualTo(editor.user().id());
        assertThat(((Caller.Account) asQueued.caller()).groups()).containsEntry(lab.id(), Role.EDITOR);
        assertThat(tp.platform().catalog().writableDataset(asQueued.caller(), dataset).id()).isEqualTo(dataset);

        tp.join(lab, editor, Role.VIEWER); // demoted while the job waits
        RequestContext whenRun = actingAs.forJob(job, Scope.WRITE, "ingest");
        assertThat(((Caller.Account) whenRun.caller()).groups()).containsEntry(lab.id(), Role.VIEWER);
        assertThatThrownBy(() -> tp.platform().catalog().writableDataset(whenRun.caller(), dataset))
                .isInstanceOf(Problem.class);
    }

    @Test
    void aJobWhoseStarterIsGoneEndsForGoodSayingSo() {
        Job orphan = new Job(UUID.randomUUID(), "test.waiting", Json.object(), Job.Status.RUNNING, 1, 3, null, null, null,
                null, UUID.randomUUID(), null, null, null);
        assertThatThrownBy(() -> actingAs.forJob(orphan, Scope.WRITE, "ingest"))
                .isInstanceOf(JobHandler.Permanent.class)
                .hasMessage("the user who started this ingest no longer exists");
    }

    @Test
    void theWorkerFailsAQueuedScreenWhoseStarterIsGoneAtOnce() throws Exception {
        UUID id = tp.platform().jobs().enqueue(ScreenService.JOB_KIND, Json.object(), null);
        tp.platform().worker().nudge();
        Job done = tp.platform().jobs().awaitFinished(id, Duration.ofSeconds(60));
        assertThat(done.status()).isEqualTo(Job.Status.FAILED);
        assertThat(done.attempts()).as("a permanent failure is not retried").isEqualTo(1);
        assertThat(done.error()).isEqualTo("the user who started this screen no longer exists");
    }
}
