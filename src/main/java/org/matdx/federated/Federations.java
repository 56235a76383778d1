package org.matdx.federated;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.ActingAs;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.informatics.ModelInput;
import org.matdx.informatics.ModelRecord;
import org.matdx.informatics.ModelStore;
import org.matdx.informatics.PrivateTraining;
import org.matdx.informatics.Task;
import org.matdx.informatics.TrainRequest;
import org.matdx.informatics.TrainingData;
import org.matdx.privacy.Mechanisms;
import org.matdx.privacy.PrivacyStore;
import org.matdx.privacy.PrivateTrees;
import org.matdx.store.BlobRegistry;
import org.matdx.store.Database;
import org.matdx.store.Rows;
import org.matdx.store.StagedBlob;
import org.matdx.store.UserStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A MatDX node's federations: joining one (an administrator's consent, in the audit trail: the
 * coordinator, the spec, the datasets lent), leaving, the answers to the coordinator's protocol
 * steps — each logged with what left, to whom and when — and the model each finished training
 * registers here. The coordinator calls with the API token of the local account named at joining
 * (its token authenticates it to this node), and every answer carries an HMAC under the proof key
 * the coordinator issued (it authenticates this node to the coordinator). The node's rows are read
 * through the catalog as the consenting administrator may read them, so the access policy decides.
 */
public final class Federations {
    /** The header carrying a node's proof of its answer: HMAC-SHA256 under the membership's proof key. */
    public static final String PROOF_HEADER = "X-MatDX-Federation-Proof";
    public static final int MAX_DATASETS = 20;
    public static final int MAX_MESSAGES_PAGE = 500;

    public record Membership(UUID id, String name, String coordinatorUrl, UUID coordinatorUser, String proofKey,
                             FederationSpec spec, UUID consentedBy, Instant consentedAt, Instant leftAt, List<UUID> datasets) {
        /** What administrators see: everything but the proof key. */
        public ObjectNode toJson(UserStore users) {
            ObjectNode o = Json.object().put("id", id.toString()).put("name", name).put("coordinator", coordinatorUrl)
                    .put("coordinator_account", users.byId(coordinatorUser).map(User::username).orElse(null));
            o.set("spec", spec.toJson());
            ArrayNode ds = o.putArray("datasets");
            datasets.forEach(d -> ds.add(d.toString()));
            o.put("consented_by", users.byId(consentedBy).map(User::username).orElse(null))
                    .put("consented_at", consentedAt.toString());
            if (leftAt != null) {
                o.put("left_at", leftAt.toString());
            }
            return o;
        }
    }

    public record Message(long id, String session, String step, String recipient, int bytes, String sha256, JsonNode summary,
                          Instant sentAt) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object().put("id", id).put("session", session).put("step", step).put("to", recipient)
                    .put("bytes", bytes).put("sha256", sha256).put("sent_at", sentAt.toString());
            o.set("summary", summary);
            return o;
        }
    }

    /** Who a membership answers and how: its name on this node, the coordinator, its account here and the proof key. */
    record Endpoint(String name, String url, String proofKey, String account, Optional<User> coordinator) {
        /** Reads and checks the fields every membership has; problems go to {@code issues}. */
        static Endpoint parse(JsonNode body, UserStore users, List<Problem.Issue> issues) {
            String name = body.path("name").isString() ? body.get("name").asString() : "";
            if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                issues.add(new Problem.Issue("name", "1-63 lower-case letters, digits and -, starting with a letter or digit"));
            }
            String url = body.path("coordinator").isString() ? body.get("coordinator").asString() : "";
            if (!url.matches("https?://[^\\s]{1,490}")) {
                issues.add(new Problem.Issue("coordinator", "the coordinator's http(s) address"));
            }
            String key = body.path("proof_key").isString() ? body.get("proof_key").asString() : "";
            if (key.length() < 32 || key.length() > 200 || !key.matches("[A-Za-z0-9_+/=-]+")) {
                issues.add(new Problem.Issue("proof_key", "the key the coordinator issued this node: 32-200 characters of base64 or hex"));
            }
            String account = body.path("coordinator_account").isString() ? body.get("coordinator_account").asString() : "";
            Optional<User> coordinator = account.isEmpty() ? Optional.empty() : users.byUsername(account);
            if (coordinator.isEmpty()) {
                issues.add(new Problem.Issue("coordinator_account", "the username of the local account the coordinator calls with "
                        + "(create it with 'matdx user add' and give the coordinator a write-scoped token)"));
            } else if (coordinator.get().admin()) {
                issues.add(new Problem.Issue("coordinator_account", "an ordinary account, not an administrator: the coordinator "
                        + "needs no rights on this node beyond the federation's steps"));
            }
            return new Endpoint(name, url, key, account, coordinator);
        }
    }

    /** An answer as it leaves: the exact bytes and the proof over them. */
    public record Answer(byte[] body, String proof) {
    }

    private final Database db;
    private final Catalog catalog;
    private final ModelStore models;
    private final PrivacyStore privacy;
    private final AccessPolicy policy;
    private final BlobRegistry blobs;
    private final UserStore users;
    private final ActingAs actingAs;
    private final AuditLog audit;
    private final Clock clock;
    private final Mechanisms noise;
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, FederatedNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, TrainingData> data = new ConcurrentHashMap<>();

    public Federations(Database db, Catalog catalog, ModelStore models, PrivacyStore privacy, AccessPolicy policy,
                       BlobRegistry blobs, UserStore users, AuditLog audit, Clock clock) {
        this.db = db;
        this.catalog = catalog;
        this.models = models;
        this.privacy = privacy;
        this.policy = policy;
        this.blobs = blobs;
        this.users = users;
        this.actingAs = new ActingAs(users, clock);
        this.audit = audit;
        this.clock = clock;
        this.noise = Mechanisms.secure();
    }

    public UserStore users() {
        return users;
    }

    // ---- administrators ------------------------------------------------------------------------

    void requireAdministrator(Caller caller) {
        if (!policy.isAdministrator(caller)) {
            throw caller instanceof Caller.Anonymous ? Problem.unauthorized("sign in as an administrator to manage federations")
                    : Problem.forbidden("only administrators (with an admin-scoped credential) manage this node's federations");
        }
    }

    /**
     * Joins a federation: {@code name}, {@code coordinator} (its address, for the record),
     * {@code coordinator_account} (the local account whose token the coordinator calls with),
     * {@code proof_key} (the secret the coordinator issued this node), {@code spec} and
     * {@code datasets} (each readable in full by the consenting administrator).
     */
    public Membership join(RequestContext context, JsonNode body) {
        Caller caller = context.caller();
        requireAdministrator(caller);
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("the body must be a JSON object with name, coordinator, coordinator_account, proof_key, "
                    + "spec and datasets");
        }
        for (var field : body.propertyNames()) {
            if (!List.of("name", "coordinator", "coordinator_account", "proof_key", "spec", "datasets").contains(field)) {
                throw Problem.invalid(field, "not a field of a federation membership");
            }
        }
        List<Problem.Issue> issues = new ArrayList<>();
        Endpoint e = Endpoint.parse(body, users, issues);
        String name = e.name();
        String url = e.url();
        String key = e.proofKey();
        String account = e.account();
        Optional<User> coordinator = e.coordinator();
        List<UUID> datasets = new ArrayList<>();
        JsonNode ds = body.get("datasets");
        if (ds == null || !ds.isArray() || ds.isEmpty() || ds.size() > MAX_DATASETS) {
            issues.add(new Problem.Issue("datasets", "1-" + MAX_DATASETS + " ids of datasets that take part"));
        } else {
            for (int i = 0; i < ds.size(); i++) {
                UUID id = ds.get(i).isString() ? Ids.parseOrNull(ds.get(i).asString()) : null;
                if (id == null || datasets.contains(id)) {
                    issues.add(new Problem.Issue("datasets[" + i + "]", "a dataset id, once"));
                } else {
                    datasets.add(id);
                }
            }
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        FederationSpec spec = FederationSpec.parse(body.get("spec"));
        for (UUID d : datasets) {
            Catalog.DatasetView v = catalog.dataset(context, d); // 404 when hidden from the administrator
            if (!v.visibility().atLeast(Visibility.FULL)) {
                throw Problem.forbidden("dataset '" + d + "' shows its description only to you; it cannot take part");
            }
            checkLendable(v.dataset(), spec);
        }
        Membership m = new Membership(Ids.newId(), name, url, coordinator.get().id(), key, spec, caller.userId(),
                clock.instant(), null, List.copyOf(datasets));
        db.tx(h -> {
            if (h.createQuery("SELECT 1 FROM federation_memberships WHERE name = :n").bind("n", name).mapTo(Integer.class)
                    .findOne().isPresent()) {
                throw Problem.conflict("this node already has a federation named '" + name + "'");
            }
            h.createUpdate("""
                            INSERT INTO federation_memberships (id, name, coordinator_url, coordinator_user, proof_key, spec,
                                                                consented_by, consented_at)
                            VALUES (:id, :name, :url, :cu, :key, CAST(:spec AS json), :by, :at)""")
                    .bind("id", m.id()).bind("name", name).bind("url", url).bind("cu", m.coordinatorUser()).bind("key", key)
                    .bind("spec", Json.write(spec.toJson())).bind("by", m.consentedBy()).bind("at", m.consentedAt()).execute();
            for (UUID d : datasets) {
                h.createUpdate("INSERT INTO federation_datasets (membership_id, dataset_id) VALUES (:m, :d)")
                        .bind("m", m.id()).bind("d", d).execute();
            }
            ObjectNode detail = Json.object().put("name", name).put("coordinator", url).put("coordinator_account", account)
                    .put("consent", "this node's administrator agrees that the listed datasets take part in federated "
                            + "training under the spec: only masked sums over nodes leave this node, each answer is logged");
            detail.set("spec", spec.toJson());
            ArrayNode dl = detail.putArray("datasets");
            datasets.forEach(d -> dl.add(d.toString()));
            audit.append(h, context, "federation.join", "federation", m.id(), detail);
            return null;
        });
        return m;
    }

    /**
     * A model-use-only dataset lends its rows only to models that protect them as MatDX's own
     * private models do: with DP noise at no more than the ε its owner chose (the default where
     * none), and never once the owner withdrew it. Without that, other nodes and the coordinator
     * would receive trees shaped by those rows, and predictions would be served from them.
     */
    private void checkLendable(Dataset d, FederationSpec spec) {
        if (!d.access().modelUseOnly()) {
            return;
        }
        PrivacyStore.DatasetSetting s = privacy.setting(d.id()).orElse(null);
        if (s != null && s.withdrawn()) {
            throw Problem.conflict("dataset '" + d.id() + "' was withdrawn from model training by its owner");
        }
        double allowed = s == null ? PrivateTraining.DEFAULT_EPSILON : s.epsilon();
        if (!spec.differentiallyPrivate() || spec.epsilon() > allowed) {
            throw Problem.invalid("spec.epsilon", "dataset '" + d.id() + "' is model-use-only: it takes part only in a training "
                    + "with differential-privacy noise at ε ≤ " + allowed + " (its owner's choice); the spec says "
                    + (spec.differentiallyPrivate() ? "ε = " + spec.epsilon() : "no noise"));
        }
    }

    public Membership leave(RequestContext context, String name) {
        Caller caller = context.caller();
        requireAdministrator(caller);
        Membership m = byName(name).filter(x -> x.leftAt() == null).orElseThrow(() -> Problem.notFound("federation", name));
        Instant at = clock.instant();
        db.tx(h -> {
            h.createUpdate("UPDATE federation_memberships SET left_at = :at, left_by = :by WHERE id = :id")
                    .bind("at", at).bind("by", caller.userId()).bind("id", m.id()).execute();
            audit.append(h, context, "federation.leave", "federation", m.id(), Json.object().put("name", name));
            return null;
        });
        nodes.remove(m.id());
        return byName(name).orElseThrow();
    }

    public List<Membership> list(Caller caller) {
        requireAdministrator(caller);
        return db.read(h -> h.createQuery("SELECT * FROM federation_memberships WHERE kind = 'training' ORDER BY consented_at, name")
                .map((rs, ctx) -> membership(h, rs)).list());
    }

    public Membership get(Caller caller, String name) {
        requireAdministrator(caller);
        return byName(name).orElseThrow(() -> Problem.notFound("federation", name));
    }

    /** What this node sent in a federation, oldest first, after {@code afterId}. */
    public List<Message> messages(Caller caller, String name, long afterId, int limit) {
        requireAdministrator(caller);
        // a training's or a campaign's: the log is one
        UUID membership = name == null || name.length() > 63 ? null : db.read(h -> h.createQuery(
                "SELECT id FROM federation_memberships WHERE name = :n").bind("n", name).mapTo(UUID.class).findOne().orElse(null));
        if (membership == null) {
            throw Problem.notFound("federation", name);
        }
        int n = Math.max(1, Math.min(limit <= 0 ? 100 : limit, MAX_MESSAGES_PAGE));
        return db.read(h -> h.createQuery("""
                        SELECT * FROM federation_messages WHERE membership_id = :m AND id > :after ORDER BY id LIMIT :n""")
                .bind("m", membership).bind("after", afterId).bind("n", n)
                .map((rs, ctx) -> new Message(rs.getLong("id"), rs.getString("session"), rs.getString("step"),
                        rs.getString("recipient"), rs.getInt("bytes"), rs.getString("sha256"), Rows.json(rs, "summary"),
                        Rows.instant(rs, "sent_at"))).list());
    }

    private Optional<Membership> byName(String name) {
        if (name == null || name.length() > 63) {
            return Optional.empty();
        }
        return db.read(h -> h.createQuery("SELECT * FROM federation_memberships WHERE name = :n AND kind = 'training'")
                .bind("n", name).map((rs, ctx) -> membership(h, rs)).findOne());
    }

    private static Membership membership(Handle h, ResultSet rs) throws SQLException {
        UUID id = Rows.uuid(rs, "id");
        List<UUID> ds = h.createQuery("SELECT dataset_id FROM federation_datasets WHERE membership_id = :m ORDER BY dataset_id")
                .bind("m", id).mapTo(UUID.class).list();
        return new Membership(id, rs.getString("name"), rs.getString("coordinator_url"), Rows.uuid(rs, "coordinator_user"),
                rs.getString("proof_key"), FederationSpec.parse(Rows.json(rs, "spec")), Rows.uuid(rs, "consented_by"),
                Rows.instant(rs, "consented_at"), Rows.instant(rs, "left_at"), ds);
    }

    // ---- the coordinator's steps ---------------------------------------------------------------

    /**
     * One protocol step from the coordinator. Anyone but the membership's coordinator account
     * (with a write-scoped token) gets 404, as for a federation that does not exist.
     */
    public Answer answer(RequestContext context, String name, String session, String step, JsonNode body) {
        Membership m = byName(name).filter(x -> x.leftAt() == null).orElse(null);
        if (m == null || !(context.caller() instanceof Caller.Account a) || !a.user().id().equals(m.coordinatorUser())) {
            throw Problem.notFound("federation", name);
        }
        if (!a.scope().includes(Scope.WRITE)) {
            throw Problem.forbidden("the coordinator's token is read-only; the federation's steps need the write scope");
        }
        if (!FederatedNode.STEPS.contains(step)) {
            throw Problem.notFound("federation step", step);
        }
        FederatedNode node = nodes.computeIfAbsent(m.id(), k -> node(m, context));
        try {
            byte[] out = node.handle(session, step, body);
            return new Answer(out, proof(m.proofKey(), session, step, out));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(step, e.getMessage());
        } catch (IllegalStateException e) {
            throw Problem.conflict(step + ": " + e.getMessage());
        }
    }

    /** HMAC-SHA256 under the proof key of session, step and the SHA-256 of the exact answer. */
    public static String proof(String key, String session, String step, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((session + "\n" + step + "\n" + sha256(body)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private FederatedNode node(Membership m, RequestContext context) {
        return new FederatedNode(m.spec(), spec -> local(m, spec, context), (session, model, training) -> register(m, session,
                model, training), (session, step, body) -> send(m, session, step, body), noise, random);
    }

    /** The consenting administrator as a reader: the policy decides what of the lent datasets the training sees. */
    private Caller consenter(Membership m) {
        return actingAs.account(m.consentedBy(), Scope.READ).orElseThrow(() -> new IllegalStateException(
                "the administrator who consented no longer exists; join the federation again"));
    }

    private FederatedTrees.Local local(Membership m, FederationSpec spec, RequestContext context) {
        ObjectNode req = Json.object().put("name", "federation " + m.name()).put("target", spec.target())
                .put("task", "regression").put("features", spec.featureSet());
        ArrayNode ds = req.putArray("datasets");
        m.datasets().forEach(d -> ds.add(d.toString()));
        TrainingData d;
        try {
            d = TrainingData.gather(catalog, models, context.as(consenter(m)), TrainRequest.parse(req));
            // the owner's choices may have changed since joining (ε lowered, withdrawn)
            d.datasets().forEach(x -> checkLendable(x, spec));
        } catch (Problem p) {
            throw new IllegalStateException("this node's datasets cannot take part: " + p.getMessage());
        }
        data.put(m.id() + "", d);
        return new FederatedTrees.Local(spec, spec.features().matrix(d.compositions()), d.y());
    }

    private byte[] send(Membership m, String session, String step, ObjectNode body) {
        return log(m.id(), m.coordinatorUrl(), session, step, body);
    }

    /** Records an answer in the membership's message log (what, to whom, when; no payload) and returns its exact bytes. */
    byte[] log(UUID membership, String recipient, String session, String step, ObjectNode body) {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ObjectNode summary = Json.object();
        // what left, without the payload: ring values and shares are counted, not copied. Only the round's
        // name is kept as text; any other string is payload however short (two masked values are 24
        // characters of base64)
        body.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isString() && !e.getKey().equals("round")) {
                summary.put(e.getKey(), "(" + v.asString().length() + " characters of base64)");
            } else if (v.isArray()) {
                summary.put(e.getKey(), "(" + v.size() + " items)");
            } else if (v.isObject() && !e.getKey().equals("keys")) {
                summary.put(e.getKey(), "(" + v.size() + " fields)");
            } else {
                summary.set(e.getKey(), v);
            }
        });
        db.tx(h -> h.createUpdate("""
                        INSERT INTO federation_messages (membership_id, session, step, recipient, bytes, sha256, summary, sent_at)
                        VALUES (:m, :s, :step, :to, :bytes, :sha, CAST(:summary AS json), :at)""")
                .bind("m", membership).bind("s", session).bind("step", step).bind("to", recipient)
                .bind("bytes", bytes.length).bind("sha", sha256(bytes)).bind("summary", Json.write(summary))
                .bind("at", clock.instant()).execute());
        return bytes;
    }

    /** The finished model, registered here like any other model fed by this node's datasets. */
    private ObjectNode register(Membership m, String session, PrivateTrees model, ObjectNode training) {
        TrainingData d = data.get(m.id() + "");
        if (d == null) {
            throw new IllegalStateException("this node has not read its rows in this session");
        }
        FederationSpec spec = m.spec();
        JsonNode uncertainty = training.get("uncertainty");
        if (uncertainty == null || !uncertainty.path("bands").isArray() || uncertainty.get("bands").size() != FederatedTrees.BANDS) {
            throw new IllegalArgumentException("training.uncertainty: " + FederatedTrees.BANDS + " bands");
        }
        ObjectNode recipe = Json.object().put("algorithm", "federated gradient-boosted trees (histograms summed by secure "
                + "aggregation)").put("reference", "Bonawitz et al., Practical Secure Aggregation for Privacy-Preserving "
                + "Machine Learning, CCS 2017; histogram GBDT as in Chen & Guestrin, XGBoost, KDD 2016");
        recipe.put("federation", m.name()).put("coordinator", m.coordinatorUrl());
        recipe.set("training", training);
        StagedBlob staged = blobs.store().stage(new ByteArrayInputStream(model.toBytes()), Long.MAX_VALUE);
        var features = spec.features();
        ModelRecord rec = new ModelRecord(Ids.newId(), ("federated " + spec.target() + " (" + m.name() + ")"), Task.REGRESSION,
                spec.target(), d.unit(), features.featureSet().id(), features.featureSet().version(), recipe, Json.object(),
                Json.object().put("note", "no cross-validation: the rows of the other nodes never came here; the error per "
                        + "band is under privacy.uncertainty"), Json.object(), d.y().length, staged.sha256(), false,
                d.inputs().size(), m.consentedBy(), null, clock.instant());
        double range = spec.rangeHigh() - spec.rangeLow();
        double resolution = Math.pow(10, Math.floor(Math.log10(range / 1000)));
        ArrayNode ledger = Json.MAPPER.createArrayNode();
        FederatedTrees.Noise n = FederatedTrees.Noise.of(spec, FederatedTrees.Layout.of(spec.edges()), 0);
        n.ledger(spec).spends().forEach(s -> ledger.addObject().put("what", s.what()).put("epsilon", s.epsilon())
                .put("delta", s.delta()).put("composition", s.how()));
        UUID id = blobs.register(staged, h -> {
            if (h.createQuery("SELECT 1 FROM federation_models WHERE membership_id = :m AND session = :s")
                    .bind("m", m.id()).bind("s", session).mapTo(Integer.class).findOne().isPresent()) {
                throw new IllegalStateException("session '" + session + "' already registered its model here");
            }
            models.insert(h, rec, d.inputs());
            privacy.insert(h, new PrivacyStore.ModelProtection(rec.id(),
                    spec.differentiallyPrivate() ? spec.epsilon() : Double.POSITIVE_INFINITY, resolution, uncertainty, ledger,
                    Json.object()));
            h.createUpdate("""
                            INSERT INTO federation_models (model_id, membership_id, session, training)
                            VALUES (:id, :m, :s, CAST(:t AS json))""")
                    .bind("id", rec.id()).bind("m", m.id()).bind("s", session).bind("t", Json.write(training)).execute();
            ObjectNode detail = Json.object().put("federation", m.name()).put("session", session).put("target", spec.target());
            detail.set("participants", training.get("participants"));
            detail.put("rounds", training.path("rounds").asInt());
            ArrayNode dl = detail.putArray("datasets");
            d.inputs().stream().map(ModelInput::datasetId).forEach(x -> dl.add(x.toString()));
            audit.append(h, RequestContext.local(new Caller.System("federation " + m.name())), "model.train.federated", "model", rec.id(), detail);
            return rec.id();
        });
        data.remove(m.id() + "");
        return Json.object().put("model", id.toString());
    }
}
