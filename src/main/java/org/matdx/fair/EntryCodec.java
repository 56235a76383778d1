package org.matdx.fair;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.EntryKind;
import org.matdx.core.FileRole;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Outcome;
import org.matdx.core.Problem;
import org.matdx.store.EntryStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An entry as complete JSON and back, with nothing lost: what version snapshots store and
 * RO-Crates carry. (The API's entry view adds derived fields and hides by visibility; this does not.)
 */
public final class EntryCodec {
    private EntryCodec() {
    }

    public static ObjectNode write(Entry e) {
        ObjectNode n = Json.object()
                .put("id", e.id().toString())
                .put("dataset", e.datasetId().toString())
                .put("kind", e.kind().code())
                .put("title", e.title());
        n.set("composition", e.composition() == null ? null : Json.composition(e.composition()));
        n.set("properties", EntryStore.properties(e.properties()));
        n.set("invoice", orEmpty(e.invoice()));
        n.set("metadata", orEmpty(e.metadata()));
        n.set("data", orEmpty(e.data()));
        var files = n.putArray("files");
        for (EntryFile f : e.files()) {
            files.addObject().put("name", f.name()).put("sha256", f.sha256()).put("size", f.size())
                    .put("media_type", f.mediaType()).put("role", f.role().code()).put("restricted", f.restricted());
        }
        n.put("sample", e.sampleId() == null ? null : e.sampleId().toString());
        n.put("template", e.template());
        n.put("outcome", e.outcome().code());
        n.put("outcome_reason", e.outcome().reason());
        n.put("created_by", e.createdBy() == null ? null : e.createdBy().toString());
        n.put("created_at", e.createdAt().toString());
        n.put("updated_at", e.updatedAt().toString());
        return n;
    }

    /** Reads an entry written by {@link #write}; {@code where} names the source in errors (file and field). */
    public static Entry read(JsonNode n, String where) {
        try {
            List<EntryFile> files = new ArrayList<>();
            int i = 0;
            for (JsonNode f : n.path("files")) {
                String sha = text(f, "sha256", where + ".files[" + i + "]");
                if (!sha.matches("[0-9a-f]{64}")) {
                    throw Problem.invalid(where + ".files[" + i + "].sha256", "must be 64 lower-case hex digits");
                }
                files.add(new EntryFile(text(f, "name", where + ".files[" + i + "]"), sha, f.path("size").asLong(),
                        f.path("media_type").asString("application/octet-stream"), FileRole.of(f.path("role").asString("raw")),
                        f.path("restricted").asBoolean(false)));
                i++;
            }
            return new Entry(uuid(n, "id", where), uuid(n, "dataset", where), EntryKind.of(text(n, "kind", where)),
                    text(n, "title", where), Json.composition(n.get("composition")), EntryStore.properties(n.get("properties")),
                    n.path("invoice"), n.path("metadata"), n.path("data"), files, optionalUuid(n, "sample"),
                    n.path("template").isString() ? n.get("template").asString() : null,
                    Outcome.of(n.path("outcome").asString("succeeded"), n.path("outcome_reason").asString("")),
                    optionalUuid(n, "created_by"), Instant.parse(text(n, "created_at", where)),
                    Instant.parse(text(n, "updated_at", where)));
        } catch (Problem e) {
            throw e;
        } catch (RuntimeException e) {
            // anything a crate or snapshot holds that is not an entry (a bad kind, formula, date, number)
            throw Problem.invalid(where, e.getMessage() == null ? "is not an entry MatDX can read" : e.getMessage());
        }
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString()) {
            throw Problem.invalid(where + "." + field, "is missing or not a string");
        }
        return v.asString();
    }

    private static UUID uuid(JsonNode n, String field, String where) {
        UUID id = Ids.parseOrNull(text(n, field, where));
        if (id == null) {
            throw Problem.invalid(where + "." + field, "is not a UUID");
        }
        return id;
    }

    private static UUID optionalUuid(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isString() ? null : Ids.parseOrNull(v.asString());
    }

    private static JsonNode orEmpty(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? Json.object() : n;
    }
}
