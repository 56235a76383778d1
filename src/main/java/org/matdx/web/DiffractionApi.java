package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.FormulaException;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
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
        JsonNode body = Requests.jsonBody(ctx);
        JsonFields f = JsonFields.of(body);
        JsonFields s = f.requiredObject("structure", "give the structure as {\"lattice_vectors\": [[…], […], […]], "
                + "\"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0, 0, 0]}, …]}");
        // the simulation's own options (radiation, angles, profile) are read, and unknown fields refused, by SimulationRequest
        SimulationRequest request = f.part("body", () -> SimulationRequest.parse(body));
        Structure structure = null;
        if (s.present()) {
            JsonNode sites = s.raw("sites");
            if (sites != null && sites.size() > PowderDiffraction.MAX_SITES) {
                s.problem("sites", "at most " + PowderDiffraction.MAX_SITES + " sites");
            } else {
                try {
                    structure = StructureJson.read(f.raw("structure"));
                } catch (RuntimeException e) { // StructureJson reads leniently and throws what it meets in the tree
                    f.problem("structure", "is not a structure: " + e.getMessage());
                }
            }
        }
        f.done();
        ctx.json(request.run(structure));
    }

    /**
     * Identification without storing: {@code {"entry": id}}, or {@code {"pattern": {"two_theta": […],
     * "intensity": […], "radiation": "CuKa", "elements": ["Li", "Co", "O"]}}}, or a multipart upload
     * of a scan ({@code file}) with the options as an {@code options} JSON part.
     */
    private void identify(Context ctx) {
        var caller = Requests.caller(ctx);
        boolean upload = ctx.isMultipartFormData();
        JsonFields f;
        if (upload) {
            String options = ctx.formParam("options");
            f = JsonFields.of(options == null || options.isBlank() ? Json.object() : Json.readUntrusted(options, "options"));
        } else {
            f = JsonFields.of(Requests.jsonBody(ctx));
        }
        CandidateQuery q = candidates(f);
        PhaseIdentifier.Options o = options(f);
        boolean curves = f.bool("curves", true);
        UUID entry = null;
        PhaseAnalyses.Measured posted = null;
        if (!upload) { // an upload's options name no entry and no pattern: those are refused as unknown
            entry = f.optionalId("entry");
            if (!f.has("entry")) {
                posted = pattern(f);
            }
        }
        f.refuseUnknown();
        f.done();
        PhaseAnalyses.Measured m = upload ? uploaded(ctx.uploadedFile("file"))
                : entry != null ? analyses.measured(Requests.context(ctx), entry) : posted;
        PhaseAnalyses.Result r = analyses.identify(Requests.context(ctx), m, q, o);
        ctx.json(DiffractionJson.identification(r.identification(), x -> true, curves));
    }

    /** A posted pattern, or null when something in it is refused (the problems are in {@code f}). */
    private static PhaseAnalyses.Measured pattern(JsonFields f) {
        JsonFields p = f.requiredObject("pattern", "give an entry id (\"entry\"), a pattern {\"two_theta\": […], "
                + "\"intensity\": […]}, or upload a scan");
        double[] x = p.requiredNumbers("two_theta", MeasuredPattern.MAX_POINTS, -Double.MAX_VALUE, Double.MAX_VALUE);
        double[] y = p.requiredNumbers("intensity", MeasuredPattern.MAX_POINTS, -Double.MAX_VALUE, Double.MAX_VALUE);
        String stated = p.optionalText("radiation", 100);
        Radiation radiation = p.part("radiation", () -> Radiation.parse(stated));
        Set<Element> elements = new LinkedHashSet<>();
        if (p.has("elements")) {
            for (String e : p.texts("elements", Elements.all().size(), 100)) {
                Elements.bySymbol(e).ifPresentOrElse(elements::add,
                        () -> p.problem("elements", "'" + e + "' is not an element symbol"));
            }
        } else {
            String formula = p.optionalText("formula", 1000);
            if (formula != null) {
                try {
                    elements.addAll(Composition.parse(formula).elements());
                } catch (FormulaException e) {
                    p.problem("formula", e.getMessage());
                }
            }
        }
        if (!p.present() || x == null || y == null || radiation == null) {
            return null;
        }
        return f.part("pattern", () -> new PhaseAnalyses.Measured(new MeasuredPattern(x, y, radiation), elements, List.of()));
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
        JsonFields f = JsonFields.of(ctx.body().isBlank() ? Json.object() : Requests.jsonBody(ctx));
        CandidateQuery q = candidates(f);
        PhaseIdentifier.Options o = options(f);
        f.refuseUnknown();
        f.done();
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
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        List<UUID> entries = f.ids("entries", PhaseAnalyses.MAX_BATCH);
        UUID dataset = f.optionalId("dataset");
        CandidateQuery q = candidates(f);
        PhaseIdentifier.Options o = options(f);
        f.refuseUnknown();
        f.done();
        UUID job = analyses.submitBatch(Requests.caller(ctx), entries, dataset, q, o);
        ctx.status(202).header("Location", "/api/v1/jobs/" + job)
                .json(Json.object().put("job", job.toString()).put("status_url", "/api/v1/jobs/" + job));
    }

    private static CandidateQuery candidates(JsonFields f) {
        CandidateQuery q = CandidateQuery.read(f.object("candidates",
                "must be an object such as {\"datasets\": [\"…\"]} or {\"query\": \"elements=Co\"}"));
        return f.part("candidates", q::checked); // the search query's own problems, with the others
    }

    private static PhaseIdentifier.Options options(JsonFields f) {
        int maxPhases = f.integer("max_phases", 1, 5, 3);
        double minFraction = f.finiteNumber("min_fraction", 0, 0.5, 0.01);
        return f.part("min_fraction", () -> new PhaseIdentifier.Options(maxPhases, minFraction)); // below 0.5, strictly
    }
}
