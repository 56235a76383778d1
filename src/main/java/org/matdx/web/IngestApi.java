package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.matdx.access.Visibility;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.Samples;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.FormulaException;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.Sample;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.InvoiceSchema;
import org.matdx.ingest.Reader;
import org.matdx.ingest.Template;
import org.matdx.platform.Platform;
import org.matdx.web.ui.UiRoutes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structuring over HTTP: templates and their invoice schemas, registering instrument files with
 * an invoice (one file, or many in one request — each with its own result), and samples with
 * their QR codes and measurements.
 */
final class IngestApi {
    private final Platform platform;
    private final Ingest ingest;
    private final Samples samples;

    IngestApi(Platform platform) {
        this.platform = platform;
        this.ingest = platform.ingest();
        this.samples = platform.samples();
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/templates", this::templates);
        r.get("/api/v1/templates/{id}", this::template);
        r.get("/api/v1/readers", this::readers);
        r.post("/api/v1/datasets/{id}/ingest", this::ingestFiles);
        r.post("/api/v1/samples", this::createSample);
        r.get("/api/v1/samples/{id}", this::sample);
        r.get("/api/v1/samples/{id}/qr.png", this::qr);
    }

    static ObjectNode template(Template t, boolean withSchema) {
        ObjectNode n = Json.object().put("id", t.id()).put("instrument_type", t.instrumentType());
        n.set("title", Json.tree(t.title()));
        n.set("files", Json.tree(t.filePatterns()));
        n.set("readers", Json.tree(t.readers()));
        n.put("kind", t.kind());
        n.set("descriptors", Json.tree(t.descriptors()));
        if (withSchema) {
            n.set("invoice_schema", InvoiceSchema.of(t));
        }
        return n;
    }

    private void templates(Context ctx) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        ingest.templates().all().forEach(t -> items.add(template(t, false)));
        ctx.json(Json.object().set("items", items));
    }

    private void template(Context ctx) {
        String id = ctx.pathParam("id");
        Template t = ingest.templates().byId(id).orElseThrow(() -> Problem.notFound("template", id));
        ctx.json(template(t, true));
    }

    private void readers(Context ctx) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (Reader r : ingest.readers().all()) {
            items.addObject().put("id", r.id()).put("name", r.name());
        }
        ctx.json(Json.object().set("items", items));
    }

    /**
     * Multipart: one or more {@code file} parts, an {@code invoice} part (JSON), optional
     * {@code template} (default: recognised from the content) and {@code restricted}. Or the raw
     * file as the body with {@code ?filename=…[&template=…]}, registered without an invoice.
     */
    private void ingestFiles(Context ctx) {
        UUID dataset = Requests.id(ctx, "id", "dataset");
        Caller caller = Requests.caller(ctx);
        String lang = ctx.queryParam("lang") != null ? ctx.queryParam("lang") : UiRoutes.language(ctx);
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        if (!contentType.startsWith("multipart/form-data")) {
            String name = ctx.queryParam("filename");
            if (name == null) {
                throw Problem.invalid("filename", "give the file name as ?filename=… (or send multipart form data with 'file' and 'invoice' parts)");
            }
            var req = new Ingest.Request(dataset, ctx.queryParam("template"), name, null,
                    Requests.boolParam(ctx, "restricted"), lang, null, null);
            Ingest.Result res = ingest.ingest(caller, req, ctx.bodyInputStream(), Requests.origin(ctx));
            ctx.status(201).json(result(res));
            return;
        }
        List<UploadedFile> files = ctx.uploadedFiles("file");
        if (files.isEmpty()) {
            throw Problem.invalid("file", "the multipart form needs at least one part named 'file'");
        }
        JsonNode invoice = invoice(ctx);
        String template = ctx.formParam("template");
        boolean restricted = "true".equalsIgnoreCase(ctx.formParam("restricted"));
        if (files.size() == 1) {
            Ingest.Result res = ingestOne(caller, dataset, template, files.get(0), invoice, restricted, lang, ctx);
            ctx.status(201).json(result(res));
            return;
        }
        // several files: each is registered on its own, and answers for itself
        ArrayNode results = Json.MAPPER.createArrayNode();
        int ok = 0;
        for (UploadedFile f : files) {
            try {
                JsonNode inv = invoice == null ? null : withDataName(invoice, f.filename(), files.size());
                results.add(result(ingestOne(caller, dataset, template, f, inv, restricted, lang, ctx)).put("status", "stored"));
                ok++;
            } catch (Problem p) {
                if (p.type() == Problem.Type.NOT_FOUND || p.type() == Problem.Type.UNAUTHORIZED || p.type() == Problem.Type.FORBIDDEN) {
                    throw p; // the dataset itself: every file would fail the same way
                }
                ObjectNode o = results.addObject().put("file", f.filename()).put("status", "rejected").put("error", p.getMessage());
                ArrayNode issues = o.putArray("errors");
                p.issues().forEach(i -> issues.addObject().put("field", i.field()).put("message", i.message()));
            }
        }
        ctx.status(ok == files.size() ? 201 : ok == 0 ? 422 : 207)
                .json(Json.object().put("stored", ok).put("rejected", files.size() - ok).set("results", results));
    }

    /** With several files and one invoice, each entry is named after its file unless the invoice names it. */
    private static JsonNode withDataName(JsonNode invoice, String fileName, int count) {
        ObjectNode copy = (ObjectNode) invoice.deepCopy();
        ObjectNode basic = copy.has("basic") && copy.get("basic").isObject() ? (ObjectNode) copy.get("basic") : copy.putObject("basic");
        String name = basic.path("data_name").asString("");
        basic.put("data_name", name.isBlank() ? fileName : count > 1 ? name + " — " + fileName : name);
        return copy;
    }

    private Ingest.Result ingestOne(Caller caller, UUID dataset, String template, UploadedFile f, JsonNode invoice,
                                    boolean restricted, String lang, Context ctx) {
        try (InputStream in = f.content()) {
            return ingest.ingest(caller, new Ingest.Request(dataset, template, f.filename(), invoice, restricted, lang,
                    null, null), in, Requests.origin(ctx));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode invoice(Context ctx) {
        String text = ctx.formParam("invoice");
        if (text == null) {
            UploadedFile part = ctx.uploadedFile("invoice");
            if (part == null) {
                return null;
            }
            try (InputStream in = part.content()) {
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (text.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw Problem.invalid("invoice", "is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    private static ObjectNode result(Ingest.Result r) {
        ObjectNode o = Json.object().put("file", r.file()).put("template", r.template()).put("reader", r.reader())
                .put("points", r.points()).put("sites", r.sites());
        if (r.sample() != null) {
            o.put("sample", r.sample().toString());
        }
        ArrayNode entries = o.putArray("entries");
        r.entries().forEach(e -> entries.add(Views.entry(new Catalog.EntryView(e, Visibility.OWNER))));
        return o;
    }

    // ---- samples --------------------------------------------------------------------------

    private void createSample(Context ctx) {
        JsonNode b = Requests.jsonBody(ctx);
        String name = Requests.text(b, "name");
        if (name == null || name.isBlank()) {
            throw Problem.invalid("name", "a sample needs a name");
        }
        Composition c = null;
        String formula = Requests.text(b, "composition");
        if (formula != null && !formula.isBlank()) {
            try {
                c = Composition.parse(formula);
            } catch (FormulaException e) {
                throw Problem.invalid("composition", e.getMessage());
            }
        }
        Caller caller = Requests.caller(ctx);
        if (!(caller instanceof Caller.Account a) || !a.scope().includes(org.matdx.core.Scope.WRITE)) {
            throw caller instanceof Caller.Account ? Problem.forbidden("this API token is read-only")
                    : Problem.unauthorized("registering a sample needs an account");
        }
        UUID group = null;
        String groupName = Requests.text(b, "group");
        if (groupName != null) {
            group = platform.users().groupByName(groupName).filter(g -> a.groups().containsKey(g.id()))
                    .orElseThrow(() -> Problem.invalid("group", "you are not a member of a group '" + groupName + "'")).id();
        }
        Sample s = samples.prepare(caller, name.strip(), c, Requests.text(b, "description"), group);
        platform.db().tx(h -> {
            samples.insert(h, s);
            return null;
        });
        ctx.status(201).header("Location", "/api/v1/samples/" + s.id());
        ctx.json(sampleJson(new Samples.SampleView(s, List.of()), ctx));
    }

    private void sample(Context ctx) {
        ctx.json(sampleJson(samples.view(Requests.caller(ctx), ctx.pathParam("id"), Requests.origin(ctx)), ctx));
    }

    private void qr(Context ctx) {
        Samples.SampleView v = samples.view(Requests.caller(ctx), ctx.pathParam("id"), Requests.origin(ctx));
        int size = Math.max(80, Math.min(1000, Requests.intParam(ctx, "size", 300)));
        ctx.contentType("image/png").result(Samples.qrPng(pageUrl(ctx, v.sample()), size));
    }

    static String pageUrl(Context ctx, Sample s) {
        return Requests.baseUrl(ctx) + "/samples/" + s.id();
    }

    private static ObjectNode sampleJson(Samples.SampleView v, Context ctx) {
        Sample s = v.sample();
        ObjectNode n = Json.object().put("id", s.id().toString()).put("pid", s.pid()).put("name", s.name())
                .put("description", s.description()).put("created_at", s.createdAt().toString())
                .put("url", pageUrl(ctx, s)).put("qr", "/api/v1/samples/" + s.id() + "/qr.png");
        if (s.composition() != null) {
            n.put("formula", s.composition().reducedFormula());
            n.set("composition", Json.composition(s.composition()));
        }
        ArrayNode m = n.putArray("measurements");
        for (Catalog.EntryView e : v.measurements()) {
            m.addObject().put("id", e.entry().id().toString()).put("title", e.entry().title())
                    .put("kind", e.entry().kind().code()).put("template", e.entry().template())
                    .put("dataset", e.entry().datasetId().toString()).put("created_at", e.entry().createdAt().toString())
                    .put("outcome", e.entry().outcome().code());
        }
        return n;
    }
}
