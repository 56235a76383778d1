package org.matdx.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.federated.Coordinations;
import org.matdx.web.Requests;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The administrators' page for this server as the coordinator of federated trainings and
 * campaigns (docs/federation.md, "The coordinator over HTTP"): start one over other MatDX nodes,
 * watch its rounds, cancel it. Every step goes through {@link Coordinations}, which answers anyone
 * but an administrator exactly as the API does (401 signed out, 403 otherwise).
 */
public final class CoordinationsPage {
    static final String PATH = "/admin/federated-coordinations";

    private final Coordinations coordinations;

    CoordinationsPage(Coordinations coordinations) {
        this.coordinations = coordinations;
    }

    void register(RoutesConfig r) {
        r.get(PATH, ctx -> list(ctx, Form.EMPTY, null));
        r.post(PATH, this::start);
        r.get(PATH + "/{id}", this::show);
        r.post(PATH + "/{id}/cancel", this::cancel);
    }

    /** What the start form holds: as typed, so a refused form comes back with its fields. */
    public record Form(String kind, String spec, String nodes, String rounds, String timeout) {
        static final Form EMPTY = new Form("training", "", "", "1", "120");
    }

    /** One finished round as the page lists it; {@code json} is the whole round, pretty-printed. */
    public record Round(int number, List<String> participants, List<String> dropped, String summary, String json) {
    }

    /** A coordination as the page shows it (the API's answer, read field by field). */
    public record View(String id, String kind, String state, String stage, String startedBy, String startedAt, String endedAt,
                       String error, List<String> nodes, int roundsAsked, String spec, List<Round> rounds) {
        public boolean running() {
            return state.equals("running");
        }

        static View of(Coordinations.Run run) {
            ObjectNode j = run.toJson();
            List<Round> rounds = new ArrayList<>();
            int n = 0;
            for (JsonNode r : j.get("rounds")) {
                n++;
                JsonNode record = r.has("training") ? r.get("training") : r;
                String summary;
                if (r.has("training")) {
                    List<String> models = new ArrayList<>();
                    r.path("registered").properties().forEach(e -> models.add(e.getKey() + ": "
                            + e.getValue().path("model").asString(e.getValue().path("registered").asString("?"))));
                    summary = r.path("rounds").asInt() + " secure-aggregation rounds; model " + String.join(", ", models);
                } else {
                    List<String> suggested = new ArrayList<>();
                    r.path("suggested").properties().forEach(e -> suggested.add(e.getKey() + " " + e.getValue().asString()));
                    summary = r.path("instruction").asString("") + " · " + r.path("pooled_trials").asInt() + " pooled trials"
                            + (suggested.isEmpty() ? "" : " · suggested " + String.join(", ", suggested));
                }
                rounds.add(new Round(n, strings(record.path("participants")), strings(record.path("dropped")), summary,
                        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r)));
            }
            return new View(j.get("id").asString(), j.get("kind").asString(), j.get("state").asString(),
                    j.get("stage").asString(), j.get("started_by").asString(), j.get("started_at").asString(),
                    j.path("ended_at").asString(""), j.path("error").asString(null), strings(j.get("nodes")),
                    j.get("rounds_asked").asInt(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(j.get("spec")),
                    rounds);
        }

        private static List<String> strings(JsonNode a) {
            List<String> out = new ArrayList<>();
            if (a != null && a.isArray()) {
                a.forEach(v -> out.add(v.asString()));
            }
            return out;
        }
    }

    private void list(Context ctx, Form form, String problem) {
        Caller caller = Requests.caller(ctx);
        List<View> runs = coordinations.list(caller).stream().map(View::of).toList(); // refuses anyone but administrators
        Map<String, Object> params = new HashMap<>();
        params.put("runs", runs);
        params.put("form", form);
        params.put("problem", problem == null ? "" : problem);
        // the nodes field holds the nodes' tokens: never kept by a cache
        ctx.header("Cache-Control", "no-store");
        Pages.render(ctx, "coordinations.jte", params);
    }

    private void start(Context ctx) {
        Form form = new Form(value(ctx, "kind"), value(ctx, "spec"), value(ctx, "nodes"), value(ctx, "rounds"),
                value(ctx, "timeout"));
        Coordinations.Run run;
        try {
            run = coordinations.start(Requests.context(ctx), body(form));
        } catch (Problem p) {
            if (p.type().status != 400) {
                throw p; // 401, 403, 409: the same answer as the API's, on the error page
            }
            ctx.status(400);
            list(ctx, form, p.getMessage()); // a form that does not check out is explained next to it
            return;
        }
        ctx.redirect(PATH + "/" + run.id());
    }

    /** The API's body from the form; a field that is not JSON is named, as the API would name it. */
    static ObjectNode body(Form form) {
        ObjectNode b = Json.object().put("kind", form.kind());
        b.set("spec", json("spec", form.spec()));
        b.set("nodes", json("nodes", form.nodes()));
        b.put("rounds", whole("rounds", form.rounds()));
        b.put("timeout", whole("timeout", form.timeout()));
        return b;
    }

    private static JsonNode json(String field, String text) {
        if (text.isBlank()) {
            throw Problem.invalid(field, field.equals("spec") ? "the spec every node agreed to, as JSON"
                    : "a JSON list of the nodes: [{\"name\", \"url\", \"federation\", \"token\", \"proof_key\"}, …]");
        }
        try {
            return Json.read(text);
        } catch (RuntimeException e) {
            throw Problem.invalid(field, "not JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        String line = s.lines().findFirst().orElse("malformed");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static int whole(String field, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw Problem.invalid(field, "a whole number");
        }
    }

    private static String value(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v;
    }

    private void show(Context ctx) {
        View view = View.of(coordinations.get(Requests.caller(ctx), ctx.pathParam("id")));
        Pages.render(ctx, "coordination.jte", Map.of("view", view));
    }

    private void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        coordinations.cancel(Requests.context(ctx), id);
        ctx.redirect(PATH + "/" + id);
    }
}
