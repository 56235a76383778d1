package org.matdx.ingest;

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

    public ObjectNode toJson() {
        ObjectNode n = Json.object().put("file", source).put("template", template);
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
        }
        return n;
    }
}
