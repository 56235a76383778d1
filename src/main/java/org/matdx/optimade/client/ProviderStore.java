package org.matdx.optimade.client;

import java.time.Clock;
import java.util.Optional;
import org.matdx.access.AccessPolicy;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider list in force: what an administrator last stored (table
 * {@code optimade_provider_list}, V68), else the list MatDX ships. Read on every search, so a
 * change applies at once to every process sharing the database.
 */
public final class ProviderStore {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderStore.class);
    private final Database db;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public ProviderStore(Database db, AccessPolicy policy, AuditLog audit, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** The list and whether it is the one MatDX ships. */
    public record Current(ProviderList list, boolean shipped) {
    }

    public Current current() {
        Optional<String> stored = db.read(h -> h.createQuery("SELECT document::text FROM optimade_provider_list WHERE id = 1")
                .mapTo(String.class).findOne());
        if (stored.isPresent()) {
            try {
                return new Current(ProviderList.parse(stored.get()), false);
            } catch (Problem unreadable) {
                LOG.warn("The stored OPTIMADE provider list no longer reads ({}); the shipped list is used until an "
                        + "administrator stores a new one", unreadable.getMessage());
            }
        }
        return new Current(ProviderList.defaults(), true);
    }

    /** Replaces the list (administrators only); the document is checked whole before anything is stored. */
    public ProviderList replace(RequestContext context, String document) {
        Caller caller = context.caller();
        requireAdministrator(caller);
        ProviderList list = ProviderList.parse(document);
        db.run(h -> {
            h.createUpdate("""
                            INSERT INTO optimade_provider_list (id, document, updated_at, updated_by)
                            VALUES (1, CAST(:doc AS jsonb), :at, :by)
                            ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document, updated_at = EXCLUDED.updated_at,
                                                           updated_by = EXCLUDED.updated_by""")
                    .bind("doc", Json.write(list.document())).bind("at", clock.instant()).bind("by", caller.userId()).execute();
            audit.append(h, context, "optimade.providers.replace", "optimade_provider_list", "1",
                    Json.object().put("providers", list.providers().size()));
        });
        return list;
    }

    /** Goes back to the list MatDX ships (administrators only). */
    public ProviderList reset(RequestContext context) {
        requireAdministrator(context.caller());
        db.run(h -> {
            h.createUpdate("DELETE FROM optimade_provider_list WHERE id = 1").execute();
            audit.append(h, context, "optimade.providers.reset", "optimade_provider_list", "1", Json.object());
        });
        return ProviderList.defaults();
    }

    private void requireAdministrator(Caller caller) {
        if (caller instanceof Caller.Anonymous) {
            throw Problem.unauthorized("sign in as an administrator to change the OPTIMADE provider list");
        }
        if (!policy.isAdministrator(caller)) {
            throw Problem.forbidden("only administrators (with an admin-scoped credential) change the OPTIMADE provider list");
        }
    }
}
