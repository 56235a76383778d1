package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.jobs.Job;
import org.matdx.jobs.JobQueue;
import org.matdx.platform.Startup;
import org.matdx.store.Database;
import org.matdx.store.UserStore;
import tools.jackson.databind.node.ObjectNode;

/** Health, the caller's own identity, and job status. */
final class SystemApi {
    private final Database db;
    private final Startup startup;
    private final UserStore users;
    private final JobQueue jobs;

    SystemApi(Database db, Startup startup, UserStore users, JobQueue jobs) {
        this.db = db;
        this.startup = startup;
        this.users = users;
        this.jobs = jobs;
    }

    void register(RoutesConfig r) {
        r.get("/api/v1/health", this::health);
        r.get("/api/v1/me", this::me);
        r.get("/api/v1/jobs/{id}", this::job);
    }

    private void health(Context ctx) {
        boolean dbUp = db.answers();
        ObjectNode health = Json.object()
                .put("status", dbUp ? "ok" : "database unavailable")
                .put("version", Version.current())
                .put("database", dbUp ? "up" : "down");
        var loading = startup.status();
        if (loading.of() > 0) { // a server that loads its demo says how far it has come, and when it is done
            health.putObject("demo").put("state", loading.state().code()).put("loaded", loading.done())
                    .put("of", loading.of()).put("now", loading.now()).put("problem", loading.problem());
        }
        ctx.status(dbUp ? 200 : 503).json(health);
    }

    private void me(Context ctx) {
        Caller c = Requests.caller(ctx);
        if (!(c instanceof Caller.Account a)) {
            throw Problem.unauthorized("no credentials were sent; use 'Authorization: Bearer <token>'");
        }
        ObjectNode n = Json.object().put("id", a.id().toString()).put("username", a.user().username())
                .put("display_name", a.user().displayName()).put("orcid", a.user().orcid())
                .put("admin", a.user().admin()).put("scope", a.scope().code());
        var groups = n.putArray("groups");
        a.groups().forEach((g, role) -> users.groupById(g).ifPresent(group ->
                groups.addObject().put("id", g.toString()).put("name", group.name()).put("role", role.code())));
        ctx.json(n);
    }

    /** Jobs are visible to whoever created them. */
    private void job(Context ctx) {
        UUID id = Requests.id(ctx, "id", "job");
        Caller c = Requests.caller(ctx);
        Job j = jobs.get(id)
                .filter(x -> c.userId() != null && c.userId().equals(x.createdBy()))
                .orElseThrow(() -> Problem.notFound("job", id));
        ctx.json(Json.object().put("id", j.id().toString()).put("kind", j.kind()).put("status", j.status().code())
                .put("attempts", j.attempts()).put("progress", j.progress()).put("message", j.message())
                .put("error", j.error()).put("created_at", j.createdAt().toString())
                .put("finished_at", j.finishedAt() == null ? null : j.finishedAt().toString())
                .set("result", j.result()));
    }
}
