package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.matdx.access.Visibility;
import org.matdx.catalog.Catalog;
import org.matdx.core.Entry;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Page;
import org.matdx.core.Problem;
import org.matdx.fair.Citations;
import org.matdx.fair.DataCite;
import org.matdx.fair.RoCrateExport;
import org.matdx.fair.RoCrateImport;
import org.matdx.fair.Version;
import org.matdx.fair.Versions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Published versions: publish, list, read, cite, DataCite metadata, RO-Crate export and import. */
final class VersionsApi {
    private final RoCrateExport roCrateExport;
    private final RoCrateImport roCrateImport;
    private final Versions versions;

    VersionsApi(Versions versions, RoCrateExport roCrateExport, RoCrateImport roCrateImport) {
        this.versions = versions;
        this.roCrateExport = roCrateExport;
        this.roCrateImport = roCrateImport;
    }

    void register(RoutesConfig r) {
        r.post("/api/v1/datasets/{id}/versions", this::publish);
        r.get("/api/v1/datasets/{id}/versions", this::list);
        r.get("/api/v1/datasets/{id}/versions/{n}", this::get);
        r.get("/api/v1/datasets/{id}/versions/{n}/entries", this::entries);
        r.get("/api/v1/datasets/{id}/versions/{n}/citation", this::citation);
        r.get("/api/v1/datasets/{id}/versions/{n}/datacite", this::datacite);
        r.get("/api/v1/datasets/{id}/versions/{n}/export", this::export);
        r.put("/api/v1/datasets/{id}/versions/{n}/doi", this::setDoi);
        r.get("/api/v1/pid", this::resolve);
        r.post("/api/v1/import/rocrate", this::importCrate);
    }

    private void publish(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        String doi = null;
        if (!ctx.body().isBlank()) {
            JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
            doi = f.optionalText("doi", 1000);
            f.done();
        }
        Version v = versions.publish(Requests.context(ctx), id, doi);
        ctx.status(201).header("Location", path(v));
        ctx.json(view(ctx, new Versions.View(v, null, Visibility.OWNER)));
    }

    private void list(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        ArrayNode items = Json.MAPPER.createArrayNode();
        versions.list(Requests.caller(ctx), id).forEach(v -> items.add(view(ctx, v)));
        ctx.json(Json.object().set("items", items));
    }

    private Versions.View version(Context ctx, Visibility min) {
        UUID id = Requests.id(ctx, "id", "dataset");
        return versions.get(Requests.caller(ctx), id, number(ctx), min);
    }

    /** {"doi": "10.…"}: add or correct the DOI of a published version (owner, co-authors). */
    private void setDoi(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        String doi = f.optionalText("doi", 1000);
        f.done();
        Version v = versions.setDoi(Requests.context(ctx), id, number(ctx), doi);
        ctx.json(view(ctx, versions.get(Requests.caller(ctx), v.datasetId(), v.number(), Visibility.METADATA)));
    }

    private static int number(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("n").replaceFirst("^v", ""));
        } catch (NumberFormatException e) {
            throw Problem.notFound("version", ctx.pathParam("n"));
        }
    }

    private void get(Context ctx) {
        ctx.json(view(ctx, version(ctx, Visibility.METADATA)));
    }

    private void entries(Context ctx) {
        Versions.View v = version(ctx, Visibility.FULL);
        Page<Entry> page = versions.entries(Requests.context(ctx), v.version().datasetId(),
                v.version().number(), ctx.queryParam("cursor"), Requests.intParam(ctx, "limit", 50));
        ArrayNode items = Json.MAPPER.createArrayNode();
        page.items().forEach(e -> items.add(Views.entry(new Catalog.EntryView(e, v.visibility()))));
        ctx.json(CatalogApi.pageJson(ctx, items, page.nextCursor()));
    }

    private void citation(Context ctx) {
        Version v = version(ctx, Visibility.METADATA).version();
        String format = ctx.queryParam("format") == null ? "bibtex" : ctx.queryParam("format");
        switch (format) {
            case "bibtex" -> ctx.contentType("application/x-bibtex; charset=utf-8").result(Citations.bibtex(v, base(ctx)));
            case "csl", "csl-json" -> ctx.contentType("application/vnd.citationstyles.csl+json")
                    .result(Json.write(Citations.csl(v, base(ctx))));
            case "ris" -> ctx.contentType("application/x-research-info-systems; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + v.pid().replaceAll("[^A-Za-z0-9.-]", "_") + ".ris\"")
                    .result(Citations.ris(v, base(ctx)));
            default -> throw Problem.invalid("format", "must be bibtex, csl or ris; found '" + format + "'");
        }
    }

    private void datacite(Context ctx) {
        Versions.View v = version(ctx, Visibility.METADATA);
        ObjectNode n = DataCite.metadata(v.version(), base(ctx), versions.retractions(v));
        if (!v.visibility().atLeast(Visibility.FULL)) {
            n.remove("sizes"); // an embargo shows what the data is, not how much of it there is
        }
        ctx.contentType("application/vnd.datacite.datacite+json").result(Json.write(n));
    }

    private void export(Context ctx) {
        Versions.View v = version(ctx, Visibility.FULL);
        RoCrateExport.Prepared p = roCrateExport.prepare(Requests.context(ctx), v.version().datasetId(),
                v.version().number());
        ctx.contentType("application/zip");
        ctx.header("Content-Disposition", "attachment; filename=\"" + p.fileName() + "\"");
        try {
            roCrateExport.write(p, base(ctx), ctx.outputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void resolve(Context ctx) {
        Versions.View v = versions.resolve(Requests.caller(ctx), ctx.queryParam("pid"));
        Redirects.to(ctx, path(v.version()), HttpStatus.SEE_OTHER);
    }

    /** The zip as the request body; ?access=…&group=…&embargo_until=…&model_use_only=… override the crate's settings. */
    private void importCrate(Context ctx) {
        LocalDate embargo = null;
        if (ctx.queryParam("embargo_until") != null) {
            try {
                embargo = LocalDate.parse(ctx.queryParam("embargo_until"));
            } catch (DateTimeParseException e) {
                throw Problem.invalid("embargo_until", "must be a date like 2027-04-01");
            }
        }
        Boolean muo = ctx.queryParam("model_use_only") == null ? null : Requests.boolParam(ctx, "model_use_only");
        String name = ctx.queryParam("filename") == null ? "crate.zip" : ctx.queryParam("filename");
        RoCrateImport.Result r = roCrateImport.importCrate(Requests.context(ctx), ctx.bodyInputStream(), name,
                new RoCrateImport.Options(ctx.queryParam("access"), embargo, muo, ctx.queryParam("group")));
        ctx.status(201).header("Location", path(r.version()));
        JsonNode claimed = r.version().metadata().path("origin");
        ctx.json(Json.object().put("dataset", r.dataset().id().toString()).put("version", r.version().number())
                .put("pid", r.version().pid()).put("entries", r.entries()).put("files", r.files())
                .set("origin", Json.object().put("pid", claimed.path("pid").asString(null))
                        .put("doi", claimed.path("doi").asString(null)).put("claimed", true)));
    }

    static String path(Version v) {
        return "/api/v1/datasets/" + v.datasetId() + "/versions/" + v.number();
    }

    static String base(Context ctx) {
        String proto = ctx.header("X-Forwarded-Proto") != null ? ctx.header("X-Forwarded-Proto") : ctx.scheme();
        return proto + "://" + ctx.host();
    }

    private ObjectNode view(Context ctx, Versions.View view) {
        Version v = view.version();
        boolean full = view.visibility().atLeast(Visibility.FULL);
        ObjectNode n = Json.object().put("id", v.id().toString()).put("dataset", v.datasetId().toString())
                .put("number", v.number()).put("pid", v.pid()).put("doi", v.doi()).put("title", v.title())
                .put("description", v.description()).put("license", v.license())
                .put("published_at", v.publishedAt().toString()).put("previous_pid", v.previousPid());
        if (full) {
            n.put("entry_count", v.entryCount()).put("content_sha256", v.contentSha256());
        }
        ArrayNode authors = n.putArray("authors");
        v.authors().forEach(a -> authors.addObject().put("name", a.name()).put("orcid", a.orcid()).put("role", a.role())
                .put("affiliation", a.affiliation()));
        // an imported copy: its authors are the crate's text, its PID and DOI there the crate's claims
        n.put("authors_source", v.metadata().path("authors_source").asString("accounts"));
        if (v.metadata().path("origin").isObject()) {
            n.set("origin", v.metadata().get("origin"));
        }
        if (full && view.dataset() != null) {
            n.set("retracted", RoCrateExport.tombstones(versions.retractions(view)));
        }
        String p = path(v);
        ObjectNode links = n.putObject("links").put("self", p).put("citation", p + "/citation?format=bibtex")
                .put("csl", p + "/citation?format=csl").put("ris", p + "/citation?format=ris").put("datacite", p + "/datacite");
        if (full) {
            links.put("entries", p + "/entries").put("export", p + "/export");
        }
        return n;
    }
}
