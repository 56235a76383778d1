package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.matdx.core.Json;
import org.matdx.federated.Coordinations;
import org.matdx.federated.FederatedCampaigns;
import org.matdx.federated.Federations;
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
    static final String COORDINATIONS = "/api/v1/federated/coordinations";

    private final Federations federations;
    private final FederatedCampaigns campaigns;
    private final Coordinations coordinations;

    FederatedLearningApi(Federations federations, FederatedCampaigns campaigns, Coordinations coordinations) {
        this.federations = federations;
        this.campaigns = campaigns;
        this.coordinations = coordinations;
    }

    void register(RoutesConfig r) {
        r.get(MEMBERSHIPS, this::list);
        r.post(MEMBERSHIPS, this::join);
        r.get(MEMBERSHIPS + "/{name}", this::get);
        r.delete(MEMBERSHIPS + "/{name}", this::leave);
        r.get(MEMBERSHIPS + "/{name}/messages", this::messages);
        r.post(MEMBERSHIPS + "/{name}/sessions/{session}/{step}", this::step);
        // this node as the coordinator: start a training or campaign rounds over other nodes and watch them
        r.get(COORDINATIONS, ctx -> {
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("coordinations");
            coordinations.list(Requests.caller(ctx)).forEach(c -> items.add(c.toJson()));
            ctx.json(out);
        });
        r.post(COORDINATIONS, ctx -> {
            var run = coordinations.start(Requests.context(ctx), Requests.jsonBody(ctx));
            ctx.status(202).header("Location", COORDINATIONS + "/" + run.id()).json(run.toJson());
        });
        r.get(COORDINATIONS + "/{id}", ctx -> ctx.json(coordinations.get(Requests.caller(ctx), ctx.pathParam("id")).toJson()));
        r.delete(COORDINATIONS + "/{id}", ctx -> ctx.json(coordinations.cancel(Requests.context(ctx), ctx.pathParam("id")).toJson()));
    }

    private void list(Context ctx) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("memberships");
        federations.list(Requests.caller(ctx)).forEach(m -> items.add(m.toJson(federations.users())));
        campaigns.list(Requests.caller(ctx)).forEach(m -> items.add(m.toJson(federations.users())));
        ctx.json(out);
    }

    private void join(Context ctx) {
        var body = Requests.jsonBody(ctx);
        // a membership lends datasets to trainings or one campaign to a federated campaign
        ObjectNode out = body != null && body.has("campaign")
                ? campaigns.join(Requests.context(ctx), body).toJson(federations.users())
                : federations.join(Requests.context(ctx), body).toJson(federations.users());
        ctx.status(201).json(out);
    }

    private void get(Context ctx) {
        String name = ctx.pathParam("name");
        ctx.json(campaigns.has(name) ? campaigns.get(Requests.caller(ctx), name).toJson(federations.users())
                : federations.get(Requests.caller(ctx), name).toJson(federations.users()));
    }

    private void leave(Context ctx) {
        String name = ctx.pathParam("name");
        ctx.json(campaigns.has(name) ? campaigns.leave(Requests.context(ctx), name).toJson(federations.users())
                : federations.leave(Requests.context(ctx), name).toJson(federations.users()));
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
        String name = ctx.pathParam("name");
        Federations.Answer a = campaigns.has(name)
                ? campaigns.answer(Requests.context(ctx), name, ctx.pathParam("session"), ctx.pathParam("step"), Requests.jsonBody(ctx))
                : federations.answer(Requests.context(ctx), name, ctx.pathParam("session"), ctx.pathParam("step"),
                        Requests.jsonBody(ctx));
        ctx.header(Federations.PROOF_HEADER, a.proof()).contentType("application/json").result(a.body());
    }
}
