package org.matdx.federated;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.matdx.access.ActingAs;
import org.matdx.audit.AuditLog;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.optimize.Campaigns;
import org.matdx.privacy.Mechanisms;
import org.matdx.store.Database;
import org.matdx.store.Rows;
import org.matdx.store.UserStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A MatDX node's federated campaigns: joining one with one of its optimisation campaigns (an
 * administrator's consent, in the audit trail: the coordinator, the spec, the campaign lent), leaving,
 * and the answers to the coordinator's steps ({@link FederatedCampaignNode}) — each logged like a
 * training's. The campaign is read and its suggestions recorded as the consenting administrator,
 * through {@link Campaigns}, so the access policy decides; its trials and candidates never leave.
 */
public final class FederatedCampaigns {
    public record Membership(UUID id, String name, String coordinatorUrl, UUID coordinatorUser, String proofKey, CampaignSpec spec,
                             UUID campaign, UUID consentedBy, Instant consentedAt, Instant leftAt) {
        public ObjectNode toJson(UserStore users) {
            ObjectNode o = Json.object().put("id", id.toString()).put("name", name).put("kind", "campaign")
                    .put("coordinator", coordinatorUrl)
                    .put("coordinator_account", users.byId(coordinatorUser).map(User::username).orElse(null));
            o.set("spec", spec.toJson());
            o.put("privacy", spec.privacyTerms());
            o.put("campaign", campaign == null ? null : campaign.toString())
                    .put("consented_by", users.byId(consentedBy).map(User::username).orElse(null))
                    .put("consented_at", consentedAt.toString());
            if (leftAt != null) {
                o.put("left_at", leftAt.toString());
            }
            return o;
        }
    }

    private final Database db;
    private final Campaigns campaigns;
    private final Federations federations;
    private final UserStore users;
    private final ActingAs actingAs;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, FederatedCampaignNode> nodes = new ConcurrentHashMap<>();
    /** What each open round read, so its suggestions name the same candidate rows. */
    private final Map<String, Campaigns.FederatedView> views = new ConcurrentHashMap<>();

    public FederatedCampaigns(Database db, Campaigns campaigns, Federations federations, UserStore users, AuditLog audit,
                              Clock clock) {
        this.db = db;
        this.campaigns = campaigns;
        this.federations = federations;
        this.users = users;
        this.actingAs = new ActingAs(users, clock);
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether this node has a federated campaign of that name (joined or left). */
    public boolean has(String name) {
        return byName(name).isPresent();
    }

    /**
     * Joins a federated campaign: {@code name}, {@code coordinator}, {@code coordinator_account},
     * {@code proof_key} (as for a training), {@code spec} (a campaign spec) and {@code campaign}: one
     * of this node's single-objective campaigns, which the administrator may drive, whose parameters
     * and objective are the spec's.
     */
    public Membership join(RequestContext context, JsonNode body) {
        Caller caller = context.caller();
        federations.requireAdministrator(caller);
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("the body must be a JSON object with name, coordinator, coordinator_account, proof_key, "
                    + "spec and campaign");
        }
        for (var field : body.propertyNames()) {
            if (!List.of("name", "coordinator", "coordinator_account", "proof_key", "spec", "campaign").contains(field)) {
                throw Problem.invalid(field, "not a field of a federated campaign membership");
            }
        }
        List<Problem.Issue> issues = new ArrayList<>();
        Federations.Endpoint e = Federations.Endpoint.parse(body, users, issues);
        UUID campaign = body.path("campaign").isString() ? Ids.parseOrNull(body.get("campaign").asString()) : null;
        if (campaign == null) {
            issues.add(new Problem.Issue("campaign", "the id of this node's campaign that takes part"));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        CampaignSpec spec = CampaignSpec.parse(body.get("spec"));
        // 404 when hidden from the administrator, 403 when they may not drive it
        Campaigns.FederatedView v = campaigns.federatedView(context, campaign, 0);
        var cfg = v.campaign().config();
        if (!cfg.objective().equals(spec.objective()) || cfg.maximise() != spec.maximise()) {
            throw Problem.invalid("spec.objective", "campaign '" + v.campaign().name() + "' " + (cfg.maximise() ? "maximizes" : "minimizes")
                    + " " + cfg.objective() + "; the spec says " + (spec.maximise() ? "maximize" : "minimize") + " " + spec.objective());
        }
        if (!CampaignSpec.declare(cfg.space()).equals(spec.parameters()) || cfg.space().simplex() != spec.simplex()) {
            throw Problem.invalid("spec.parameters", "campaign '" + v.campaign().name() + "' has other parameters than the spec "
                    + "(names, order, types, bounds and options must agree)");
        }
        Membership m = new Membership(Ids.newId(), e.name(), e.url(), e.coordinator().orElseThrow().id(), e.proofKey(), spec,
                campaign, caller.userId(), clock.instant(), null);
        db.tx(h -> {
            if (h.createQuery("SELECT 1 FROM federation_memberships WHERE name = :n").bind("n", e.name()).mapTo(Integer.class)
                    .findOne().isPresent()) {
                throw Problem.conflict("this node already has a federation named '" + e.name() + "'");
            }
            h.createUpdate("""
                            INSERT INTO federation_memberships (id, name, coordinator_url, coordinator_user, proof_key, spec,
                                                                consented_by, consented_at, kind, campaign_id)
                            VALUES (:id, :name, :url, :cu, :key, CAST(:spec AS json), :by, :at, 'campaign', :c)""")
                    .bind("id", m.id()).bind("name", m.name()).bind("url", m.coordinatorUrl()).bind("cu", m.coordinatorUser())
                    .bind("key", m.proofKey()).bind("spec", Json.write(spec.toJson())).bind("by", m.consentedBy())
                    .bind("at", m.consentedAt()).bind("c", campaign).execute();
            h.createUpdate("INSERT INTO federation_datasets (membership_id, dataset_id) VALUES (:m, :d)")
                    .bind("m", m.id()).bind("d", v.campaign().datasetId()).execute();
            ObjectNode detail = Json.object().put("name", m.name()).put("coordinator", m.coordinatorUrl())
                    .put("coordinator_account", e.account()).put("campaign", campaign.toString())
                    .put("consent", "this node's administrator agrees that the campaign takes part in a federated campaign under "
                            + "the spec: only masked sums of its trials' statistics leave this node, and how many suggestions it "
                            + "made; the coordinator's suggestions become trials of the campaign; each answer is logged")
                    .put("privacy", spec.privacyTerms());
            detail.set("spec", spec.toJson());
            audit.append(h, context, "federation.join", "federation", m.id(), detail);
            return null;
        });
        return m;
    }

    public Membership leave(RequestContext context, String name) {
        Caller caller = context.caller();
        federations.requireAdministrator(caller);
        Membership m = byName(name).filter(x -> x.leftAt() == null).orElseThrow(() -> Problem.notFound("federation", name));
        db.tx(h -> {
            h.createUpdate("UPDATE federation_memberships SET left_at = :at, left_by = :by WHERE id = :id")
                    .bind("at", clock.instant()).bind("by", caller.userId()).bind("id", m.id()).execute();
            audit.append(h, context, "federation.leave", "federation", m.id(), Json.object().put("name", name));
            return null;
        });
        nodes.remove(m.id());
        return byName(name).orElseThrow();
    }

    public List<Membership> list(Caller caller) {
        federations.requireAdministrator(caller);
        return db.read(h -> h.createQuery("SELECT * FROM federation_memberships WHERE kind = 'campaign' ORDER BY consented_at, name")
                .map((rs, ctx) -> membership(rs)).list());
    }

    public Membership get(Caller caller, String name) {
        federations.requireAdministrator(caller);
        return byName(name).orElseThrow(() -> Problem.notFound("federation", name));
    }

    private Optional<Membership> byName(String name) {
        if (name == null || name.length() > 63) {
            return Optional.empty();
        }
        return db.read(h -> h.createQuery("SELECT * FROM federation_memberships WHERE name = :n AND kind = 'campaign'")
                .bind("n", name).map((rs, ctx) -> membership(rs)).findOne());
    }

    private static Membership membership(ResultSet rs) throws SQLException {
        return new Membership(Rows.uuid(rs, "id"), rs.getString("name"), rs.getString("coordinator_url"),
                Rows.uuid(rs, "coordinator_user"), rs.getString("proof_key"), CampaignSpec.parse(Rows.json(rs, "spec")),
                Rows.uuid(rs, "campaign_id"), Rows.uuid(rs, "consented_by"), Rows.instant(rs, "consented_at"),
                Rows.instant(rs, "left_at"));
    }

    /** One protocol step from the coordinator; anyone but its account (with a write-scoped token) gets 404. */
    public Federations.Answer answer(RequestContext context, String name, String session, String step, JsonNode body) {
        Membership m = byName(name).filter(x -> x.leftAt() == null).orElse(null);
        if (m == null || !(context.caller() instanceof Caller.Account a) || !a.user().id().equals(m.coordinatorUser())) {
            throw Problem.notFound("federation", name);
        }
        if (!a.scope().includes(Scope.WRITE)) {
            throw Problem.forbidden("the coordinator's token is read-only; the federation's steps need the write scope");
        }
        if (!FederatedCampaignNode.STEPS.contains(step)) {
            throw Problem.notFound("federation step", step);
        }
        if (m.campaign() == null) {
            throw Problem.conflict("the campaign this node lent to '" + name + "' was removed; leave the federation");
        }
        FederatedCampaignNode node = nodes.computeIfAbsent(m.id(), k -> node(m, context));
        try {
            byte[] out = node.handle(session, step, body);
            return new Federations.Answer(out, Federations.proof(m.proofKey(), session, step, out));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(step, e.getMessage());
        } catch (IllegalStateException e) {
            throw Problem.conflict(step + ": " + e.getMessage());
        }
    }

    /** The consenting administrator, who may drive the campaign: the access policy decides what the round reads. */
    private Caller consenter(Membership m) {
        return actingAs.account(m.consentedBy(), Scope.WRITE).orElseThrow(() -> new IllegalStateException(
                "the administrator who consented no longer exists; join the federation again"));
    }

    private FederatedCampaignNode node(Membership m, RequestContext context) {
        FederatedCampaignNode.Trials trials = new FederatedCampaignNode.Trials() {
            @Override
            public FederatedCampaignNode.Local load(String session, CampaignSpec spec) {
                Campaigns.FederatedView v;
                try {
                    v = campaigns.federatedView(context.as(consenter(m)), m.campaign(), random.nextLong());
                } catch (Problem p) {
                    throw new IllegalStateException("this node's campaign cannot take part: " + p.getMessage());
                }
                views.keySet().removeIf(k -> k.startsWith(m.id() + "/") && views.size() > 64);
                views.put(m.id() + "/" + session, v);
                return new FederatedCampaignNode.Local(v.encoded(), v.observations());
            }

            @Override
            public void suggest(String session, List<Integer> candidates) {
                Campaigns.FederatedView v = views.remove(m.id() + "/" + session);
                if (v == null) {
                    throw new IllegalStateException("this node has not read its campaign in session '" + session + "'");
                }
                try {
                    campaigns.suggestFederated(context.as(consenter(m)), v, candidates, session);
                } catch (Problem p) {
                    throw new IllegalStateException("this node's campaign cannot take suggestions: " + p.getMessage());
                }
            }
        };
        int answered = db.read(h -> h.createQuery("SELECT count(*) FROM federation_messages WHERE membership_id = :m AND step = 'round'")
                .bind("m", m.id()).mapTo(Integer.class).one());
        return new FederatedCampaignNode(m.spec(), trials, (session, step, body) -> federations.log(m.id(), m.coordinatorUrl(),
                session, step, body), random, new SplittableRandom(random.nextLong()), Mechanisms.secure(), answered);
    }
}
