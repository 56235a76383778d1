package org.matdx.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.NewEntry;
import org.matdx.catalog.Samples;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.FileRole;
import org.matdx.core.Problem;
import org.matdx.core.Sample;
import org.matdx.store.BlobRegistry;
import org.matdx.store.StagedBlob;
import tools.jackson.databind.JsonNode;

/**
 * Registers an instrument file with its invoice and structures it: the file is staged and
 * hashed, its template chosen (or recognised from its content), the invoice checked against the
 * template's schema, the file read, and then — in one transaction — the blob, a new sample if the
 * invoice names one, the entries and their audit events are stored. Anything wrong before that
 * commit leaves nothing behind: no entry, no sample, no blob.
 */
public final class Ingest {
    private final Catalog catalog;
    private final Samples samples;
    private final BlobRegistry blobs;
    private final Readers readers;
    private final Templates templates;
    private final long maxBytes;

    public Ingest(Catalog catalog, Samples samples, BlobRegistry blobs, Readers readers, Templates templates, long maxBytes) {
        this.catalog = catalog;
        this.samples = samples;
        this.blobs = blobs;
        this.readers = readers;
        this.templates = templates;
        this.maxBytes = maxBytes;
    }

    public Templates templates() {
        return templates;
    }

    public Readers readers() {
        return readers;
    }

    /**
     * One file to register.
     *
     * @param template   a template id, or null / "auto" to recognise it from the file
     * @param invoice    the invoice; null registers the file with its name as data name
     * @param restricted store the raw file but never share it beyond the dataset's owners
     * @param lang       language of error messages (ja / en)
     */
    public record Request(UUID dataset, String template, String fileName, JsonNode invoice, boolean restricted,
                          String lang, String outcome, String outcomeReason) {
    }

    /** What became of one file. */
    public record Result(String file, String template, String reader, List<Entry> entries, UUID sample) {
        public int points() {
            return entries.stream().mapToInt(e -> e.data() == null ? 0 : e.data().path("descriptors").path("points").asInt(0)).sum();
        }

        public int sites() {
            return entries.stream().mapToInt(e -> e.data() == null ? 0 : e.data().path("structure").path("sites").size()).sum();
        }
    }

    public Result ingest(Caller caller, Request req, InputStream content, AuditLog.Origin origin) {
        Dataset d = catalog.writableDataset(caller, req.dataset());
        String name = Uploads.safeName(req.fileName());
        StagedBlob staged = blobs.store().stage(content, maxBytes);
        boolean handedOver = false;
        try {
            byte[] head = head(staged);
            Template t = req.template() == null || req.template().isBlank() || req.template().equals("auto")
                    ? templates.recognise(readers, name, head).orElseThrow(() -> unrecognised(name))
                    : templates.require(req.template());
            Reader reader = readers.recognise(name, head, t.readers()).map(Readers.Match::reader)
                    .orElseThrow(() -> Problem.invalid("file", name + ": not a file template '" + t.id() + "' reads (it takes "
                            + String.join(", ", t.readers().stream().map(r -> readers.byId(r).map(Reader::name).orElse(r)).toList())
                            + ")"));
            Invoice invoice = InvoiceSchema.validate(t, req.invoice() == null ? Invoice.minimal(name) : req.invoice(), req.lang());
            List<Parsed> parsed = read(reader, name, staged);

            Sample newSample = null;
            UUID sampleId = null;
            String sampleFormula = null;
            switch (invoice.sample()) {
                case Invoice.ExistingSample e -> {
                    Sample s = samples.usable(caller, e.id());
                    sampleId = s.id();
                    sampleFormula = s.composition() == null ? null : s.composition().formula();
                }
                case Invoice.NewSample n -> {
                    newSample = samples.prepare(caller, n.name(), n.composition(), n.description(), d.groupId());
                    sampleId = newSample.id();
                    sampleFormula = n.composition() == null ? null : n.composition().formula();
                }
                case Invoice.NoSample none -> {
                }
            }
            EntryFile file = new EntryFile(name, staged.sha256(), staged.size(), Uploads.mediaType(name), FileRole.RAW,
                    req.restricted());
            List<Entry> built = new ArrayList<>();
            List<Problem.Issue> issues = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                NewEntry ne = Structuring.entry(parsed.get(i), invoice, t, reader, name, staged.sha256(), sampleId,
                        sampleFormula, req.outcome(), req.outcomeReason());
                Entry e = catalog.validate(caller, d, ne, parsed.size() == 1 ? "" : "records[" + i + "].", issues);
                if (e != null) {
                    built.add(withFile(e, file));
                }
            }
            if (!issues.isEmpty()) {
                throw Problem.invalid(issues);
            }
            Sample toInsert = newSample;
            handedOver = true; // from here the registry cleans up the staged file whatever happens
            List<Entry> stored = blobs.register(staged, h -> {
                if (toInsert != null) {
                    samples.insert(h, toInsert);
                }
                catalog.insertEntries(h, caller, d, built, origin);
                return built;
            });
            return new Result(name, t.id(), reader.id(), stored, sampleId);
        } finally {
            if (!handedOver) {
                blobs.store().discard(staged);
            }
        }
    }

    private static Entry withFile(Entry e, EntryFile f) {
        return new Entry(e.id(), e.datasetId(), e.kind(), e.title(), e.composition(), e.properties(), e.invoice(),
                e.metadata(), e.data(), List.of(f), e.sampleId(), e.template(), e.outcome(), e.createdBy(),
                e.createdAt(), e.updatedAt());
    }

    private Problem unrecognised(String name) {
        return Problem.invalid("file", name + ": no template recognises this file; choose one of "
                + String.join(", ", templates.all().stream().map(Template::id).toList())
                + " (formats read: " + String.join(", ", readers.all().stream().map(Reader::name).toList()) + ")");
    }

    private static byte[] head(StagedBlob staged) {
        try (InputStream in = Files.newInputStream(staged.path())) {
            return in.readNBytes(Readers.HEAD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Parsed> read(Reader reader, String name, StagedBlob staged) {
        try (InputStream in = Files.newInputStream(staged.path())) {
            List<Parsed> out = reader.read(name, in);
            if (out.isEmpty()) {
                throw Problem.invalid("file", name + ": the file holds no records");
            }
            return out;
        } catch (FormatException e) {
            throw new Problem(Problem.Type.UNPROCESSABLE, e.getMessage(), List.of(new Problem.Issue("file", e.getMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (e instanceof Problem p) {
                throw p;
            }
            // a reader bug must not become a 500 with a half-read file: report it against the file
            throw new Problem(Problem.Type.UNPROCESSABLE, name + ": " + reader.name() + " could not read this file ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    List.of(new Problem.Issue("file", name + ": unreadable")));
        }
    }
}
