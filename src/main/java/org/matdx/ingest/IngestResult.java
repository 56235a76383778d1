package org.matdx.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What became of one file (or one row of a batch sheet): the entries it produced, or why it was
 * refused. A refused file left nothing behind.
 *
 * @param source      the file name, or {@code sheet.xlsx, row 4} for a batch row
 * @param points      data points over all series of the entries
 * @param sites       crystal sites, for structures
 * @param attachments files attached to the entries (directory and zip uploads)
 */
public record IngestResult(String source, String template, List<UUID> entries, int points, int sites,
                           JsonNode metadata, List<String> attachments, String error, List<Problem.Issue> issues) {
    public IngestResult {
        entries = entries == null ? List.of() : List.copyOf(entries);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        issues = issues == null ? List.of() : List.copyOf(issues);
    }

    public boolean ok() {
        return error == null;
    }

    public static IngestResult failed(String source, String template, String error, List<Problem.Issue> issues) {
        return new IngestResult(source, template, List.of(), 0, 0, null, List.of(), error, issues);
    }

    /** A refused main file with the files that would have been attached to it (none of them stored). */
    public static IngestResult failed(String source, String template, String error, List<Problem.Issue> issues,
                                      List<String> attachments) {
        return new IngestResult(source, template, List.of(), 0, 0, null, attachments, error, issues);
    }

    /** "registered" (entries made) or "refused" (nothing stored). */
    public String outcome() {
        return ok() ? "registered" : "refused";
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object().put("file", source).put("template", template).put("outcome", outcome());
        if (ok()) {
            n.put("entry", entries.isEmpty() ? null : entries.get(0).toString());
            var arr = n.putArray("entries");
            entries.forEach(e -> arr.add(e.toString()));
            n.put("points", points).put("sites", sites);
            n.set("metadata", metadata == null ? Json.object() : metadata);
            var att = n.putArray("attachments");
            attachments.forEach(att::add);
        } else {
            n.put("error", error);
            if (!issues.isEmpty()) {
                var arr = n.putArray("issues");
                issues.forEach(i -> arr.addObject().put("field", i.field()).put("message", i.message()));
            }
            if (!attachments.isEmpty()) {
                var att = n.putArray("attachments");
                attachments.forEach(att::add);
            }
        }
        return n;
    }

    /** The result back from {@link #toJson()} (an ingest job reads what an earlier attempt recorded). */
    public static IngestResult fromJson(JsonNode n) {
        List<UUID> entries = new ArrayList<>();
        n.path("entries").forEach(e -> entries.add(UUID.fromString(e.asString())));
        List<String> attachments = new ArrayList<>();
        n.path("attachments").forEach(a -> attachments.add(a.asString()));
        List<Problem.Issue> issues = new ArrayList<>();
        n.path("issues").forEach(i -> issues.add(new Problem.Issue(i.path("field").asString(), i.path("message").asString())));
        String error = n.hasNonNull("error") ? n.get("error").asString() : null;
        String template = n.hasNonNull("template") ? n.get("template").asString() : null;
        return new IngestResult(n.path("file").asString(), template, entries, n.path("points").asInt(), n.path("sites").asInt(),
                error == null ? n.path("metadata") : null, attachments, error, issues);
    }
}
