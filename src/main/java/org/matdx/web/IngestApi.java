package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.ingest.Archives;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestRequest;
import org.matdx.ingest.IngestResult;
import org.matdx.ingest.Ingestion;
import org.matdx.ingest.structuring.XAxis;
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
    private final Ingestion ingestion;

    IngestApi(Catalog catalog, Ingest ingest, Ingestion ingestion) {
        this.catalog = catalog;
        this.ingest = ingest;
        this.ingestion = ingestion;
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
        IngestRequest request = request(ctx, caller, datasetId);
        if (Requests.boolParam(ctx, "async")) {
            UUID job = ingestion.queue(request);
            ctx.status(202).header("Location", "/api/v1/jobs/" + job);
            ctx.json(Json.object().put("job", job.toString()).put("status_url", "/api/v1/jobs/" + job));
            return;
        }
        Ingestion.Registered done = ingestion.register(request, Ingest.Progress.NONE);
        if (request.mode() != IngestRequest.Mode.FILE) {
            ctx.status(200).json(done.summary());
            return;
        }
        IngestResult r = done.results().get(0);
        if (!r.ok()) {
            throw new Problem(Problem.Type.UNPROCESSABLE, r.error(), r.issues());
        }
        ctx.status(201).header("Location", "/api/v1/entries/" + r.entries().get(0));
        var body = r.toJson();
        var notData = body.putArray("skipped");
        done.skipped().forEach(x -> notData.add(x.toJson()));
        ctx.json(body);
    }

    /** The form as an ingest request: {@code file} parts, {@code invoice}, {@code template}, {@code mode}, {@code sheet} … */
    private static IngestRequest request(Context ctx, Caller caller, UUID datasetId) {
        String lang = lang(ctx);
        List<UploadedFile> files = ctx.uploadedFiles("file");
        UploadedFile sheetPart = ctx.uploadedFile("sheet");
        if (files.isEmpty()) {
            throw Problem.invalid("file", "the form needs at least one part named 'file'");
        }
        JsonNode invoice = invoice(ctx);
        String template = ctx.formParam("template");
        String stated = ctx.formParam("x_axis");
        XAxis.Stated xAxis = XAxis.Stated.parse(stated != null ? stated : ctx.queryParam("x_axis"));
        var restricted = IngestRequest.Restricted.of(ctx.formParams("restricted"), Requests.boolParam(ctx, "restricted"));
        String named = ctx.formParam("mode");
        IngestRequest.Mode mode = named != null ? IngestRequest.Mode.of(named) : sheetPart != null ? IngestRequest.Mode.BATCH
                : files.size() == 1 && !Archives.isArchiveName(files.get(0).filename()) ? IngestRequest.Mode.FILE
                : IngestRequest.Mode.TREE;
        if (mode == null) {
            throw Problem.invalid("mode", "must be file, tree or batch");
        }
        if (mode == IngestRequest.Mode.BATCH && xAxis != null) {
            throw Problem.invalid("x_axis", "a batch sheet registers each row with its own template; x_axis applies to file and tree"
                    + " uploads only");
        }
        if (mode == IngestRequest.Mode.BATCH && sheetPart == null) {
            throw Problem.invalid("sheet", "a batch needs a 'sheet' part (CSV or XLSX, one invoice per row)");
        }
        return new IngestRequest(Requests.context(ctx), datasetId, mode, files.stream().map(IngestApi::part).toList(),
                mode == IngestRequest.Mode.BATCH ? part(sheetPart) : null, restricted,
                new Ingest.Options(template, invoice, lang, xAxis));
    }

    private static IngestRequest.Source part(UploadedFile f) {
        return new IngestRequest.Part(f.filename(), f::content);
    }

    private static JsonNode invoice(Context ctx) {
        String text = ctx.formParam("invoice");
        if (text == null) {
            UploadedFile f = ctx.uploadedFile("invoice");
            if (f != null) {
                try (InputStream in = f.content()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
