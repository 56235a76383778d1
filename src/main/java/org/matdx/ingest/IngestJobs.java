package org.matdx.ingest;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.access.ActingAs;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.ingest.structuring.XAxis;
import org.matdx.jobs.Job;
import org.matdx.jobs.JobHandler;
import org.matdx.jobs.JobQueue;
import org.matdx.store.Database;
import org.matdx.store.JobInbox;
import org.matdx.store.UserStore;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a queued ingest keeps: the uploaded files wait in an inbox ({@link JobInbox}: in the
 * bucket with an S3 blob store, so any worker on any host can take the job; under the data
 * directory with the local store), the job's payload keeps the {@link IngestRequest}, and
 * {@code ingest_outcomes} each file's outcome so that an attempt resumes where the last stopped.
 * {@link Ingestion} queues the request and runs the job; the inbox is removed when the job ends.
 */
public final class IngestJobs {
    public static final String JOB_KIND = "ingest";
    /** Attempts of one ingest job: each resumes where the last stopped, so retrying is safe. */
    static final int MAX_ATTEMPTS = 5;

    private final JobQueue jobs;
    private final UserStore users;
    private final ActingAs actingAs;
    private final JobInbox inboxes;
    private final Database db;

    public IngestJobs(Database db, JobQueue jobs, UserStore users, JobInbox inboxes) {
        this.db = db;
        this.jobs = jobs;
        this.users = users;
        this.actingAs = new ActingAs(users, Clock.systemUTC());
        this.inboxes = inboxes;
    }

    /** A file waiting in the inbox. */
    public record Waiting(String name, boolean restricted) {
    }

    /** A fresh inbox for one request's files (named as {@link Ingest#relativeName} names them). */
    public String newInbox() {
        return inboxes.create();
    }

    /**
     * Keeps one file of a request in its inbox. With an S3 store that cannot be reached this is
     * a 503 problem: the caller {@link #discardInbox discards} the inbox and queues no job.
     */
    public void keep(String inbox, String name, InputStream content) {
        inboxes.put(inbox, name, content);
    }

    /** Removes an inbox whose job will not be queued; what cannot be removed now the start-up sweep removes. */
    public void discardInbox(String inbox) {
        try {
            inboxes.delete(inbox);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(IngestJobs.class).warn("Inbox {} stays for the sweep: {}", inbox, e.toString());
        }
    }

    /**
     * Queues {@code r}, whose files wait in {@code inbox}: the payload keeps the request (a file
     * mode is queued as a tree, whose summary a job answers), the job the caller who asked.
     */
    UUID enqueue(IngestRequest r, String inbox, List<Waiting> files) {
        Ingest.Options o = r.options();
        ObjectNode p = Json.object().put("dataset", r.dataset().toString()).put("inbox", inbox)
                .put("mode", r.mode() == IngestRequest.Mode.BATCH ? "batch" : "tree").put("template", o.template())
                .put("sheet", r.sheet() == null ? null : Ingest.relativeName(((IngestRequest.Part) r.sheet()).name()))
                .put("lang", o.lang()).put("x_axis", o.xAxis() == null ? null : o.xAxis().code);
        p.set("invoice", o.invoice());
        ArrayNode rn = p.putArray("restricted_names");
        r.restricted().asNames().forEach(rn::add);
        ArrayNode arr = p.putArray("files");
        files.forEach(f -> arr.addObject().put("name", f.name()).put("restricted", f.restricted()));
        // an attempt cut short (a crash, a lost database connection) is resumed by the next one: files it
        // registered are recorded with their entries (ingest_outcomes) and skipped, the inbox stays until the end
        return db.tx(h -> jobs.enqueue(h, JOB_KIND, p, r.context().caller().userId(), MAX_ATTEMPTS));
    }

    /** The request a queued job keeps, made by the user who started it (gone: the job ends for good). */
    IngestRequest request(Job job) {
        JsonNode p = job.payload();
        RequestContext context = actingAs.forJob(job, Scope.WRITE, "ingest");
        String inbox = p.path("inbox").asString();
        String sheetName = p.path("sheet").asString(null);
        List<IngestRequest.Source> files = new ArrayList<>();
        IngestRequest.Part sheet = null;
        List<String> restricted = new ArrayList<>();
        for (JsonNode f : p.path("files")) {
            String name = f.path("name").asString();
            IngestRequest.Part part = new IngestRequest.Part(name, () -> open(inbox, name));
            if (name.equals(sheetName)) {
                sheet = part;
            } else {
                files.add(part);
                if (f.path("restricted").asBoolean()) {
                    restricted.add(name);
                }
            }
        }
        p.path("restricted_names").forEach(x -> restricted.add(x.asString()));
        boolean batch = p.path("mode").asString("tree").equals("batch");
        if (batch && sheet == null) {
            throw new JobHandler.Permanent("the batch sheet of this ingest is not among its files");
        }
        JsonNode invoice = p.get("invoice") == null || p.get("invoice").isNull() ? null : p.get("invoice");
        return new IngestRequest(context, UUID.fromString(p.path("dataset").asString()),
                batch ? IngestRequest.Mode.BATCH : IngestRequest.Mode.TREE, files, batch ? sheet : null,
                IngestRequest.Restricted.of(restricted, false),
                new Ingest.Options(p.path("template").asString(null), invoice, p.path("lang").asString("en"),
                        XAxis.Stated.parse(p.path("x_axis").asString(null))));
    }

    /** A file of the job's inbox; one that is gone ends the job for good (a store that is down does not). */
    private InputStream open(String inbox, String name) {
        try {
            return inboxes.open(inbox, name);
        } catch (JobInbox.Missing e) {
            throw new JobHandler.Permanent(e.getMessage());
        }
    }

    /** The outcomes a job has recorded so far, for an attempt to resume from. */
    JobLedger ledger(UUID job) {
        return new JobLedger(job);
    }

    /**
     * The outcomes of one job's files, as {@code ingest_outcomes} records them: loaded once when
     * an attempt starts, each new outcome written as the file is done (a registered file in the
     * transaction that registers it).
     */
    final class JobLedger implements Ledger {
        private final UUID job;
        private final Map<String, IngestResult> earlier = new HashMap<>();

        JobLedger(UUID job) {
            this.job = job;
            for (JsonNode row : all()) {
                earlier.put(row.path("file").asString(), IngestResult.fromJson(row));
            }
        }

        @Override
        public IngestResult recorded(String source) {
            return earlier.get(source);
        }

        @Override
        public void registered(Handle h, int position, IngestResult result) {
            insert(h, position, result, false);
        }

        @Override
        public void refused(int position, IngestResult result) {
            db.tx(h -> {
                insert(h, position, result, true);
                return null;
            });
        }

        private void insert(Handle h, int position, IngestResult r, boolean ifAbsent) {
            // a registered file conflicting with an earlier row fails its transaction: its entries are not made twice
            h.createUpdate("INSERT INTO ingest_outcomes (job_id, source, position, outcome, result) "
                            + "VALUES (:job, :source, :position, :outcome, CAST(:result AS jsonb))"
                            + (ifAbsent ? " ON CONFLICT DO NOTHING" : ""))
                    .bind("job", job).bind("source", r.source()).bind("position", position).bind("outcome", r.outcome())
                    .bind("result", Json.write(r.toJson())).execute();
        }

        List<JsonNode> all() {
            return db.read(h -> h.createQuery("SELECT result FROM ingest_outcomes WHERE job_id = :job ORDER BY position, source")
                    .bind("job", job).map((rs, ctx) -> Json.read(rs.getString(1))).list());
        }
    }

    /**
     * Removes inboxes no job will read again: at once those of jobs that have ended (a process that
     * died between recording the end and removing the inbox left them), and after an hour those no
     * job names (a process died between taking the files and queuing the job, or the upload is still
     * being queued). Returns how many were removed.
     */
    public int sweepInboxes(Instant now) {
        Map<String, Instant> all = inboxes.all();
        if (all.isEmpty()) {
            return 0;
        }
        Map<String, Job.Status> status = jobs.statusesBy(JOB_KIND, "inbox", all.keySet());
        Instant unnamedBefore = now.minus(Duration.ofHours(1));
        int removed = 0;
        for (var e : all.entrySet()) {
            Job.Status s = status.get(e.getKey());
            if ((s != null && s.finished()) || (s == null && e.getValue().isBefore(unnamedBefore))) {
                inboxes.delete(e.getKey());
                removed++;
            }
        }
        return removed;
    }

    public static ObjectNode summary(List<IngestResult> results, List<Archives.Skipped> skipped) {
        return summaryOfRecorded(results.stream().map(r -> (JsonNode) r.toJson()).toList(), skipped);
    }

    /**
     * What became of every file: {@code results} has one row per main file (registered, with its
     * entries, or refused, with why) and per file nothing claimed; {@code attachments} one row per
     * auxiliary file, naming the main file and entries it went with, or refused with its main file;
     * {@code skipped} one row per file not stored because it is not data (a macOS resource fork …).
     */
    static ObjectNode summaryOfRecorded(List<JsonNode> rows, List<Archives.Skipped> skipped) {
        ObjectNode n = Json.object();
        long registered = rows.stream().filter(r -> !r.hasNonNull("error")).count();
        n.put("files", rows.size());
        n.put("succeeded", registered);
        n.put("failed", rows.size() - registered);
        ArrayNode arr = n.putArray("results");
        ArrayNode attached = Json.MAPPER.createArrayNode();
        for (JsonNode r : rows) {
            arr.add(r);
            for (JsonNode a : r.path("attachments")) {
                ObjectNode x = attached.addObject().put("file", a.asString()).put("main", r.path("file").asString());
                if (r.hasNonNull("error")) {
                    x.put("outcome", "refused").put("reason", "not stored: its main file was refused");
                } else {
                    x.put("outcome", "attached").set("entries", r.path("entries"));
                }
            }
        }
        n.put("attached", attached.size());
        n.set("attachments", attached);
        ArrayNode notData = n.putArray("skipped");
        skipped.forEach(x -> notData.add(x.toJson()));
        return n;
    }
}
