package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.matdx.core.Json;
import org.matdx.stability.PhaseDiagrams;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/phase-diagram?system=Li-Fe-O}: the convex hull of the entries with a
 * formation energy that the caller may read, each entry's energy above it and its decomposition.
 * A computation per request (linear programmes over up to 5,000 entries), so it takes a share of
 * the computing slots like predictions do.
 */
final class PhaseDiagramApi {
    private final PhaseDiagrams diagrams;
    private final HeavyRequests heavy;

    PhaseDiagramApi(PhaseDiagrams diagrams, HeavyRequests heavy) {
        this.diagrams = diagrams;
        this.heavy = heavy;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/phase-diagram", heavy.limit(this::diagram));
    }

    private void diagram(Context ctx) {
        PhaseDiagrams.Diagram d = diagrams.of(Requests.caller(ctx), ctx.queryParam("system"));
        ctx.json(json(d));
    }

    static ObjectNode json(PhaseDiagrams.Diagram d) {
        ObjectNode out = Json.object();
        ArrayNode elements = out.putArray("elements");
        d.elements().forEach(elements::add);
        out.put("property", PhaseDiagrams.PROPERTY).put("unit", "eV/atom")
                .put("references", "the elements at zero formation energy");
        ArrayNode phases = out.putArray("phases");
        for (PhaseDiagrams.Phase p : d.phases()) {
            ObjectNode n = phases.addObject();
            n.put("entry", p.entry().toString()).put("title", p.title()).put("formula", p.formula())
                    .put("formation_energy_per_atom", round(p.formationEnergy())).put("e_above_hull", round(p.eAboveHull()))
                    .put("stable", p.stable());
            if (p.stable()) {
                n.put("decomposition_energy", round(p.decompositionEnergy()));
            }
            ArrayNode parts = n.putArray("decomposition");
            for (PhaseDiagrams.Part part : p.decomposition()) {
                ObjectNode q = parts.addObject().put("formula", part.formula()).put("fraction", round(part.fraction()));
                if (part.entry() != null) {
                    q.put("entry", part.entry().toString());
                }
            }
        }
        out.put("count", d.phases().size()).put("stable_count", d.stable().size());
        return out;
    }

    /** Six decimals: micro-eV and parts per million are below anything a calculation resolves. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
