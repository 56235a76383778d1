package org.matdx.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.EntryKind;
import org.matdx.core.FileRole;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Sample;
import org.matdx.formats.FormatException;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitExceeded;
import org.matdx.formats.LimitedInput;
import org.matdx.formats.Parsed;
import org.matdx.formats.ReadBudget;
import org.matdx.formats.Reader;
import org.matdx.formats.Readers;
import org.matdx.ingest.sample.Samples;
import org.matdx.ingest.structuring.Structurer;
import org.matdx.ingest.structuring.XAxis;
import org.matdx.ingest.template.Template;
import org.matdx.ingest.template.TemplateLibrary;
import org.matdx.store.BlobRegistry;
import org.matdx.store.StagedBlob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structuring: a raw file and its invoice become entries. Each main file is read in full before
 * anything is stored; its blobs (raw file, attachments, plots), the entries, a new sample and the
 * audit events then commit in one transaction, so a file that is refused — unrecognised,
 * truncated, not matching its template, or with an invalid invoice — leaves no entry and no blob.
 */
public final class Ingest {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    private final Catalog catalog;
    private final BlobRegistry blobs;
    private final Readers readers;
    private final TemplateLibrary templates;
    private final Samples samples;
    private final Structurer structurer;
    private final Clock clock;
    private final long maxBytes;
    private final IngestLimits limits;

    /**
     * @param maxBytes the most one file may be, as uploaded or as unpacked from an uploaded zip
     * @param limits   what unpacking and reading one upload may cost
     */
    public Ingest(Catalog catalog, BlobRegistry blobs, Readers readers, TemplateLibrary templates, Samples samples,
                  Structurer structurer, Clock clock, long maxBytes, IngestLimits limits) {
        this.catalog = catalog;
        this.blobs = blobs;
        this.readers = readers;
        this.templates = templates;
        this.samples = samples;
        this.structurer = structurer;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.limits = limits;
    }

    public IngestLimits limits() {
        return limits;
    }

    /** The most one file may be, as uploaded or once unpacked from a zip. */
    public long maxFileBytes() {
        return maxBytes;
    }

    public Readers readers() {
        return readers;
    }

    public TemplateLibrary templates() {
        return templates;
    }

    public Samples samples() {
        return samples;
    }

    /** Streams a received file to staging (hashing it); the caller hands it to an ingest method, which always disposes of it. */
    public Upload stage(String name, InputStream content, boolean restricted) {
        String safe = relativeName(name);
        try {
            return new Upload(safe, blobs.store().stage(content, maxBytes), restricted);
        } catch (Problem p) {
            if (p.type() != Problem.Type.TOO_LARGE) {
                throw p;
            }
            String m = safe + ": larger than the " + IngestLimits.size(maxBytes) + " one file may be (a limit of this MatDX"
                    + " installation; its operator sets it with --max-upload-mb)";
            throw new Problem(Problem.Type.TOO_LARGE, m, List.of(new Problem.Issue("file", m)));
        } catch (UncheckedIOException e) {
            // a limit of the stream being staged (a zip member) surfaces through the blob store as I/O
            if (e.getCause() instanceof LimitExceeded l) {
                throw new Problem(Problem.Type.TOO_LARGE, l.getMessage(), List.of(new Problem.Issue("file", l.getMessage())));
            }
            throw e;
        }
    }

    /** Forgets staged uploads that will not be ingested. */
    public void discard(List<Upload> uploads) {
        uploads.forEach(u -> blobs.store().discard(u.staged()));
    }

    /** How a file should be read: an explicit template id, or {@code null}/{@code auto} to recognise it. */
    /**
     * How to register a file.
     *
     * @param xAxis what the uploader says the x axis of a measurement is, where the file leaves it
     *              open (null: as the file says)
     */
    public record Options(String template, JsonNode invoice, String lang, XAxis.Stated xAxis) {
        public Options(String template, JsonNode invoice, String lang) {
            this(template, invoice, lang, null);
        }

        public boolean auto() {
            return template == null || template.isBlank() || template.equals("auto");
        }
    }

    // ---- one file + invoice -----------------------------------------------------------------

    /** Registers one main file (and its attachments) with one invoice. Never throws for a bad file: the result says why. */
    public IngestResult ingestFile(RequestContext context, UUID datasetId, Upload main, List<Upload> attachments, Options o) {
        Dataset d = catalog.writableDataset(context.caller(), datasetId);
        return one(context, d, main, attachments, o, main.name(), false, Ledger.NONE, 0);
    }

    /** One main file, its outcome written down in {@code ledger} at {@code position}. */
    private IngestResult one(RequestContext context, Dataset d, Upload main, List<Upload> attachments, Options o, String source,
                             boolean titleFromFile, Ledger ledger, int position) {
        IngestResult r = attempt(context, d, main, attachments, o, source, titleFromFile, ledger, position);
        if (!r.ok()) {
            ledger.refused(position, r);
        }
        return r;
    }

    private IngestResult attempt(RequestContext context, Dataset d, Upload main, List<Upload> attachments, Options o, String source,
                                 boolean titleFromFile, Ledger ledger, int position) {
        Caller caller = context.caller();
        List<Upload> all = new ArrayList<>();
        all.add(main);
        all.addAll(attachments);
        List<StagedBlob> toDiscard = new ArrayList<>(all.stream().map(Upload::staged).toList());
        String templateId = o.auto() ? null : o.template();
        boolean handedOver = false;
        try {
            Template t = pickTemplate(main, o);
            templateId = t.id();
            List<Parsed> records = XAxis.apply(records(main, t, attachments), o.xAxis(), main.baseName());
            JsonNode invoiceJson = o.invoice() != null ? o.invoice() : defaultInvoice(caller, main, records);
            Invoice invoice = Invoice.parse(invoiceJson, t, templates, o.lang());
            Sample existing = null;
            if (invoice.sample() instanceof Invoice.Existing ex) {
                existing = samples.resolve(caller, ex.id()).map(Samples.SampleView::sample).orElseThrow(() ->
                        Problem.invalid("sample.id", "ja".equals(o.lang()) ? "試料 '" + ex.id() + "' は見つかりません"
                                : "no sample '" + ex.id() + "' that you may see"));
            }
            List<Entry> entries = new ArrayList<>();
            List<StagedBlob> staged = new ArrayList<>(toDiscard);
            int points = 0;
            int sites = 0;
            var now = clock.instant();
            EntryFile raw = file(main, FileRole.RAW);
            List<EntryFile> attached = attachments.stream().map(a -> file(a, FileRole.ATTACHMENT)).toList();
            Composition sampleComposition = existing != null ? existing.composition()
                    : invoice.sample() instanceof Invoice.NewSample ns ? ns.composition() : null;
            UUID newSampleId = invoice.sample() instanceof Invoice.NewSample ? Ids.newId() : null;
            for (int i = 0; i < records.size(); i++) {
                Parsed p = records.get(i);
                String title = title(invoice, p, main, i, records.size(), titleFromFile);
                String base = records.size() == 1 ? main.baseName() : main.baseName() + "#" + (i + 1);
                Structurer.Structured s = structurer.structure(p, t, base, title);
                staged.addAll(s.staged());
                toDiscard.addAll(s.staged());
                points += s.points();
                sites += s.sites();
                List<EntryFile> files = new ArrayList<>();
                files.add(raw);
                files.addAll(attached);
                files.addAll(s.derivedFiles());
                ObjectNode metadata = p.metadata() != null && p.metadata().isObject() ? ((ObjectNode) p.metadata()).deepCopy() : Json.object();
                metadata.put("reader", t.reader()).put("source_file", main.name());
                if (records.size() > 1) {
                    metadata.put("record", i + 1);
                }
                Composition c = s.composition() != null ? s.composition() : sampleComposition;
                EntryKind kind = p.kind() != null ? p.kind() : EntryKind.of(t.produces().kind());
                entries.add(new Entry(Ids.newId(), d.id(), kind, title, c, s.properties(), invoice.raw(), metadata, s.data(),
                        files, existing != null ? existing.id() : newSampleId, t.id(), null, caller.userId(), now, now));
            }
            Invoice.SampleRef ref = invoice.sample();
            IngestResult done = new IngestResult(source, t.id(), entries.stream().map(Entry::id).toList(), points, sites,
                    entries.get(0).metadata(), attachments.stream().map(Upload::name).toList(), null, List.of());
            handedOver = true; // from here BlobRegistry disposes of every staged file
            blobs.register(staged, h -> {
                if (ref instanceof Invoice.NewSample ns) {
                    samples.create(h, context, d, newSampleId, ns.name(), ns.composition(), ns.description());
                }
                catalog.insertEntries(h, context, d, entries);
                ledger.registered(h, position, done); // the entries and their record commit together
                return null;
            });
            return done;
        } catch (FormatException e) {
            return refusal(source, templateId, attachments, prefixed(main, e.getMessage()), List.of());
        } catch (LimitExceeded e) {
            return refusal(source, templateId, attachments, prefixed(main, e.getMessage()),
                    List.of(new Problem.Issue("file", e.getMessage())));
        } catch (Problem p) {
            if (p.type() == Problem.Type.UNAVAILABLE) {
                throw p; // the store is down, not the file wrong: nothing is recorded, a retry does the file again
            }
            return refusal(source, templateId, attachments, source + ": " + p.getMessage(), p.issues());
        } catch (IOException e) {
            return refusal(source, templateId, attachments, source + ": cannot read the file: " + e.getMessage(), List.of());
        } catch (UncheckedIOException e) {
            return refusal(source, templateId, attachments, source + ": cannot read the file: " + e.getCause().getMessage(), List.of());
        } catch (RuntimeException e) {
            // a reader or structuring bug must not take the batch down; the log keeps the stack
            LOG.warn("structuring {} failed", source, e);
            return refusal(source, templateId, attachments, source + ": could not be structured (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", List.of());
        } finally {
            if (!handedOver) {
                toDiscard.forEach(blobs.store()::discard);
            }
        }
    }

    private static IngestResult refusal(String source, String template, List<Upload> attachments, String error,
                                        List<Problem.Issue> issues) {
        return IngestResult.failed(source, template, error, issues, attachments.stream().map(Upload::name).toList());
    }

    /**
     * The records a staged file holds, read with the template {@code o} names (or recognised), and
     * nothing stored: for callers that must check what a file says before it becomes an entry (a
     * campaign reads a trial's objective values from its raw file). Errors name the file and line.
     */
    public List<Parsed> preview(Upload main, Options o) {
        try {
            return records(main, pickTemplate(main, o), List.of());
        } catch (FormatException e) {
            throw new Problem(Problem.Type.UNPROCESSABLE, prefixed(main, e.getMessage()));
        } catch (LimitExceeded e) {
            throw new Problem(Problem.Type.UNPROCESSABLE, prefixed(main, e.getMessage()));
        } catch (IOException e) {
            throw new Problem(Problem.Type.UNPROCESSABLE, main.name() + ": cannot read the file: " + e.getMessage());
        }
    }

    /**
     * Runs independent per-file work a few at a time — each file is its own transaction — so many
     * small files use every core; the results come back in the order of {@code work}.
     */
    private static List<IngestResult> concurrently(List<Callable<IngestResult>> work) {
        int inFlight = Math.max(2, Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));
        try (var pool = Executors.newFixedThreadPool(inFlight, Thread.ofPlatform().daemon().name("ingest-", 0).factory())) {
            List<IngestResult> out = new ArrayList<>(work.size());
            for (var f : pool.invokeAll(work)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while structuring " + work.size() + " files", e);
        } catch (ExecutionException e) {
            // one() turns every failure of a file into its result; anything else is a bug to see
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Counts a finished file for the progress bar (steps arrive one at a time, in the order files finish). */
    private static IngestResult reported(Progress progress, AtomicInteger finished, int total, String name,
                                         IngestResult r) {
        synchronized (progress) {
            progress.step(finished.incrementAndGet(), total, name);
        }
        return r;
    }

    /**
     * The records of a staged file as the template's reader reads them, within the reading limits
     * and time budget; an empty file is an error.
     */
    private List<Parsed> records(Upload main, Template t, List<Upload> attachments) throws IOException, FormatException {
        Reader reader = readers.byId(t.reader()).orElseThrow();
        Reader.Companions companions = name -> {
            for (Upload a : attachments) {
                if (a.baseName().equalsIgnoreCase(name)) {
                    // the same bound as any file a reader reads
                    try (InputStream in = new LimitedInput(Files.newInputStream(a.staged().path()), a.baseName(), limits)) {
                        return in.readAllBytes();
                    }
                }
            }
            return null;
        };
        List<Parsed> records = ReadBudget.read(reader, main.baseName(), main.staged().path(), limits, companions);
        if (records.isEmpty()) {
            throw FormatException.inFile(main.baseName(), "the file holds no records for " + reader.name());
        }
        return records;
    }

    private static String prefixed(Upload main, String message) {
        // readers name the base name; keep the path of files from directories and zips
        return main.name().equals(main.baseName()) || !message.startsWith(main.baseName())
                ? message : main.directory() + "/" + message;
    }

    private Template pickTemplate(Upload main, Options o) throws IOException {
        if (!o.auto()) {
            return templates.byId(o.template()).orElseThrow(() -> Problem.invalid("template",
                    "no template '" + o.template() + "'; known: " + String.join(", ", templates.all().stream().map(Template::id).toList())));
        }
        byte[] head = head(main);
        List<Readers.Candidate> candidates = readers.candidates(main.baseName(), head);
        for (Readers.Candidate c : candidates) {
            var t = templates.forReader(c.reader().id());
            if (t.isPresent()) {
                return t.get();
            }
        }
        throw Problem.invalid("file", readers.unrecognised(main.baseName()));
    }

    /** Whether some installed reader with a template recognises the file (directory and zip uploads pick main files with it). */
    public boolean isMainFile(Upload u) {
        try {
            byte[] head = head(u);
            return readers.candidates(u.baseName(), head).stream()
                    .anyMatch(c -> templates.forReader(c.reader().id()).isPresent());
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] head(Upload u) throws IOException {
        try (InputStream in = Files.newInputStream(u.staged().path())) {
            return in.readNBytes(Readers.HEAD_BYTES);
        }
    }

    private String title(Invoice inv, Parsed p, Upload main, int i, int n, boolean fromFile) {
        String base = fromFile ? main.name() : inv.basic().dataName();
        if (n == 1) {
            return base;
        }
        String own = p.title() != null && !p.title().isBlank() ? p.title() : "record " + (i + 1);
        return base + " — " + own;
    }

    /** The invoice used when none is given: the file's name, today, the caller as owner. */
    private JsonNode defaultInvoice(Caller caller, Upload main, List<Parsed> records) {
        ObjectNode n = Json.object();
        ObjectNode b = n.putObject("basic").put("data_name", main.baseName())
                .put("date", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString());
        if (caller instanceof Caller.Account a) {
            b.put("owner", a.user().username());
        }
        return n;
    }

    private static EntryFile file(Upload u, FileRole role) {
        return new EntryFile(u.name(), u.staged().sha256(), u.staged().size(), Uploads.mediaType(u.baseName()), role,
                u.restricted());
    }

    // ---- directory or zip (NOMAD style) -----------------------------------------------------

    /**
     * Every recognised main file becomes an entry; the other files of its directory are attached
     * to it. Files that no main file claims are reported, not stored.
     */
    public List<IngestResult> ingestTree(RequestContext context, UUID datasetId, List<Upload> files, Options o, Progress progress) {
        return ingestTree(context, datasetId, files, o, progress, Ledger.NONE);
    }

    /**
     * As {@link #ingestTree(RequestContext, UUID, List, Options, Progress)}, writing each file's outcome in
     * {@code ledger} and skipping the files it already records (an attempt that resumes).
     */
    public List<IngestResult> ingestTree(RequestContext context, UUID datasetId, List<Upload> files, Options o, Progress progress,
                                         Ledger ledger) {
        Dataset d = catalog.writableDataset(context.caller(), datasetId);
        Map<String, List<Upload>> mains = new LinkedHashMap<>();
        Map<String, List<Upload>> others = new LinkedHashMap<>();
        for (Upload u : files) {
            (isMainFile(u) ? mains : others).computeIfAbsent(u.directory(), k -> new ArrayList<>()).add(u);
        }
        int total = mains.values().stream().mapToInt(List::size).sum();
        List<Upload> unclaimed = new ArrayList<>();
        others.forEach((dir, list) -> {
            if (!mains.containsKey(dir)) {
                unclaimed.addAll(list);
            }
        });
        // main files are independent (one transaction each): structure them a few at a time, so a
        // directory of scans uses every core instead of one, and report them in the order given
        AtomicInteger finished = new AtomicInteger();
        List<Callable<IngestResult>> work = new ArrayList<>();
        for (var e : mains.entrySet()) {
            List<Upload> aux = others.getOrDefault(e.getKey(), List.of());
            for (Upload m : e.getValue()) {
                int position = work.size();
                IngestResult earlier = ledger.recorded(m.name());
                if (earlier != null) {
                    blobs.store().discard(m.staged());
                    work.add(() -> reported(progress, finished, total, m.name(), earlier));
                    continue;
                }
                // each main file gets its own staged copy of the auxiliaries (staging is consumed per transaction)
                List<Upload> copies = aux.stream().map(this::copy).toList();
                work.add(() -> reported(progress, finished, total, m.name(),
                        one(context, d, m, copies, o, m.name(), true, ledger, position)));
            }
        }
        others.values().forEach(list -> list.stream().filter(a -> mains.containsKey(a.directory()))
                .forEach(a -> blobs.store().discard(a.staged())));
        List<IngestResult> out = new ArrayList<>(concurrently(work));
        for (Upload u : unclaimed) {
            blobs.store().discard(u.staged());
            IngestResult r = IngestResult.failed(u.name(), null, u.name() + ": not recognised as a main file and no main file in its"
                    + " directory to attach it to; " + readers.unrecognised(u.baseName()), List.of());
            if (ledger.recorded(u.name()) == null) {
                ledger.refused(out.size(), r);
            }
            out.add(r);
        }
        return out;
    }

    private Upload copy(Upload u) {
        try (InputStream in = Files.newInputStream(u.staged().path())) {
            return new Upload(u.name(), blobs.store().stage(in, Long.MAX_VALUE), u.restricted());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- batch from a spreadsheet -----------------------------------------------------------

    /**
     * One invoice per sheet row, each naming its file(s); every row gets its own result. Files
     * that no row names are reported and not stored.
     */
    public List<IngestResult> ingestBatch(RequestContext context, UUID datasetId, BatchSheet sheet, List<Upload> files, String lang, Progress progress) {
        return ingestBatch(context, datasetId, sheet, files, lang, progress, Ledger.NONE);
    }

    /** As the batch above, writing each row's outcome in {@code ledger} and skipping rows it already records. */
    public List<IngestResult> ingestBatch(RequestContext context, UUID datasetId, BatchSheet sheet, List<Upload> files, String lang, Progress progress, Ledger ledger) {
        Dataset d = catalog.writableDataset(context.caller(), datasetId);
        Map<String, Upload> byName = new LinkedHashMap<>();
        for (Upload u : files) {
            byName.put(u.name(), u);
            byName.putIfAbsent(u.baseName(), u);
        }
        AtomicInteger finished = new AtomicInteger();
        int total = sheet.rows().size();
        List<Callable<IngestResult>> work = new ArrayList<>();
        for (BatchSheet.Row row : sheet.rows()) {
            int position = work.size();
            String source = sheet.name() + ", row " + row.line();
            if (!row.issues().isEmpty()) {
                IngestResult r = IngestResult.failed(source, row.template(), source + ": the row is not a valid invoice", row.issues());
                work.add(() -> reported(progress, finished, total, source, refusedOnce(ledger, position, r)));
                continue;
            }
            List<Upload> named = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String f : row.files()) {
                Upload u = byName.get(f);
                if (u == null) {
                    missing.add(f);
                } else {
                    named.add(u);
                }
            }
            if (!missing.isEmpty()) {
                IngestResult r = IngestResult.failed(source, row.template(), source + ": file(s) not uploaded: " + String.join(", ", missing),
                        List.of(new Problem.Issue("file", "not uploaded: " + String.join(", ", missing))));
                work.add(() -> reported(progress, finished, total, source, refusedOnce(ledger, position, r)));
                continue;
            }
            String rowSource = source + " (" + named.get(0).name() + ")";
            IngestResult earlier = ledger.recorded(rowSource);
            if (earlier != null) {
                work.add(() -> reported(progress, finished, total, source, earlier));
                continue;
            }
            // a file may be named by several rows: each row works on its own staged copy
            List<Upload> mine = named.stream().map(this::copy).toList();
            work.add(() -> reported(progress, finished, total, source, one(context, d, mine.get(0), mine.subList(1, mine.size()),
                    new Options(row.template(), row.invoice(), lang), rowSource, false, ledger, position)));
        }
        List<IngestResult> out = concurrently(work);
        discard(files);
        return out;
    }

    /** A refusal decided before any file is read: written down unless an earlier attempt did. */
    private static IngestResult refusedOnce(Ledger ledger, int position, IngestResult r) {
        if (ledger.recorded(r.source()) == null) {
            ledger.refused(position, r);
        }
        return r;
    }

    /** Reports progress per file (CLI progress bar, job progress). */
    @FunctionalInterface
    public interface Progress {
        void step(int done, int total, String current);

        Progress NONE = (done, total, current) -> {
        };
    }

    /** A name that keeps directories (for tree uploads) but nothing that climbs out of them. */
    public static String relativeName(String name) {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("filename", "the upload needs a file name");
        }
        String n = name.replace('\\', '/');
        List<String> parts = new ArrayList<>();
        for (String p : n.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw Problem.invalid("filename", "'" + name + "' climbs out of its directory");
            }
            parts.add(Uploads.safeName(p));
        }
        if (parts.isEmpty()) {
            throw Problem.invalid("filename", "'" + name + "' is not a usable file name");
        }
        String joined = String.join("/", parts);
        if (joined.length() > 255) {
            throw Problem.invalid("filename", "'" + name + "' is longer than 255 characters");
        }
        return joined;
    }
}
