package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.UUID;
import org.matdx.access.Sharing;
import org.matdx.core.AuditEvent;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.matdx.catalog.Catalog;
import org.matdx.access.AuditTrail;
import org.matdx.access.Accounts;

/** Who may see a dataset (owner only), co-workers, embargoes, the audit trail and the caller's profile. */
final class AccessApi {
    private final Catalog catalog;
    private final AuditTrail auditTrail;
    private final Accounts accounts;
    private final Sharing sharing;

    AccessApi(Sharing sharing, Catalog catalog, AuditTrail auditTrail, Accounts accounts) {
        this.sharing = sharing;
        this.catalog = catalog;
        this.auditTrail = auditTrail;
        this.accounts = accounts;
    }

    void register(RoutesConfig r) {
        r.put("/api/v1/datasets/{id}/access", this::setAccess);
        r.post("/api/v1/datasets/{id}/embargo/lift", this::lift);
        r.post("/api/v1/datasets/{id}/embargo/extend", this::extend);
        r.get("/api/v1/datasets/{id}/coworkers", this::coworkers);
        r.put("/api/v1/datasets/{id}/coworkers/{user}", this::putCoworker);
        r.delete("/api/v1/datasets/{id}/coworkers/{user}", this::removeCoworker);
        r.get("/api/v1/audit", this::audit);
        r.put("/api/v1/me", this::profile);
    }

    private void setAccess(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        JsonNode b = Requests.jsonBody(ctx);
        JsonFields f = JsonFields.of(b);
        String access = f.optionalText("access");
        String level = access != null ? access : f.optionalText("level");
        LocalDate embargo = f.optionalDate("embargo_until");
        Boolean modelUseOnly = f.optionalBool("model_use_only");
        String group = f.optionalText("group");
        f.done();
        var change = new Sharing.Change(level, embargo, modelUseOnly, b.has("group") && b.get("group").isNull() ? "" : group);
        sharing.setAccess(Requests.context(ctx), id, change);
        datasetAnswer(ctx, id);
    }

    private void lift(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        sharing.liftEmbargo(Requests.context(ctx), id);
        datasetAnswer(ctx, id);
    }

    private void extend(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        sharing.extendEmbargo(Requests.context(ctx), id);
        datasetAnswer(ctx, id);
    }

    private void datasetAnswer(Context ctx, UUID id) {
        ctx.json(Views.dataset(catalog.dataset(Requests.context(ctx), id)));
    }

    private void coworkers(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        ArrayNode items = Json.MAPPER.createArrayNode();
        sharing.coworkers(Requests.caller(ctx), id).forEach(c -> items.add(coworker(c)));
        ctx.json(Json.object().set("items", items));
    }

    private void putCoworker(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        String role = f.optionalText("role", 100); // which roles there are is the sharing's to say
        if (role == null) {
            f.problem("role", "send {\"role\": \"reviewer\"} (reads) or {\"role\": \"coauthor\"} (edits)");
        }
        f.done();
        ctx.json(coworker(sharing.putCoworker(Requests.context(ctx), id, ctx.pathParam("user"), role)));
    }

    private void removeCoworker(Context ctx) {
        UUID id = Requests.id(ctx, "id", "dataset");
        sharing.removeCoworker(Requests.context(ctx), id, ctx.pathParam("user"));
        ctx.status(204);
    }

    private static ObjectNode coworker(Sharing.Coworker c) {
        return Json.object().put("user", c.user().username()).put("display_name", c.user().displayName())
                .put("orcid", c.user().orcid()).put("role", c.role());
    }

    /** The history of one object: for its owners, the account itself, and administrators. */
    private void audit(Context ctx) {
        var events = auditTrail.forObject(Requests.caller(ctx), ctx.queryParam("object"));
        ArrayNode items = Json.MAPPER.createArrayNode();
        events.forEach(e -> items.add(event(e)));
        ctx.json(Json.object().put("object", ctx.queryParam("object")).<ObjectNode>set("items", items));
    }

    static ObjectNode event(AuditEvent e) {
        return Json.object().put("seq", e.seq()).put("at", e.at().toString()).put("actor", e.actor())
                .put("actor_id", e.actorId() == null ? null : e.actorId().toString()).put("action", e.action())
                .put("object_type", e.objectType()).put("object_id", e.objectId())
                .put("remote_address", e.remoteAddress()).<ObjectNode>set("detail", e.detail())
                .put("hash", e.hash());
    }

    private void profile(Context ctx) {
        if (!(Requests.caller(ctx) instanceof Caller.Account a)) {
            throw Problem.unauthorized("sign in to change your profile");
        }
        JsonNode b = Requests.jsonBody(ctx);
        JsonFields f = JsonFields.of(b);
        String displayName = f.optionalText("display_name");
        String email = f.optionalText("email");
        String orcid = f.optionalText("orcid");
        f.done();
        // null clears a field; absent keeps it
        var u = accounts.updateProfile(a, displayName, b.has("email") && b.get("email").isNull() ? "" : email,
                b.has("orcid") && b.get("orcid").isNull() ? "" : orcid, Requests.context(ctx));
        ctx.json(Json.object().put("id", u.id().toString()).put("username", u.username())
                .put("display_name", u.displayName()).put("email", u.email()).put("orcid", u.orcid()));
    }
}
