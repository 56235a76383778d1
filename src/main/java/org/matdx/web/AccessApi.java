package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.matdx.access.Sharing;
import org.matdx.core.AuditEvent;
import org.matdx.core.Caller;
import org.matdx.core.Json;
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
        if (!b.isObject()) {
            throw Problem.badRequest("the body must be a JSON object such as {\"access\": \"embargoed\", \"embargo_until\": \"2028-04-01\"}");
        }
        String level = Requests.text(b, "access") != null ? Requests.text(b, "access") : Requests.text(b, "level");
        LocalDate embargo = null;
        String e = Requests.text(b, "embargo_until");
        if (e != null) {
            try {
                embargo = LocalDate.parse(e);
            } catch (DateTimeParseException x) {
                throw Problem.invalid("embargo_until", "must be a date like 2027-04-01");
            }
        }
        JsonNode muo = b.get("model_use_only");
        if (muo != null && !muo.isNull() && !muo.isBoolean()) {
            throw Problem.invalid("model_use_only", "must be true or false");
        }
        String group = b.has("group") && b.get("group").isNull() ? "" : Requests.text(b, "group");
        sharing.setAccess(Requests.context(ctx), id, new Sharing.Change(level, embargo,
                muo == null || muo.isNull() ? null : muo.asBoolean(), group));
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
        JsonNode b = Requests.jsonBody(ctx);
        String role = b.isObject() ? Requests.text(b, "role") : null;
        if (role == null) {
            throw Problem.invalid("role", "send {\"role\": \"reviewer\"} (reads) or {\"role\": \"coauthor\"} (edits)");
        }
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
        if (!b.isObject()) {
            throw Problem.badRequest("the body must be a JSON object such as {\"orcid\": \"0000-0002-1825-0097\"}");
        }
        var u = accounts.updateProfile(a, Requests.text(b, "display_name"),
                b.has("email") && b.get("email").isNull() ? "" : Requests.text(b, "email"),
                b.has("orcid") && b.get("orcid").isNull() ? "" : Requests.text(b, "orcid"), Requests.context(ctx));
        ctx.json(Json.object().put("id", u.id().toString()).put("username", u.username())
                .put("display_name", u.displayName()).put("email", u.email()).put("orcid", u.orcid()));
    }
}
