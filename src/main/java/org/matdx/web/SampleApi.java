package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.UUID;
import org.matdx.access.Visibility;
import org.matdx.catalog.Catalog;
import org.matdx.core.Json;
import org.matdx.core.Sample;
import org.matdx.ingest.sample.QrCodes;
import org.matdx.ingest.sample.Samples;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Samples: their persistent identifier, QR label and measurements, as far as the caller may see them. */
final class SampleApi {
    private final Samples samples;

    SampleApi(Samples samples) {
        this.samples = samples;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/samples/{id}", this::sample);
        r.get("/api/v1/samples/{id}/qr.png", this::qr);
        r.get("/samples/{id}/qr.png", this::qr);
    }

    private void sample(Context ctx) {
        UUID id = Requests.id(ctx, "id", "sample");
        var caller = Requests.caller(ctx);
        Samples.SampleView v = samples.get(caller, id);
        Sample s = v.sample();
        ObjectNode n = Json.object().put("id", s.id().toString()).put("pid", s.pid());
        if (v.visibility().atLeast(Visibility.FULL)) {
            // free text about the specimen: the data of its dataset, not its metadata
            n.put("name", s.name()).put("description", s.description());
        }
        n.put("dataset", v.datasetId().toString()).put("created_at", s.createdAt().toString())
                .put("qr", "/samples/" + s.id() + "/qr.png")
                .put("visibility", v.visibility().name().toLowerCase(Locale.ROOT));
        if (s.composition() != null) {
            n.put("formula", s.composition().formula()).put("reduced_formula", s.composition().reducedFormula());
        }
        ArrayNode m = n.putArray("measurements");
        for (Catalog.EntryView e : samples.measurements(caller, id, Requests.intParam(ctx, "limit", 100))) {
            m.add(Views.entry(e));
        }
        ctx.json(n);
    }

    private void qr(Context ctx) {
        UUID id = Requests.id(ctx, "id", "sample");
        Sample s = samples.get(Requests.caller(ctx), id).sample();
        int size = Math.max(64, Math.min(1024, Requests.intParam(ctx, "size", 256)));
        ctx.contentType("image/png").header("Cache-Control", "private, max-age=3600");
        ctx.result(QrCodes.png(s.pid(), size));
    }
}
