package org.matdx.access;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.jobs.JobHandler;
import org.matdx.jobs.JobQueue;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;

/**
 * Lifts embargoes whose date has come: the dataset becomes public and the trail says so. Runs at
 * start and then daily as a job (shortly after midnight UTC). The access policy already opens
 * an embargoed dataset on its date, so a late run never hides data that should be open; the job
 * makes the stored level and the trail say what happened.
 */
public final class EmbargoLifter {
    public static final String JOB_KIND = "access.embargo.lift";
    public static final Caller ACTOR = new Caller.System("embargo");

    private final Database db;
    private final DatasetStore datasets;
    private final Sharing sharing;
    private final JobQueue jobs;
    private final Clock clock;

    public EmbargoLifter(Database db, DatasetStore datasets, Sharing sharing, JobQueue jobs, Clock clock) {
        this.db = db;
        this.datasets = datasets;
        this.sharing = sharing;
        this.jobs = jobs;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Lifts every due embargo in one transaction; returns the datasets lifted. */
    public List<Dataset> liftDue() {
        return db.tx(h -> {
            List<Dataset> due = datasets.dueEmbargoes(h, today());
            for (Dataset d : due) {
                sharing.lift(h, RequestContext.local(ACTOR), d, "the embargo date " + d.access().embargoUntil() + " has come");
            }
            return due;
        });
    }

    /** When the next daily run is due: five minutes past the coming midnight UTC. */
    public Instant nextRun() {
        return today().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(300);
    }

    /** Makes sure one daily run is queued (called at start and after each run). */
    public void scheduleDaily() {
        db.run(h -> {
            h.execute("SELECT pg_advisory_xact_lock(?)", 0x456d626172676fL); // "Embargo": one scheduler at a time
            if (!jobs.hasQueued(h, JOB_KIND)) {
                jobs.enqueueAt(h, JOB_KIND, Json.object(), null, 3, nextRun());
            }
        });
    }

    public JobHandler handler() {
        return (job, progress) -> {
            List<Dataset> lifted = liftDue();
            scheduleDaily();
            var ids = Json.MAPPER.createArrayNode();
            lifted.forEach(d -> ids.add(d.id().toString()));
            return Json.object().put("lifted", lifted.size()).put("date", today().toString()).set("datasets", ids);
        };
    }
}
