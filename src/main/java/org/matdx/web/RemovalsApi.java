package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.matdx.catalog.Removals;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Problem;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Deleting entries and datasets, retracting published entries (catalog.Removals; docs/access.md). */
final class RemovalsApi {
    private final Removals removals;

    RemovalsApi(Removals removals) {
        this.removals = removals;
    }

    void register(RoutesConfig r) {
        r.delete("/api/v1/entries/{id}", this::deleteEntry);
        r.post("/api/v1/entries/{id}/retract", this::retract);
        r.delete("/api/v1/datasets/{id}", this::deleteDataset);
    }

    private void deleteEntry(Context ctx) {
        var removed = removals.deleteEntry(Requests.context(ctx), Requests.id(ctx, "id", "entry"), reason(ctx));
        ctx.json(json("entry", removed));
    }

    private void deleteDataset(Context ctx) {
        var removed = removals.deleteDataset(Requests.context(ctx), Requests.id(ctx, "id", "dataset"), reason(ctx));
        ctx.json(json("dataset", removed));
    }

    private void retract(Context ctx) {
        Removals.Retraction r = removals.retractEntry(Requests.context(ctx), Requests.id(ctx, "id", "entry"), reason(ctx));
        ArrayNode versions = Json.MAPPER.createArrayNode();
        r.versions().forEach(versions::add);
        ObjectNode n = Json.object().put("retracted", "entry").put("entry", r.entryId().toString())
                .put("dataset", r.datasetId().toString()).put("title", r.title()).put("reason", r.reason())
                .put("by", r.by()).put("retracted_at", r.at().toString());
        n.set("versions", versions);
        ctx.json(n);
    }

    /** The reason: {@code {"reason": "…"}} in the body, or {@code ?reason=} (a DELETE often has no body). */
    private static String reason(Context ctx) {
        if (!ctx.body().isBlank()) {
            JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
            String r = f.optionalText("reason");
            f.done();
            if (r != null) {
                return r;
            }
        }
        return ctx.queryParam("reason");
    }

    private static ObjectNode json(String kind, Removals.Removed r) {
        ArrayNode versions = Json.MAPPER.createArrayNode();
        r.versions().forEach(versions::add);
        ObjectNode n = Json.object().put("deleted", kind).put("id", r.id().toString()).put("title", r.title())
                .put("entries", r.entries()).put("files_released", r.filesReleased());
        n.set("versions_removed", versions);
        return n;
    }
}
