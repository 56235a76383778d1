package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.matdx.catalog.Catalog;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.ingest.Archives;
import org.matdx.ingest.BatchSheet;
import org.matdx.formats.FormatException;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestJobs;
import org.matdx.jobs.Worker;
import org.matdx.ingest.IngestResult;
import org.matdx.ingest.Upload;
import org.matdx.ingest.template.InvoiceValidator;
import org.matdx.ingest.template.Template;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structuring over HTTP: templates with their invoice schemas, and
 * {@code POST /api/v1/datasets/{id}/ingest} (multipart: {@code file} parts, an {@code invoice}
 * JSON part, optional {@code template}, {@code restricted} file names, {@code sheet} for a batch).
 */
final class IngestApi {
    private final Catalog catalog;
    private final Ingest ingest;
    private final IngestJobs ingestJobs;
    private final Worker worker;

    IngestApi(Catalog catalog, Ingest ingest, IngestJobs ingestJobs, Worker worker) {
        this.catalog = catalog;
        this.ingest = ingest;
        this.ingestJobs = ingestJobs;
        this.worker = worker;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/templates", this::templates);
        r.get("/api/v1/templates/{id}", this::template);
        r.post("/api/v1/datasets/{id}/ingest", this::ingest);
    }

    private static String lang(Context ctx) {
        String form = null;
        try {
            form = ctx.isMultipartFormData() ? ctx.formParam("lang") : null;
        } catch (RuntimeException ignored) {
            // not a form
        }
        return InvoiceValidator.language(ctx.queryParam("lang") != null ? ctx.queryParam("lang") : form,
                ctx.header("Accept-Language"));
    }

    private void templates(Context ctx) {
        String lang = lang(ctx);
        ArrayNode items = Json.MAPPER.createArrayNode();
        ingest.templates().all().forEach(t -> items.add(summary(t, lang)));
        ctx.json(Json.object().set("items", items));
    }

    private void template(Context ctx) {
        String id = ctx.pathParam("id");
        Template t = ingest.templates().byId(id).orElseThrow(() -> Problem.notFound("template", id));
        ObjectNode n = summary(t, lang(ctx));
        n.set("invoice_schema", ingest.templates().validator().fullSchema(t));
        ctx.json(n);
    }

    private static ObjectNode summary(Template t, String lang) {
        ObjectNode n = Json.object().put("id", t.id()).put("instrument_type", t.instrumentType())
                .put("name", t.title(lang)).put("reader", t.reader());
        n.putObject("title").put("ja", t.title().get("ja")).put("en", t.title().get("en"));
        ArrayNode p = n.putArray("file_patterns");
        t.filePatterns().forEach(p::add);
        n.putObject("produces").put("kind", t.produces().kind()).put("plot", t.produces().plot())
                .set("descriptors", Json.tree(t.produces().descriptors()));
        n.put("self", "/api/v1/templates/" + t.id());
        return n;
    }

    private void ingest(Context ctx) {
        UUID datasetId = Requests.id(ctx, "id", "dataset");
        var caller = Requests.caller(ctx);
        catalog.writableDataset(caller, datasetId); // 401/403/404 before a byte is stored
        if (!ctx.isMultipartFormData()) {
            throw new Problem(Problem.Type.UNSUPPORTED_MEDIA_TYPE,
                    "send multipart/form-data with one or more 'file' parts and an 'invoice' part");
        }
        String lang = lang(ctx);
        List<UploadedFile> files = ctx.uploadedFiles("file");
        UploadedFile sheetPart = ctx.uploadedFile("sheet");
        if (files.isEmpty()) {
            throw Problem.invalid("file", "the form needs at least one part named 'file'");
        }
        JsonNode invoice = invoice(ctx);
        String template = ctx.formParam("template");
        org.matdx.ingest.structuring.XAxis.Stated xAxis;
        try {
            String stated = ctx.formParam("x_axis");
            xAxis = org.matdx.ingest.structuring.XAxis.Stated.parse(stated != null ? stated : ctx.queryParam("x_axis"));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("x_axis", e.getMessage());
        }
        Set<String> restrictedNames = new HashSet<>(ctx.formParams("restricted"));
        boolean allRestricted = Requests.boolParam(ctx, "restricted") || restrictedNames.contains("*");
        Predicate<String> restricted = name -> allRestricted || restrictedNames.contains(name)
                || restrictedNames.contains(name.substring(name.lastIndexOf('/') + 1));
        String mode = ctx.formParam("mode");
        if (mode == null) {
            mode = sheetPart != null ? "batch"
                    : files.size() == 1 && !Archives.isArchiveName(files.get(0).filename()) ? "file" : "tree";
        }
        if (!Set.of("file", "tree", "batch").contains(mode)) {
            throw Problem.invalid("mode", "must be file, tree or batch");
        }
        if (mode.equals("batch") && xAxis != null) {
            throw Problem.invalid("x_axis", "a batch sheet registers each row with its own template; x_axis applies to file and tree"
                    + " uploads only");
        }
        if (mode.equals("batch") && sheetPart == null) {
            throw Problem.invalid("sheet", "a batch needs a 'sheet' part (CSV or XLSX, one invoice per row)");
        }
        if (Requests.boolParam(ctx, "async")) {
            enqueue(ctx, caller, datasetId, files, sheetPart, mode, template, invoice, lang, restricted,
                    allRestricted ? List.of("*") : List.copyOf(restrictedNames), xAxis);
            return;
        }
        List<Archives.Skipped> skipped = new ArrayList<>();
        List<Upload> uploads = stage(files, restricted, skipped);
        if (uploads.isEmpty() && !mode.equals("batch")) {
            throw Problem.invalid("file", "no data to register: " + skipped.stream().map(x -> x.file() + " is " + x.reason()).toList());
        }
        switch (mode) {
            case "file" -> {
                Upload main = uploads.get(0);
                IngestResult r = ingest.ingestFile(caller, datasetId, main, uploads.subList(1, uploads.size()),
                        new Ingest.Options(template, invoice, lang, Requests.origin(ctx), xAxis));
                if (!r.ok()) {
                    throw new Problem(Problem.Type.UNPROCESSABLE, r.error(), r.issues());
                }
                ctx.status(201).header("Location", "/api/v1/entries/" + r.entries().get(0));
                var body = r.toJson();
                var notData = body.putArray("skipped");
                skipped.forEach(x -> notData.add(x.toJson()));
                ctx.json(body);
            }
            case "tree" -> {
                List<IngestResult> rs = ingest.ingestTree(caller, datasetId, uploads,
                        new Ingest.Options(template, invoice, lang, Requests.origin(ctx), xAxis), Ingest.Progress.NONE);
                ctx.status(200).json(IngestJobs.summary(rs, skipped));
            }
            default -> {
                BatchSheet sheet;
                try (InputStream in = sheetPart.content()) {
                    sheet = BatchSheet.read(sheetPart.filename(), in);
                } catch (FormatException e) {
                    ingest.discard(uploads);
                    throw new Problem(Problem.Type.UNPROCESSABLE, e.getMessage());
                } catch (IOException e) {
                    ingest.discard(uploads);
                    throw new UncheckedIOException(e);
                }
                List<IngestResult> rs = ingest.ingestBatch(caller, datasetId, sheet, uploads, lang, Requests.origin(ctx),
                        Ingest.Progress.NONE);
                ctx.status(200).json(IngestJobs.summary(rs, skipped));
            }
        }
    }

    private List<Upload> stage(List<UploadedFile> files, Predicate<String> restricted, List<Archives.Skipped> skipped) {
        List<Upload> out = new ArrayList<>();
        var unpacked = org.matdx.formats.Unzip.Budget.request(ingest.limits()); // all zips of the request together
        try {
            for (UploadedFile f : files) {
                try (InputStream in = new java.io.BufferedInputStream(f.content())) {
                    in.mark(8);
                    byte[] head = in.readNBytes(Archives.Compression.HEAD);
                    in.reset();
                    Archives.Compression packed = Archives.Compression.of(f.filename(), head);
                    if (Archives.isArchive(f.filename(), head)) {
                        out.addAll(Archives.unpack(ingest, f.filename(), in, restricted, unpacked, skipped));
                    } else if (packed != null) {
                        out.add(Archives.decompress(ingest, f.filename(), packed, in, restricted, unpacked));
                    } else if (Archives.notData(f.filename()) != null) {
                        skipped.add(new Archives.Skipped(f.filename(), Archives.notData(f.filename())));
                    } else {
                        String name = Ingest.relativeName(f.filename());
                        out.add(ingest.stage(name, in, restricted.test(name)));
                    }
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

    private void enqueue(Context ctx, org.matdx.core.Caller caller, UUID datasetId, List<UploadedFile> files,
                         UploadedFile sheetPart, String mode, String template, JsonNode invoice, String lang,
                         Predicate<String> restricted, List<String> restrictedNames,
                         org.matdx.ingest.structuring.XAxis.Stated xAxis) {
        IngestJobs jobs = ingestJobs;
        // with an S3 store the files wait in the bucket; a store that is down answers 503 here, before
        // anything is queued (docs/DEPLOY.md: an upload that no worker elsewhere could read is not taken)
        String inbox = jobs.newInbox();
        List<IngestJobs.Waiting> waiting = new ArrayList<>();
        try {
            List<UploadedFile> all = new ArrayList<>(files);
            if (sheetPart != null) {
                all.add(sheetPart);
            }
            for (UploadedFile f : all) {
                String name = Ingest.relativeName(f.filename());
                try (InputStream in = f.content()) {
                    jobs.keep(inbox, name, in);
                }
                waiting.add(new IngestJobs.Waiting(name, restricted.test(name)));
            }
        } catch (IOException | RuntimeException e) {
            jobs.discardInbox(inbox);
            throw e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e);
        }
        UUID job = jobs.enqueue(caller, datasetId, inbox, waiting, mode.equals("file") ? "tree" : mode, template, invoice,
                sheetPart == null ? null : Ingest.relativeName(sheetPart.filename()), lang, restrictedNames, xAxis);
        worker.nudge();
        ctx.status(202).header("Location", "/api/v1/jobs/" + job);
        ctx.json(Json.object().put("job", job.toString()).put("status_url", "/api/v1/jobs/" + job));
    }

    private static JsonNode invoice(Context ctx) {
        String text = ctx.formParam("invoice");
        if (text == null) {
            UploadedFile f = ctx.uploadedFile("invoice");
            if (f != null) {
                try (InputStream in = f.content()) {
                    text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        JsonNode n = Json.readUntrusted(text, "invoice");
        if (!n.isObject()) {
            throw Problem.invalid("invoice", "must be a JSON object with basic, sample and custom parts");
        }
        return n;
    }
}
