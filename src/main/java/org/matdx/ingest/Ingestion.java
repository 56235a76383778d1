package org.matdx.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.matdx.catalog.Catalog;
import org.matdx.core.Problem;
import org.matdx.formats.FormatException;
import org.matdx.formats.Unzip;
import org.matdx.ingest.IngestRequest.Part;
import org.matdx.jobs.Job;
import org.matdx.jobs.JobHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries out an {@link IngestRequest}, the one place that does: at once for the HTTP API and the
 * CLI ({@link #register}), or queued ({@link #queue}: the files wait in an inbox) and then run by
 * the job's {@link #handler} through the same steps. The steps: stage every file (unpacking
 * archives under one unpacking budget for the whole request, skipping what is not data), read the
 * batch sheet, and structure the files as the request's mode says ({@link Ingest}).
 */
public final class Ingestion {
    private final Catalog catalog;
    private final Ingest ingest;
    private final IngestJobs jobs;
    private final Runnable nudge;

    /** @param nudge wakes a worker once a job is queued */
    public Ingestion(Catalog catalog, Ingest ingest, IngestJobs jobs, Runnable nudge) {
        this.catalog = catalog;
        this.ingest = ingest;
        this.jobs = jobs;
        this.nudge = nudge;
    }

    /**
     * What became of a request: one result per main file (or sheet row), and the files skipped as
     * not data. In {@link IngestRequest.Mode#FILE} there is one result.
     */
    public record Registered(List<IngestResult> results, List<Archives.Skipped> skipped) {
        /** Every file's fate, as the API's tree and batch answers and a job's result give it. */
        public ObjectNode summary() {
            return IngestJobs.summary(results, skipped);
        }
    }

    /** Registers the request's files now; a bad file is a refused result, a bad request a Problem. */
    public Registered register(IngestRequest r, Ingest.Progress progress) {
        return register(r, progress, Ledger.NONE);
    }

    private Registered register(IngestRequest r, Ingest.Progress progress, Ledger ledger) {
        List<Archives.Skipped> skipped = new ArrayList<>();
        List<Upload> uploads = stage(r, skipped);
        if (uploads.isEmpty() && r.mode() != IngestRequest.Mode.BATCH) {
            throw Problem.invalid("file", "no data to register: " + (skipped.isEmpty() ? "the upload holds no files"
                    : skipped.stream().map(x -> x.file() + " is " + x.reason()).toList()));
        }
        BatchSheet sheet;
        try {
            sheet = r.mode() == IngestRequest.Mode.BATCH ? sheet((Part) r.sheet()) : null;
        } catch (RuntimeException e) {
            ingest.discard(uploads);
            throw e;
        }
        Ingest.Options o = r.options();
        return new Registered(switch (r.mode()) {
            case FILE -> List.of(ingest.ingestFile(r.context(), r.dataset(), uploads.get(0), uploads.subList(1, uploads.size()), o));
            case TREE -> ingest.ingestTree(r.context(), r.dataset(), uploads, o, progress, ledger);
            case BATCH -> ingest.ingestBatch(r.context(), r.dataset(), sheet, uploads, o.lang(), progress, ledger);
        }, skipped);
    }

    private static BatchSheet sheet(Part sheet) {
        try (InputStream in = sheet.content().open()) {
            return BatchSheet.read(sheet.name(), in);
        } catch (FormatException e) {
            throw new Problem(Problem.Type.UNPROCESSABLE, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stages every file of the request; on any problem whatever was staged is discarded. All
     * archives of one request share one unpacking budget ({@link org.matdx.formats.IngestLimits#maxUnpackedBytes()}).
     */
    private List<Upload> stage(IngestRequest r, List<Archives.Skipped> skipped) {
        List<Upload> out = new ArrayList<>();
        Unzip.Budget unpacked = Unzip.Budget.request(ingest.limits());
        try {
            for (IngestRequest.Source s : r.files()) {
                switch (s) {
                    case Part p -> stagePart(p, r.restricted(), unpacked, out, skipped);
                    case IngestRequest.Directory d -> stageTree(d.root(), r.restricted(), out, skipped);
                }
            }
        } catch (IOException e) {
            ingest.discard(out);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            ingest.discard(out);
            throw e;
        }
        return out;
    }

    private void stagePart(Part p, Predicate<String> restricted, Unzip.Budget unpacked, List<Upload> out,
                           List<Archives.Skipped> skipped) throws IOException {
        String name = p.name();
        try (InputStream in = new BufferedInputStream(p.content().open())) {
            in.mark(Compression.HEAD);
            byte[] head = in.readNBytes(Compression.HEAD);
            in.reset();
            Compression packed = Compression.of(name, head);
            // what a restricted archive or compressed file holds is restricted too
            Predicate<String> inside = x -> restricted.test(x) || restricted.test(name);
            if (Archives.isArchive(name, head)) {
                out.addAll(Archives.unpack(ingest, name, in, inside, unpacked, skipped));
            } else if (packed != null) {
                out.add(Archives.decompress(ingest, name, packed, in, inside, unpacked));
            } else if (Archives.notData(name) != null) {
                skipped.add(new Archives.Skipped(name, Archives.notData(name)));
            } else {
                String rel = Ingest.relativeName(name);
                out.add(ingest.stage(rel, in, restricted.test(rel)));
            }
        }
    }

    /**
     * Stages every file under {@code root}; hidden files and operating-system clutter (macOS resource
     * forks, Thumbs.db) are not staged but named in {@code skipped} with why, so the summary can say so.
     */
    private void stageTree(Path root, Predicate<String> restricted, List<Upload> out, List<Archives.Skipped> skipped)
            throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                String why = Archives.notData(rel);
                if (why == null && (rel.startsWith(".") || rel.contains("/."))) {
                    why = "hidden file (a name starting with '.'), not data"; // editor swap files, .git
                }
                if (why != null) {
                    skipped.add(new Archives.Skipped(rel, why));
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    out.add(ingest.stage(rel, in, restricted.test(rel)));
                }
            }
        }
    }

    /**
     * Queues the request: its files (and sheet) wait in a fresh inbox, and a job registers them as
     * {@link #register} would, resuming where an interrupted attempt stopped. With an S3 store that
     * is down this is a 503 before anything is queued (an upload no worker elsewhere could read is
     * not taken). Returns the job.
     */
    public UUID queue(IngestRequest r) {
        // the job runs as its starter with the right to write: whether the caller may is asked now
        catalog.writableDataset(r.context().caller(), r.dataset());
        String inbox = jobs.newInbox();
        List<IngestJobs.Waiting> waiting = new ArrayList<>();
        try {
            List<IngestRequest.Source> all = new ArrayList<>(r.files());
            if (r.sheet() != null) {
                all.add(r.sheet());
            }
            for (IngestRequest.Source s : all) {
                if (!(s instanceof Part p)) {
                    throw new IllegalArgumentException("a directory is registered at once, not queued");
                }
                String name = Ingest.relativeName(p.name());
                try (InputStream in = p.content().open()) {
                    jobs.keep(inbox, name, in);
                }
                waiting.add(new IngestJobs.Waiting(name, r.restricted().test(name)));
            }
        } catch (IOException | RuntimeException e) {
            jobs.discardInbox(inbox);
            throw e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e);
        }
        UUID job = jobs.enqueue(r, inbox, waiting);
        nudge.run();
        return job;
    }

    /** Runs queued ingests: the request the job keeps, registered with each file's outcome in the job's ledger. */
    public JobHandler handler() {
        return new JobHandler() {
            @Override
            public JsonNode run(Job job, Progress progress) {
                IngestRequest r = jobs.request(job);
                IngestJobs.JobLedger ledger = jobs.ledger(job.id());
                Registered done = register(r, (n, total, current) -> progress.report(total == 0 ? 1 : (double) n / total, current),
                        ledger);
                // every file's outcome, this attempt's and the earlier ones', in the order of the upload
                ObjectNode summary = IngestJobs.summaryOfRecorded(ledger.all(), done.skipped());
                summary.put("attempts", job.attempts());
                return summary;
            }

            // the inbox goes only once the job's end is committed: a process killed between removing
            // it and recording the success would leave a job that the next attempt cannot read
            @Override
            public void ended(Job job) {
                jobs.discardInbox(job.payload().path("inbox").asString());
            }
        };
    }
}
