package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.FormulaException;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import org.matdx.diffraction.CandidateQuery;
import org.matdx.diffraction.DiffractionJson;
import org.matdx.diffraction.MeasuredPattern;
import org.matdx.diffraction.PhaseAnalyses;
import org.matdx.diffraction.PhaseIdentifier;
import org.matdx.diffraction.PowderDiffraction;
import org.matdx.diffraction.Radiation;
import org.matdx.diffraction.SimulationRequest;
import org.matdx.formats.Parsed;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.Upload;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Powder diffraction over HTTP: simulated patterns of structure entries (or of a posted structure),
 * phase identification of a measurement entry, a posted pattern or an uploaded scan, stored analyses
 * of entries, and batches as jobs. See docs/diffraction.md.
 */
final class DiffractionApi {
    private final Ingest ingest;
    private final PhaseAnalyses analyses;

    private final HeavyRequests heavy;

    DiffractionApi(PhaseAnalyses analyses, Ingest ingest, HeavyRequests heavy) {
        this.heavy = heavy;
        this.analyses = analyses;
        this.ingest = ingest;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/entries/{id}/xrd/pattern", this::entryPattern);
        r.post("/api/v1/xrd/simulate", heavy.limit(this::simulate));
        r.post("/api/v1/xrd/identify", heavy.limit(this::identify));
        r.post("/api/v1/xrd/batches", this::batch);
        r.get("/api/v1/entries/{id}/phases", this::stored);
        r.post("/api/v1/entries/{id}/phases", heavy.limit(this::identifyEntry));
    }

    private void entryPattern(Context ctx) {
        Map<String, String> params = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (v.size() > 1) {
                throw Problem.invalid(k, "give it once");
            }
            params.put(k, v.get(0));
        });
        SimulationRequest req = SimulationRequest.parse(params);
        UUID id = Requests.id(ctx, "id", "entry");
        ObjectNode out = req.run(analyses.structure(Requests.context(ctx), id));
        ctx.json(out.put("entry", id.toString()));
    }

    /** {@code {"structure": {"lattice_vectors": …, "sites": …}, "radiation": "MoKa", …}}. */
    private void simulate(Context ctx) {
        JsonNode body = object(Requests.jsonBody(ctx));
        JsonNode s = body.get("structure");
        if (s == null || !s.isObject()) {
            throw Problem.invalid("structure", "give the structure as {\"lattice_vectors\": [[…], […], […]], \"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0, 0, 0]}, …]}");
        }
        if (s.path("sites").size() > PowderDiffraction.MAX_SITES) {
            throw Problem.invalid("structure.sites", "at most " + PowderDiffraction.MAX_SITES + " sites");
        }
        Structure structure;
        try {
            structure = StructureJson.read(s);
        } catch (RuntimeException e) {
            throw Problem.invalid("structure", "is not a structure: " + e.getMessage());
        }
        ctx.json(SimulationRequest.parse(body).run(structure));
    }

    /**
     * Identification without storing: {@code {"entry": id}}, or {@code {"pattern": {"two_theta": […],
     * "intensity": […], "radiation": "CuKa", "elements": ["Li", "Co", "O"]}}}, or a multipart upload
     * of a scan ({@code file}) with the options as an {@code options} JSON part.
     */
    private void identify(Context ctx) {
        var caller = Requests.caller(ctx);
        boolean upload = ctx.isMultipartFormData();
        JsonNode body;
        if (upload) {
            String options = ctx.formParam("options");
            body = options == null || options.isBlank() ? Json.object() : parseJson(options, "options");
        } else {
            body = object(Requests.jsonBody(ctx));
        }
        checkKeys(body, upload ? List.of("candidates", "max_phases", "min_fraction", "curves")
                : List.of("entry", "pattern", "candidates", "max_phases", "min_fraction", "curves"));
        CandidateQuery q = CandidateQuery.parse(body.get("candidates"));
        PhaseIdentifier.Options o = options(body);
        PhaseAnalyses.Measured m = upload ? uploaded(ctx.uploadedFile("file")) : measured(caller, body, ctx);
        PhaseAnalyses.Result r = analyses.identify(Requests.context(ctx), m, q, o);
        ctx.json(DiffractionJson.identification(r.identification(), x -> true, body.path("curves").asBoolean(true)));
    }

    private PhaseAnalyses.Measured measured(Caller caller, JsonNode body, Context ctx) {
        if (body.hasNonNull("entry")) {
            UUID id = Ids.parseOrNull(body.get("entry").asString(""));
            if (id == null) {
                throw Problem.invalid("entry", "is not an entry id");
            }
            return analyses.measured(Requests.context(ctx), id);
        }
        JsonNode p = body.get("pattern");
        if (p == null || !p.isObject()) {
            throw Problem.invalid("pattern", "give an entry id (\"entry\"), a pattern {\"two_theta\": […], \"intensity\": […]}, or upload a scan");
        }
        double[] x = numbers(p.get("two_theta"), "pattern.two_theta");
        double[] y = numbers(p.get("intensity"), "pattern.intensity");
        Radiation radiation = Radiation.parse(p.path("radiation").isString() ? p.get("radiation").asString() : null);
        Set<Element> elements = new LinkedHashSet<>();
        if (p.has("elements")) {
            for (JsonNode e : p.get("elements")) {
                elements.add(Elements.bySymbol(e.asString("")).orElseThrow(
                        () -> Problem.invalid("pattern.elements", "'" + e + "' is not an element symbol")));
            }
        } else if (p.hasNonNull("formula")) {
            try {
                elements.addAll(Composition.parse(p.get("formula").asString("")).elements());
            } catch (FormulaException e) {
                throw Problem.invalid("pattern.formula", e.getMessage());
            }
        }
        return new PhaseAnalyses.Measured(new MeasuredPattern(x, y, radiation), elements, List.of());
    }

    private static double[] numbers(JsonNode a, String field) {
        if (a == null || !a.isArray()) {
            throw Problem.invalid(field, "must be a list of numbers");
        }
        if (a.size() > MeasuredPattern.MAX_POINTS) {
            throw Problem.invalid(field, "at most " + MeasuredPattern.MAX_POINTS + " points; found " + a.size());
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode n = a.get(i);
            if (!n.isNumber()) {
                throw Problem.invalid(field, "item " + i + " is not a number");
            }
            v[i] = n.asDouble();
        }
        return v;
    }

    /** A scan uploaded for identification: read like any upload, nothing stored. */
    private PhaseAnalyses.Measured uploaded(UploadedFile f) {
        if (f == null) {
            throw Problem.invalid("file", "upload the scan as a 'file' part");
        }
        Upload u;
        try (InputStream in = f.content()) {
            u = ingest.stage(f.filename(), in, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<Parsed> records = ingest.preview(u, new Ingest.Options("auto", null, "en", null));
            Problem last = null;
            for (Parsed p : records) {
                try {
                    return PhaseAnalyses.measured(p.series(), p.metadata(), p.composition(), false);
                } catch (Problem e) {
                    last = e;
                }
            }
            throw last != null ? new Problem(last.type(), f.filename() + ": " + last.getMessage(), last.issues())
                    : new Problem(Problem.Type.UNPROCESSABLE, f.filename() + ": holds no powder pattern");
        } finally {
            ingest.discard(List.of(u));
        }
    }

    private void stored(Context ctx) {
        UUID id = Requests.id(ctx, "id", "entry");
        boolean curves = !"false".equals(ctx.queryParam("curves"));
        ctx.json(analyses.current(Requests.context(ctx), id, curves)
                .orElseThrow(() -> Problem.notFound("phase analysis of entry", id)));
    }

    /** Identifies and stores ({@code ?async=true}: as a job). */
    private void identifyEntry(Context ctx) {
        UUID id = Requests.id(ctx, "id", "entry");
        JsonNode body = ctx.body().isBlank() ? Json.object() : object(Requests.jsonBody(ctx));
        checkKeys(body, List.of("candidates", "max_phases", "min_fraction"));
        CandidateQuery q = CandidateQuery.parse(body.get("candidates"));
        PhaseIdentifier.Options o = options(body);
        var caller = Requests.caller(ctx);
        if (Requests.boolParam(ctx, "async")) {
            UUID job = analyses.submitBatch(caller, List.of(id), null, q, o);
            ctx.status(202).header("Location", "/api/v1/jobs/" + job)
                    .json(Json.object().put("job", job.toString()).put("status_url", "/api/v1/jobs/" + job));
            return;
        }
        analyses.identifyAndStore(Requests.context(ctx), id, q, o);
        ctx.status(201).json(analyses.current(Requests.context(ctx), id, false)
                .orElseThrow(() -> Problem.notFound("phase analysis of entry", id)));
    }

    /** {@code {"entries": [id, …]} or {"dataset": id}}, with candidates and options: a job. */
    private void batch(Context ctx) {
        JsonNode body = object(Requests.jsonBody(ctx));
        checkKeys(body, List.of("entries", "dataset", "candidates", "max_phases", "min_fraction"));
        List<UUID> entries = new ArrayList<>();
        if (body.has("entries") && !body.get("entries").isArray()) {
            throw Problem.invalid("entries", "must be a list of entry ids");
        }
        if (body.path("entries").size() > PhaseAnalyses.MAX_BATCH) {
            throw Problem.invalid("entries", "at most " + PhaseAnalyses.MAX_BATCH + " entries per batch");
        }
        for (JsonNode e : body.path("entries")) {
            UUID id = Ids.parseOrNull(e.asString(""));
            if (id == null) {
                throw Problem.invalid("entries", "'" + e + "' is not an entry id");
            }
            entries.add(id);
        }
        UUID dataset = null;
        if (body.hasNonNull("dataset")) {
            dataset = Ids.parseOrNull(body.get("dataset").asString(""));
            if (dataset == null) {
                throw Problem.invalid("dataset", "is not a dataset id");
            }
        }
        UUID job = analyses.submitBatch(Requests.caller(ctx), entries, dataset, CandidateQuery.parse(body.get("candidates")), options(body));
        ctx.status(202).header("Location", "/api/v1/jobs/" + job)
                .json(Json.object().put("job", job.toString()).put("status_url", "/api/v1/jobs/" + job));
    }

    private static PhaseIdentifier.Options options(JsonNode body) {
        JsonNode mp = body.get("max_phases");
        JsonNode mf = body.get("min_fraction");
        if (mp != null && !mp.isIntegralNumber()) {
            throw Problem.invalid("max_phases", "must be a whole number from 1 to 5");
        }
        if (mf != null && !mf.isNumber()) {
            throw Problem.invalid("min_fraction", "must be a number from 0 to 0.5");
        }
        return new PhaseIdentifier.Options(mp == null ? 3 : mp.asInt(), mf == null ? 0.01 : mf.asDouble());
    }

    private static void checkKeys(JsonNode body, List<String> known) {
        for (var f : body.properties()) {
            if (!known.contains(f.getKey())) {
                throw Problem.invalid(f.getKey(), "is not an option here; known: " + String.join(", ", known));
            }
        }
    }

    private static JsonNode object(JsonNode body) {
        if (!body.isObject()) {
            throw Problem.badRequest("the body must be a JSON object");
        }
        return body;
    }

    private static JsonNode parseJson(String text, String field) {
        try {
            JsonNode n = Json.read(text);
            if (!n.isObject()) {
                throw Problem.invalid(field, "must be a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw Problem.invalid(field, "is not JSON: " + e.getOriginalMessage());
        }
    }
}
