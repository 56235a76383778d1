package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.access.Visibility;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.DatasetDescription;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Credits;
import org.matdx.core.Entry;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Page;
import org.matdx.core.Problem;
import org.matdx.fair.StructureFiles;
import org.matdx.ingest.Uploads;
import org.matdx.ingest.structuring.NpySpectra;
import org.matdx.store.BlobStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** /api/v1 datasets, entries and files. Handlers parse, call the catalog, and render. */
final class CatalogApi {
    private final Uploads uploads;
    private final BlobStore blobStore;
    private final Catalog catalog;

    CatalogApi(Catalog catalog, Uploads uploads, BlobStore blobStore) {
        this.catalog = catalog;
        this.uploads = uploads;
        this.blobStore = blobStore;
    }

    void register(RoutesConfig r) {
        r.post("/api/v1/datasets", this::createDataset);
        r.get("/api/v1/datasets", this::listDatasets);
        r.get("/api/v1/datasets/{id}", this::getDataset);
        r.patch("/api/v1/datasets/{id}", this::describeDataset);
        r.post("/api/v1/datasets/{id}/entries", this::addEntries);
        r.get("/api/v1/datasets/{id}/entries", this::listEntries);
        r.post("/api/v1/datasets/{id}/files", this::uploadFile);
        r.get("/api/v1/entries/{id}", this::getEntry);
        r.get("/api/v1/entries/{id}/files/{name}", this::downloadFile);
        r.get("/api/v1/entries/{id}/signals/{n}/spectrum", this::spectrumAt);
        r.get("/api/v1/entries/{id}/structure.cif", ctx -> structureFile(ctx, "CIF"));
        r.get("/api/v1/entries/{id}/structure.poscar", ctx -> structureFile(ctx, "POSCAR"));
    }

    /**
     * An entry's crystal structure written as CIF or POSCAR from what is stored, through the same
     * gate and audit as a file download. POSCAR cannot hold partial occupancies: a disordered
     * structure is refused with the reason (422) rather than silently ordered.
     */
    private void structureFile(Context ctx, String format) {
        UUID id = Requests.id(ctx, "id", "entry");
        var download = catalog.structure(Requests.context(ctx), id, format);
        var s = download.structure();
        var broken = StructureFiles.unwritable(s);
        if (broken.isPresent()) {
            throw new Problem(Problem.Type.UNPROCESSABLE, "the structure stored with entry " + id + " cannot be written as "
                    + format + ": " + broken.get());
        }
        String name = s.composition().reducedFormula().replaceAll("[^A-Za-z0-9]", "");
        name = name.isEmpty() ? "structure" : name;
        String source = "MatDX entry " + id + (download.entry().title() == null ? "" : ": " + download.entry().title());
        String text;
        String fileName;
        if (format.equals("CIF")) {
            text = StructureFiles.cif(s, name, source);
            fileName = name + ".cif";
            ctx.contentType("chemical/x-cif; charset=utf-8");
        } else {
            var refusal = StructureFiles.poscarRefusal(s);
            if (refusal.isPresent()) {
                throw new Problem(Problem.Type.UNPROCESSABLE, "this structure cannot be written as POSCAR: " + refusal.get());
            }
            text = StructureFiles.poscar(s, source);
            fileName = name + ".POSCAR";
            ctx.contentType("text/plain; charset=utf-8");
        }
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        ctx.result(text);
    }

    private void createDataset(Context ctx) {
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        // fields this endpoint does not know are ignored, as they always were
        var dataset = new NewDataset(f.optionalText("title"), f.optionalText("description"), f.optionalText("license"),
                f.optionalText("access"), f.optionalDate("embargo_until"), f.bool("model_use_only", false), f.optionalText("group"),
                f.optionalText("template"), authors(f), keywords(f));
        f.done();
        var d = catalog.createDataset(Requests.context(ctx), dataset);
        ctx.status(201).header("Location", "/api/v1/datasets/" + d.id());
        getDataset(ctx, d.id());
    }

    /**
     * {"title", "description", "license", "authors": [{"name", "orcid", "affiliation"}], "keywords": [...],
     * "revision": n}: absent fields keep their value; with "revision", a stale edit answers 409.
     */
    private void describeDataset(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        JsonNode b = Requests.jsonBody(ctx);
        JsonFields f = JsonFields.of(b);
        // "authors": null clears the list, as an empty one does; an absent one keeps it
        var description = new DatasetDescription(f.optionalText("title"), f.optionalText("description"), f.optionalText("license"),
                b.has("authors") ? authors(f) : null, b.has("keywords") ? keywords(f) : null,
                f.optionalInteger("revision", 0, Integer.MAX_VALUE));
        f.done();
        catalog.describe(Requests.context(ctx), id, description);
        getDataset(ctx, id);
    }

    /** Bounds the work of reading a list; the catalog says how many it keeps ({@link Catalog#MAX_AUTHORS}). */
    private static final int MAX_LISTED = 100_000;

    private static List<Credits.Author> authors(JsonFields f) {
        List<Credits.Author> out = new ArrayList<>();
        for (JsonFields a : f.objects("authors", MAX_LISTED)) {
            out.add(new Credits.Author(a.optionalText("name"), a.optionalText("orcid"), a.optionalText("affiliation")));
        }
        return out;
    }

    private static List<String> keywords(JsonFields f) {
        return f.texts("keywords", MAX_LISTED, Json.MAX_STRING_LENGTH);
    }

    private void listDatasets(Context ctx) {
        Page<Catalog.DatasetView> page = catalog.datasets(Requests.caller(ctx), ctx.queryParam("cursor"),
                Requests.intParam(ctx, "limit", 50));
        ArrayNode items = Json.MAPPER.createArrayNode();
        var credits = catalog.credits(page.items());
        page.items().forEach(v -> items.add(withCredits(Views.dataset(v), credits.getOrDefault(v.dataset().id(), Credits.NONE))));
        ctx.json(pageJson(ctx, items, page.nextCursor()));
    }

    private void getDataset(Context ctx) {
        getDataset(ctx, Requests.id(ctx, "id", "dataset"));
    }

    /** One dataset with its authors, keywords and revision (the list leaves those out). */
    private void getDataset(Context ctx, UUID id) {
        var caller = Requests.caller(ctx);
        ObjectNode n = Views.dataset(catalog.dataset(Requests.context(ctx), id));
        ctx.json(withCredits(n, catalog.credits(caller, id)));
    }

    private static ObjectNode withCredits(ObjectNode n, Credits credits) {
        ArrayNode authors = n.putArray("authors");
        credits.authors().forEach(a -> authors.addObject().put("name", a.name()).put("orcid", a.orcid()).put("affiliation", a.affiliation()));
        ArrayNode keywords = n.putArray("keywords");
        credits.keywords().forEach(keywords::add);
        n.put("revision", credits.revision());
        return n;
    }

    /** One entry as a JSON object, or many as {"entries": [...]}; all are stored or none. */
    private void addEntries(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        JsonNode b = Requests.jsonBody(ctx);
        JsonFields f = JsonFields.of(b);
        boolean many = b.has("entries"); // "entries": null is a wrong batch, not one entry without fields
        List<NewEntry> requests = new ArrayList<>();
        if (many) {
            if (!f.has("entries")) {
                f.problem("entries", "must be a list of entries");
            }
            f.objects("entries", MAX_LISTED).forEach(e -> requests.add(newEntry(e)));
        } else {
            requests.add(newEntry(f));
        }
        f.done();
        List<Entry> created = catalog.addEntries(Requests.context(ctx), id, requests);
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Entry e : created) {
            out.add(Views.entry(new Catalog.EntryView(e, Visibility.OWNER)));
        }
        ctx.status(201);
        if (created.size() == 1 && !many) {
            ctx.header("Location", "/api/v1/entries/" + created.get(0).id());
            ctx.json(out.get(0));
        } else {
            ctx.json(Json.object().set("entries", out));
        }
    }

    private static NewEntry newEntry(JsonFields n) {
        Map<String, JsonNode> props = null;
        if (n.object("properties", "must be an object of name → {\"value\": …, \"unit\": …}").present()) {
            props = new LinkedHashMap<>();
            for (var e : n.raw("properties").properties()) {
                props.put(e.getKey(), e.getValue());
            }
        }
        return new NewEntry(n.optionalText("kind"), n.optionalText("title"), n.optionalText("formula"), props,
                n.raw("invoice"), n.raw("metadata"), n.raw("data"), n.optionalId("sample"), n.optionalText("outcome"),
                n.optionalText("outcome_reason"), n.optionalText("template"));
    }

    private void listEntries(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        Page<Catalog.EntryView> page = catalog.entries(Requests.context(ctx), id, ctx.queryParam("cursor"),
                Requests.intParam(ctx, "limit", 50));
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().forEach(v -> items.add(Views.entry(v)));
        ctx.json(pageJson(ctx, items, page.nextCursor()));
    }

    /**
     * Upload as a raw body ({@code ?filename=scan.xy}) or as multipart form data (field {@code file}).
     * {@code ?restricted=true} keeps the file from everyone but the dataset's owners.
     */
    private void uploadFile(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        catalog.writableDataset(Requests.caller(ctx), id); // 401/403/404 before the body is read
        boolean restricted = Requests.boolParam(ctx, "restricted");
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        Entry e;
        if (contentType.startsWith("multipart/form-data")) {
            var file = ctx.uploadedFile("file");
            if (file == null) {
                throw Problem.invalid("file", "the multipart form needs a part named 'file'");
            }
            try (InputStream in = file.content()) {
                e = uploads.upload(Requests.context(ctx), id, file.filename(), in, restricted);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        } else {
            String name = ctx.queryParam("filename");
            if (name == null) {
                throw Problem.invalid("filename", "give the file name as ?filename=… (or upload multipart form data)");
            }
            e = uploads.upload(Requests.context(ctx), id, name, ctx.bodyInputStream(), restricted);
        }
        ctx.status(201).header("Location", "/api/v1/entries/" + e.id());
        ctx.json(Views.entry(new Catalog.EntryView(e, Visibility.OWNER)));
    }

    private void getEntry(Context ctx) {
        UUID id = Requests.id(ctx, "id", "entry");
        ctx.json(Views.entry(catalog.entry(Requests.context(ctx), id)));
    }

    private void downloadFile(Context ctx) {
        UUID id = Requests.id(ctx, "id", "entry");
        var f = catalog.file(Requests.context(ctx), id, ctx.pathParam("name"), blobStore);
        ctx.contentType(f.file().mediaType());
        ctx.header("Content-Length", Long.toString(f.file().size()));
        ctx.header("Content-Disposition", "attachment; filename*=UTF-8''"
                + URLEncoder.encode(f.file().name(), StandardCharsets.UTF_8).replace("+", "%20"));
        ctx.header("ETag", "\"" + f.file().sha256() + "\"");
        ctx.result(f.content());
    }

    /**
     * The spectrum at one pixel of a spectrum image ({@code ?row=&column=}), read from the entry's stored
     * array through the same access check and audit as a file download: the navigator of the entry page.
     */
    private void spectrumAt(Context ctx) throws IOException {
        UUID id = Requests.id(ctx, "id", "entry");
        var view = catalog.entry(Requests.context(ctx), id);
        int n;
        try {
            n = Integer.parseInt(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            throw Problem.invalid("n", "the signal number must be a whole number, found '" + ctx.pathParam("n") + "'");
        }
        var sig = view.entry().data().path("signals").path(n);
        if (!"spectrum image".equals(sig.path("kind").asString(""))) {
            throw Problem.invalid("n", "signal " + n + " of this entry is not a spectrum image");
        }
        int row = Requests.intParam(ctx, "row", 0);
        int column = Requests.intParam(ctx, "column", 0);
        String array = sig.path("array").asString();
        var f = catalog.file(Requests.context(ctx), id, array, blobStore);
        double[] y = NpySpectra.at(f.content(), array.endsWith(".gz"), row, column);
        if (y == null) {
            throw Problem.invalid("row", "pixel (" + row + ", " + column + ") lies outside the map");
        }
        var axis = sig.path("axes").path(sig.path("axes").size() - 1);
        ObjectNode out = Json.object().put("row", row).put("column", column).put("name", axis.path("name").asString(""))
                .put("units", axis.path("units").asString(""));
        ArrayNode xs = out.putArray("x");
        ArrayNode ys = out.putArray("y");
        for (int c = 0; c < y.length; c++) {
            xs.add(axis.path("offset").asDouble() + c * axis.path("scale").asDouble(1));
            if (Double.isFinite(y[c])) {
                ys.add(y[c]);
            } else {
                ys.addNull();
            }
        }
        ctx.json(out);
    }

    static ObjectNode pageJson(Context ctx, ArrayNode items, String nextCursor) {
        ObjectNode n = Json.object();
        n.set("items", items);
        n.put("next_cursor", nextCursor);
        n.put("next", nextCursor == null ? null : ctx.path() + "?cursor=" + nextCursor
                + (ctx.queryParam("limit") != null ? "&limit=" + ctx.queryParam("limit") : ""));
        return n;
    }
}
