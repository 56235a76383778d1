package org.matdx.optimade.client;

import java.util.List;
import java.util.function.BiFunction;
import org.matdx.core.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a federated search found: one result per database asked, in the order the providers were
 * named, each either a page of structures (with the cursor to the next page of that database) or
 * the reason it gave none; and notes about what was not asked (databases over the fan-out cap).
 */
public record FederatedSearch(String filter, int pageLimit, List<DatabaseResult> results, List<String> notes) {

    public FederatedSearch {
        results = List.copyOf(results);
        notes = List.copyOf(notes);
    }

    /** One database's answer. */
    public sealed interface DatabaseResult permits Answered, Failed {
        /** the database's id ({@code provider} or {@code provider/child}) */
        String database();

        String name();

        long millis();
    }

    /**
     * A page of structures: {@code dataReturned} as the provider counts it (null when it does not
     * say), {@code more} when it has more, and {@code next}, the query of its next page (an opaque
     * cursor MatDX sends back to the same database only), or null.
     */
    public record Answered(String database, String name, String baseUrl, List<Hit> hits, Long dataReturned, boolean more,
                           String next, long millis) implements DatabaseResult {
        public Answered {
            hits = List.copyOf(hits);
        }
    }

    public record Failed(String database, String name, Failure failure, long millis) implements DatabaseResult {
    }

    /**
     * One structure a provider listed: its id there, what identifies and describes it, and the
     * attributes it sent of those MatDX asks for (cleaned of control characters).
     */
    public record Hit(String id, String formula, List<String> elements, Integer nsites, String immutableId,
                      String lastModified, ObjectNode attributes) {
    }

    public long succeeded() {
        return results.stream().filter(r -> r instanceof Answered).count();
    }

    public long failed() {
        return results.stream().filter(r -> r instanceof Failed).count();
    }

    /** Every database asked failed (a search that asked none has not failed). */
    public boolean allFailed() {
        return !results.isEmpty() && succeeded() == 0;
    }

    /**
     * The search as JSON: per database its status ({@code ok} or {@code failed}), hits or failure,
     * counts and the cursor of its next page. {@code nextLink} turns a database and cursor into the
     * address of that page (the API's own URL), or is null.
     */
    public ObjectNode json(BiFunction<String, String, String> nextLink) {
        ObjectNode out = Json.object().put("filter", filter).put("page_limit", pageLimit)
                .put("succeeded", succeeded()).put("failed", failed());
        ArrayNode rs = out.putArray("results");
        for (DatabaseResult r : results) {
            ObjectNode n = rs.addObject().put("database", r.database()).put("provider", r.database().split("/")[0])
                    .put("name", r.name());
            switch (r) {
                case Answered a -> {
                    n.put("status", "ok").put("base_url", a.baseUrl());
                    if (a.dataReturned() != null) {
                        n.put("data_returned", a.dataReturned());
                    }
                    n.put("more_data_available", a.more()).put("next", a.next());
                    if (a.next() != null && nextLink != null) {
                        n.put("next_href", nextLink.apply(a.database(), a.next()));
                    }
                    ArrayNode hits = n.putArray("structures");
                    for (Hit h : a.hits()) {
                        hits.addObject().put("id", h.id()).put("type", "structures").set("attributes", h.attributes());
                    }
                }
                case Failed f -> {
                    n.put("status", "failed");
                    ObjectNode fail = n.putObject("failure").put("kind", f.failure().kind().code()).put("detail", f.failure().detail());
                    if (f.failure().httpStatus() != null) {
                        fail.put("http_status", f.failure().httpStatus());
                    }
                    if (!f.failure().errors().isEmpty()) {
                        ArrayNode errors = fail.putArray("errors");
                        f.failure().errors().forEach(errors::add);
                    }
                }
            }
            n.put("elapsed_ms", r.millis());
        }
        ArrayNode ns = out.putArray("notes");
        notes.forEach(ns::add);
        return out;
    }
}
