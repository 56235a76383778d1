package org.matdx.access;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.audit.AuditLog;
import org.matdx.core.AccessLevel;
import org.matdx.core.AccessSettings;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Group;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.User;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.MemberStore;
import org.matdx.store.UserStore;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who may see a dataset, changed by its owner: the access level, embargo date, model-use-only
 * flag and group; named co-workers; lifting an embargo early and extending it (once, by a year,
 * as ARIM allows). Every change is written with its audit event in one transaction.
 */
public final class Sharing {
    /** ARIM: data stay private about two years, and one more year on request. */
    public static final int MAX_EXTENSIONS = 1;

    private final Database db;
    private final DatasetStore datasets;
    private final MemberStore members;
    private final UserStore users;
    private final AccessPolicy policy;
    private final Gate gate;
    private final AuditLog audit;
    private final Clock clock;

    public Sharing(Database db, DatasetStore datasets, MemberStore members, UserStore users, AccessPolicy policy,
                   AuditLog audit, Clock clock) {
        this.db = db;
        this.datasets = datasets;
        this.members = members;
        this.users = users;
        this.policy = policy;
        this.gate = new Gate(db, datasets, new EntryStore(db), policy, audit);
        this.audit = audit;
        this.clock = clock;
    }

    /** A requested change of settings; null fields stay as they are. */
    public record Change(String level, LocalDate embargoUntil, Boolean modelUseOnly, String group) {
    }

    /** A co-worker as shown to the dataset's owners. */
    public record Coworker(User user, String role) {
    }

    /** The dataset if the caller owns it; hidden ones answer 404, visible ones 401/403. */
    public Dataset managed(Caller caller, UUID id) {
        return gate.require(caller, id, AccessPolicy.Right.MANAGE);
    }

    public Dataset setAccess(RequestContext context, UUID id, Change c) {
        Caller caller = context.caller();
        Dataset d = managed(caller, id);
        List<Problem.Issue> issues = new ArrayList<>();
        UUID groupId = d.groupId();
        if (c.group() != null) {
            if (c.group().isBlank()) {
                groupId = null;
            } else {
                Group g = users.groupByName(c.group()).orElse(null);
                boolean member = g != null && (caller instanceof Caller.System
                        || (caller instanceof Caller.Account a && a.groups().containsKey(g.id())));
                if (!member) {
                    issues.add(new Problem.Issue("group", "you are not a member of a group named '" + c.group() + "'"));
                } else {
                    groupId = g.id();
                }
            }
        }
        AccessLevel level = d.access().level();
        if (c.level() != null) {
            try {
                level = AccessLevel.of(c.level());
            } catch (IllegalArgumentException e) {
                issues.add(new Problem.Issue("access", e.getMessage()));
            }
        }
        LocalDate embargo = c.embargoUntil() != null ? c.embargoUntil()
                : level == AccessLevel.EMBARGOED ? d.access().embargoUntil() : null;
        if (level == AccessLevel.EMBARGOED) {
            if (embargo == null) {
                issues.add(new Problem.Issue("embargo_until", "an embargoed dataset needs an embargo date"));
            } else if (!embargo.isAfter(policy.today()) && c.embargoUntil() != null) {
                issues.add(new Problem.Issue("embargo_until", embargo + " has passed; make the dataset public instead"));
            }
        } else if (c.embargoUntil() != null) {
            issues.add(new Problem.Issue("embargo_until", "only an embargoed dataset has an embargo date"));
        }
        if (level == AccessLevel.GROUP && groupId == null) {
            issues.add(new Problem.Issue("group", "a group-level dataset needs a group"));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        boolean muo = c.modelUseOnly() != null ? c.modelUseOnly() : d.access().modelUseOnly();
        AccessSettings after = new AccessSettings(level, embargo, muo);
        UUID group = groupId;
        db.run(h -> {
            datasets.updateSharing(h, d.id(), after, group, clock.instant());
            audit.append(h, context, "dataset.access", "dataset", d.id(), Json.object()
                    .put("dataset", d.id().toString())
                    .<ObjectNode>set("before", settings(d.access(), d.groupId()))
                    .set("after", settings(after, group)));
        });
        return datasets.get(id).orElseThrow();
    }

    /** The owner opens embargoed data before its date. */
    public Dataset liftEmbargo(RequestContext context, UUID id) {
        Dataset d = managed(context.caller(), id);
        if (d.access().level() != AccessLevel.EMBARGOED) {
            throw Problem.conflict("the dataset is not under embargo (its access is " + d.access().level().code() + ")");
        }
        db.run(h -> lift(h, context, d, "lifted early by the owner"));
        return datasets.get(id).orElseThrow();
    }

    /** Whether the caller may extend this dataset's embargo now (what a page asks before it offers the button). */
    public boolean embargoExtendable(Caller caller, Dataset d) {
        return policy.canManage(caller, d) && d.access().level() == AccessLevel.EMBARGOED && !policy.embargoLifted(d)
                && db.read(h -> datasets.embargoExtensions(h, d.id())) < MAX_EXTENSIONS;
    }

    /** Extends an embargo by one year, once (ARIM's "one more year on request"). */
    public Dataset extendEmbargo(RequestContext context, UUID id) {
        Dataset d = managed(context.caller(), id);
        if (d.access().level() != AccessLevel.EMBARGOED || policy.embargoLifted(d)) {
            throw Problem.conflict("only a running embargo can be extended; this dataset's access is "
                    + (d.access().level() == AccessLevel.EMBARGOED ? "an embargo that ended on " + d.access().embargoUntil()
                    : d.access().level().code()));
        }
        LocalDate until = d.access().embargoUntil().plusYears(1);
        db.run(h -> {
            int done = datasets.embargoExtensions(h, d.id());
            if (done >= MAX_EXTENSIONS) {
                throw Problem.conflict("the embargo was already extended " + done + " time(s); at most "
                        + MAX_EXTENSIONS + " extension of one year is allowed");
            }
            datasets.extendEmbargo(h, d.id(), until, clock.instant());
            audit.append(h, context, "dataset.embargo.extend", "dataset", d.id(), Json.object()
                    .put("dataset", d.id().toString()).put("from", d.access().embargoUntil().toString())
                    .put("until", until.toString()));
        });
        return datasets.get(id).orElseThrow();
    }

    /** Opens the dataset (public) in the caller's transaction and records why. */
    void lift(Handle h, RequestContext context, Dataset d, String reason) {
        AccessSettings open = new AccessSettings(AccessLevel.PUBLIC, null, d.access().modelUseOnly());
        datasets.updateAccess(h, d.id(), open, clock.instant());
        audit.append(h, context, "dataset.embargo.lift", "dataset", d.id(), Json.object()
                .put("dataset", d.id().toString()).put("embargo_until", d.access().embargoUntil().toString())
                .put("reason", reason));
    }

    // ---- co-workers -------------------------------------------------------------------------

    public List<Coworker> coworkers(Caller caller, UUID id) {
        gate.dataset(caller, id, Visibility.OWNER); // others do not learn who works on it, nor that it exists
        List<Coworker> out = new ArrayList<>();
        for (MemberStore.Member m : members.members(id)) {
            users.byId(m.userId()).ifPresent(u -> out.add(new Coworker(u, m.role())));
        }
        return out;
    }

    /** Names a reviewer (reads whatever the level) or a co-author (edits, as the owner does). */
    public Coworker putCoworker(RequestContext context, UUID id, String username, String role) {
        Dataset d = managed(context.caller(), id);
        if (!"reviewer".equals(role) && !"coauthor".equals(role)) {
            throw Problem.invalid("role", "must be 'reviewer' (reads) or 'coauthor' (edits); found '" + role + "'");
        }
        User u = users.byUsername(username).orElseThrow(() -> Problem.notFound("user", username));
        if (u.id().equals(d.ownerId())) {
            throw Problem.invalid("user", "the owner already has every right on the dataset");
        }
        db.run(h -> {
            members.put(h, d.id(), u.id(), role);
            audit.append(h, context, "dataset.coworker.put", "dataset", d.id(), Json.object()
                    .put("dataset", d.id().toString()).put("user", u.username()).put("role", role));
        });
        return new Coworker(u, role);
    }

    public void removeCoworker(RequestContext context, UUID id, String username) {
        Dataset d = managed(context.caller(), id);
        User u = users.byUsername(username).orElseThrow(() -> Problem.notFound("co-worker", username));
        db.run(h -> {
            if (!members.remove(h, d.id(), u.id())) {
                throw Problem.notFound("co-worker", username);
            }
            audit.append(h, context, "dataset.coworker.remove", "dataset", d.id(), Json.object()
                    .put("dataset", d.id().toString()).put("user", u.username()));
        });
    }

    static ObjectNode settings(AccessSettings a, UUID group) {
        return Json.object().put("access", a.level().code())
                .put("embargo_until", a.embargoUntil() == null ? null : a.embargoUntil().toString())
                .put("model_use_only", a.modelUseOnly()).put("group", group == null ? null : group.toString());
    }
}
