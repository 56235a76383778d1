package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.matdx.core.Json;
import org.matdx.federated.Federations;
import org.matdx.platform.Platform;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Federated learning between MatDX nodes over HTTP (docs/federation.md) — not the federated
 * OPTIMADE search of {@link FederationApi}. Administrators join and leave federations and read what
 * this node sent; the coordinator's account calls the protocol steps, and each answer carries the
 * node's proof header.
 */
final class FederatedLearningApi {
    static final String MEMBERSHIPS = "/api/v1/federated/memberships";

    private final Federations federations;

    FederatedLearningApi(Platform platform) {
        this.federations = platform.federations();
    }

    void register(RoutesConfig r) {
        r.get(MEMBERSHIPS, this::list);
        r.post(MEMBERSHIPS, this::join);
        r.get(MEMBERSHIPS + "/{name}", this::get);
        r.delete(MEMBERSHIPS + "/{name}", this::leave);
        r.get(MEMBERSHIPS + "/{name}/messages", this::messages);
        r.post(MEMBERSHIPS + "/{name}/sessions/{session}/{step}", this::step);
    }

    private void list(Context ctx) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("memberships");
        federations.list(Requests.caller(ctx)).forEach(m -> items.add(m.toJson(federations.users())));
        ctx.json(out);
    }

    private void join(Context ctx) {
        var m = federations.join(Requests.caller(ctx), Requests.jsonBody(ctx), Requests.origin(ctx));
        ctx.status(201).json(m.toJson(federations.users()));
    }

    private void get(Context ctx) {
        ctx.json(federations.get(Requests.caller(ctx), ctx.pathParam("name")).toJson(federations.users()));
    }

    private void leave(Context ctx) {
        ctx.json(federations.leave(Requests.caller(ctx), ctx.pathParam("name"), Requests.origin(ctx)).toJson(federations.users()));
    }

    private void messages(Context ctx) {
        long after = Requests.intParam(ctx, "after", 0);
        int limit = Requests.intParam(ctx, "limit", 100);
        var list = federations.messages(Requests.caller(ctx), ctx.pathParam("name"), after, limit);
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("messages");
        list.forEach(m -> items.add(m.toJson()));
        if (list.size() == Math.max(1, Math.min(limit, Federations.MAX_MESSAGES_PAGE))) {
            out.put("next", MEMBERSHIPS + "/" + ctx.pathParam("name") + "/messages?after=" + list.get(list.size() - 1).id()
                    + "&limit=" + limit);
        }
        ctx.json(out);
    }

    private void step(Context ctx) {
        Federations.Answer a = federations.answer(Requests.caller(ctx), ctx.pathParam("name"), ctx.pathParam("session"),
                ctx.pathParam("step"), Requests.jsonBody(ctx), Requests.origin(ctx));
        ctx.header(Federations.PROOF_HEADER, a.proof()).contentType("application/json").result(a.body());
    }
}
