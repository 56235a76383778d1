package org.matdx.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Scope;
import org.matdx.jobs.JobHandler;
import org.matdx.jobs.JobQueue;
import org.matdx.store.UserStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structuring as a background job: the uploaded files wait in an inbox directory under the data
 * directory (so any worker process on the same storage can take the job), the job structures
 * them one by one reporting progress, and the inbox is removed when the job ends.
 */
public final class IngestJobs {
    public static final String JOB_KIND = "ingest";

    private final Ingest ingest;
    private final JobQueue jobs;
    private final UserStore users;
    private final Path inboxRoot;
    private final org.matdx.store.Database db;

    public IngestJobs(org.matdx.store.Database db, Ingest ingest, JobQueue jobs, UserStore users, Path inboxRoot) {
        this.db = db;
        this.ingest = ingest;
        this.jobs = jobs;
        this.users = users;
        this.inboxRoot = inboxRoot;
    }

    /** A file waiting in the inbox. */
    public record Waiting(String name, boolean restricted) {
    }

    /** A fresh inbox directory for one request's files. */
    public Path newInbox() {
        try {
            return Files.createDirectories(inboxRoot.resolve(Ids.newId().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Queues structuring of the files in {@code inbox}. Mode {@code tree} makes each recognised
     * main file an entry with the rest attached; {@code batch} reads invoices from {@code sheet}.
     */
    public UUID enqueue(Caller caller, UUID dataset, Path inbox, List<Waiting> files, String mode, String template,
                        JsonNode invoice, String sheet, String lang, List<String> restrictedNames) {
        ObjectNode p = Json.object().put("dataset", dataset.toString()).put("inbox", inbox.getFileName().toString())
                .put("mode", mode).put("template", template).put("sheet", sheet).put("lang", lang);
        p.set("invoice", invoice);
        ArrayNode rn = p.putArray("restricted_names");
        restrictedNames.forEach(rn::add);
        ArrayNode arr = p.putArray("files");
        files.forEach(f -> arr.addObject().put("name", f.name()).put("restricted", f.restricted()));
        // one attempt: files that were structured stay registered, so a rerun would register them twice;
        // the inbox goes with the attempt either way
        return db.tx(h -> jobs.enqueue(h, JOB_KIND, p, caller.userId(), 1));
    }

    public JobHandler handler() {
        return (job, progress) -> {
            JsonNode p = job.payload();
            Caller caller = users.byId(job.createdBy())
                    .<Caller>map(u -> new Caller.Account(u, users.memberships(u.id()), Scope.WRITE))
                    .orElseThrow(() -> new JobHandler.Permanent("the user who started this ingest no longer exists"));
            Path inbox = inboxRoot.resolve(p.path("inbox").asString());
            if (!inbox.normalize().startsWith(inboxRoot.normalize()) || !Files.isDirectory(inbox)) {
                throw new JobHandler.Permanent("the uploaded files of this ingest are gone (inbox " + inbox.getFileName() + ")");
            }
            try {
                UUID dataset = UUID.fromString(p.path("dataset").asString());
                String lang = p.path("lang").asString("en");
                List<Upload> uploads = new ArrayList<>();
                Upload sheet = null;
                Unzip.Budget unpacked = Unzip.Budget.request(ingest.limits());
                try {
                    for (JsonNode f : p.path("files")) {
                        Path file = inbox.resolve(f.path("name").asString()).normalize();
                        if (!file.startsWith(inbox)) {
                            throw new JobHandler.Permanent("file name " + f.path("name").asString() + " leaves the inbox");
                        }
                        String name = f.path("name").asString();
                        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") && !name.equals(p.path("sheet").asString(null))) {
                            boolean r = f.path("restricted").asBoolean();
                            java.util.Set<String> names = new java.util.HashSet<>();
                            p.path("restricted_names").forEach(x -> names.add(x.asString()));
                            try (InputStream in = Files.newInputStream(file)) {
                                uploads.addAll(Archives.unpack(ingest, name, in, x -> r || names.contains(x)
                                        || names.contains(x.substring(x.lastIndexOf('/') + 1)), unpacked));
                            }
                            continue;
                        }
                        try (InputStream in = Files.newInputStream(file)) {
                            Upload u = ingest.stage(name, in, f.path("restricted").asBoolean());
                            if (u.name().equals(p.path("sheet").asString(null))) {
                                sheet = u;
                            } else {
                                uploads.add(u);
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    ingest.discard(uploads);
                    throw e;
                }
                Ingest.Progress step = (done, total, current) -> progress.report(total == 0 ? 1 : (double) done / total, current);
                List<IngestResult> results;
                String mode = p.path("mode").asString("tree");
                JsonNode invoice = p.get("invoice") == null || p.get("invoice").isNull() ? null : p.get("invoice");
                var options = new Ingest.Options(p.path("template").asString(null), invoice, lang, AuditLog.Origin.LOCAL);
                if (mode.equals("batch")) {
                    BatchSheet bs;
                    try (InputStream in = Files.newInputStream(sheet.staged().path())) {
                        bs = BatchSheet.read(sheet.name(), in);
                    } catch (FormatException e) {
                        ingest.discard(uploads);
                        throw new JobHandler.Permanent(e.getMessage());
                    } finally {
                        ingest.discard(List.of(sheet));
                    }
                    results = ingest.ingestBatch(caller, dataset, bs, uploads, lang, AuditLog.Origin.LOCAL, step);
                } else {
                    results = ingest.ingestTree(caller, dataset, uploads, options, step);
                }
                return summary(results);
            } finally {
                deleteTree(inbox);
            }
        };
    }

    /**
     * Removes inbox directories that no queued or running job will read — left when a process
     * died between receiving the files and queuing the job — once they are an hour old.
     * Returns how many were removed.
     */
    public int sweepInboxes(java.time.Instant now) {
        if (!Files.isDirectory(inboxRoot)) {
            return 0;
        }
        java.util.Set<String> pending = new java.util.HashSet<>(db.read(h -> h.createQuery(
                        "SELECT payload->>'inbox' FROM jobs WHERE kind = :k AND status IN ('queued', 'running')")
                .bind("k", JOB_KIND).mapTo(String.class).list()));
        int removed = 0;
        try (Stream<Path> dirs = Files.list(inboxRoot)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (pending.contains(name)) {
                    continue;
                }
                if (Files.getLastModifiedTime(d).toInstant().isBefore(now.minus(java.time.Duration.ofHours(1)))) {
                    deleteTree(d);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }

    public static ObjectNode summary(List<IngestResult> results) {
        ObjectNode n = Json.object();
        n.put("files", results.size());
        n.put("succeeded", results.stream().filter(IngestResult::ok).count());
        n.put("failed", results.stream().filter(r -> !r.ok()).count());
        ArrayNode arr = n.putArray("results");
        results.forEach(r -> arr.add(r.toJson()));
        return n;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
