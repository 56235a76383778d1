package org.matdx.catalog;

import static org.matdx.catalog.EntryChecks.nullToEmpty;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Gate;
import org.matdx.access.Orcid;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.core.AccessLevel;
import org.matdx.core.AccessSettings;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Credits;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.EntryKind;
import org.matdx.core.FormulaException;
import org.matdx.core.Group;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Numbers;
import org.matdx.core.Outcome;
import org.matdx.core.Page;
import org.matdx.core.Problem;
import org.matdx.core.Quantity;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import org.matdx.store.BlobStore;
import org.matdx.store.Cursor;
import org.matdx.store.Database;
import org.matdx.store.DatasetStore;
import org.matdx.store.DerivedColumns;
import org.matdx.store.EntryStore;
import org.matdx.store.SqlFilter;
import org.matdx.store.UserStore;
import tools.jackson.databind.JsonNode;

/**
 * Datasets and entries as callers see them: every read goes through the {@link AccessPolicy},
 * every write is checked against it and recorded in the audit trail in the same transaction.
 */
public final class Catalog {
    public static final int MAX_PAGE = 500;

    private final Database db;
    private final DatasetStore datasets;
    private final EntryStore entries;
    private final UserStore users;
    private final AccessPolicy policy;
    private final Gate gate;
    private final AuditLog audit;
    private final Clock clock;
    private final List<DerivedColumns> derived = new CopyOnWriteArrayList<>();

    public Catalog(Database db, DatasetStore datasets, EntryStore entries, UserStore users, AccessPolicy policy,
                   AuditLog audit, Clock clock) {
        this.db = db;
        this.datasets = datasets;
        this.entries = entries;
        this.users = users;
        this.policy = policy;
        this.gate = new Gate(db, datasets, entries, policy, audit);
        this.audit = audit;
        this.clock = clock;
    }

    public AccessPolicy policy() {
        return policy;
    }

    /** Where reads of single datasets, entries, files and samples ask the policy and are audited. */
    public Gate gate() {
        return gate;
    }

    /** Registers columns computed from every entry and stored in its row (wired once, in Platform). */
    public void deriveColumns(DerivedColumns columns) {
        derived.add(columns);
    }

    /** A dataset together with how much of it the caller may see. */
    public record DatasetView(Dataset dataset, Visibility visibility, long entryCount) {
    }

    /** An entry as the caller may see it. */
    public record EntryView(Entry entry, Visibility visibility) {
    }

    // ---- datasets -------------------------------------------------------------------------

    /** At most this many authors (large collaborations list a few thousand; a citation of more says nothing more). */
    public static final int MAX_AUTHORS = 1000;
    public static final int MAX_KEYWORDS = 50;
    private static final int MAX_AUTHOR_NAME = 300;
    private static final int MAX_AFFILIATION = 500;
    private static final int MAX_KEYWORD = 100;

    public Dataset createDataset(RequestContext context, NewDataset req) {
        Caller.Account account = requireWriter(context.caller());
        List<Problem.Issue> issues = new ArrayList<>();
        String title = checkTitle(req.title(), req.description(), issues);
        String template = String.valueOf(req.template());
        String templateProblem = Json.textProblem(template, EntryChecks.MAX_NAME);
        if (templateProblem != null) {
            issues.add(new Problem.Issue("template", templateProblem));
        }
        Credits credits = checkCredits(req.authors(), req.keywords(), 0, issues);
        String license = req.license() == null ? "CC-BY-4.0" : req.license();
        if (!Licenses.valid(license)) {
            issues.add(new Problem.Issue("license", "'" + license + "' is not an SPDX licence id MatDX knows (e.g. CC-BY-4.0, CC0-1.0) nor a LicenseRef-…"));
        }
        Group group = null;
        if (req.group() != null && !req.group().isBlank()) {
            group = users.groupByName(req.group()).orElse(null);
            if (group == null || !account.groups().containsKey(group.id())) {
                issues.add(new Problem.Issue("group", "you are not a member of a group named '" + req.group() + "'"));
            }
        }
        AccessSettings access = null;
        try {
            AccessLevel level = AccessLevel.of(req.access() == null ? "private" : req.access());
            if (level == AccessLevel.GROUP && group == null) {
                issues.add(new Problem.Issue("group", "a group-level dataset needs a group"));
            }
            access = new AccessSettings(level, req.embargoUntil(), Boolean.TRUE.equals(req.modelUseOnly()));
        } catch (IllegalArgumentException e) {
            issues.add(new Problem.Issue(e.getMessage().startsWith("an embargoed") ? "embargo_until" : "access", e.getMessage()));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        var now = clock.instant();
        Dataset d = new Dataset(Ids.newId(), title, req.description() == null ? "" : req.description(), license,
                account.id(), group == null ? null : group.id(), req.template(), access, now, now);
        db.run(h -> {
            datasets.insert(h, d);
            if (!credits.authors().isEmpty() || !credits.keywords().isEmpty()) {
                datasets.setCredits(h, d.id(), credits);
            }
            audit.append(h, context, "dataset.create", "dataset", d.id(),
                    Json.object().put("title", d.title()).put("access", d.access().level().code())
                            .put("model_use_only", d.access().modelUseOnly()));
        });
        return d;
    }

    /** The title (stripped) after checking it and the description, adding what is wrong to {@code issues}. */
    private static String checkTitle(String rawTitle, String description, List<Problem.Issue> issues) {
        String title = rawTitle == null ? "" : rawTitle.strip();
        if (title.isEmpty() || title.length() > 500) {
            issues.add(new Problem.Issue("title", "is required (1-500 characters; it has " + title.length() + ")"));
        } else if (title.indexOf('\0') >= 0) {
            issues.add(new Problem.Issue("title", Json.textProblem(title, Integer.MAX_VALUE)));
        }
        // the description is indexed as full text with the title; 20,000 characters is a long abstract
        String problem = Json.textProblem(description, 20_000);
        if (problem != null) {
            issues.add(new Problem.Issue("description", problem));
        }
        return title;
    }

    /**
     * Authors (ORCID iDs checked and normalised, blank rows dropped) and keywords (trimmed, blank
     * and repeated ones dropped) after checking them; what is wrong is named by position
     * ({@code authors[2].orcid}, {@code keywords[0]}).
     */
    static Credits checkCredits(List<Credits.Author> authors, List<String> keywords, int revision, List<Problem.Issue> issues) {
        List<Credits.Author> outAuthors = new ArrayList<>();
        long named = authors.stream().filter(a -> !blank(a.name()) || !blank(a.orcid()) || !blank(a.affiliation())).count();
        if (named > MAX_AUTHORS) {
            issues.add(new Problem.Issue("authors", "at most " + MAX_AUTHORS + " authors (found " + named + ")"));
        } else {
            for (int i = 0; i < authors.size(); i++) {
                Credits.Author a = authors.get(i);
                String name = a.name() == null ? "" : a.name().strip();
                String orcid = a.orcid() == null ? "" : a.orcid().strip();
                String affiliation = a.affiliation() == null ? "" : a.affiliation().strip();
                if (name.isEmpty() && orcid.isEmpty() && affiliation.isEmpty()) {
                    continue;
                }
                String at = "authors[" + i + "].";
                if (name.isEmpty()) {
                    issues.add(new Problem.Issue(at + "name", "is required for an author"));
                }
                textIssue(at + "name", name, MAX_AUTHOR_NAME, issues);
                textIssue(at + "affiliation", affiliation, MAX_AFFILIATION, issues);
                String id = null;
                try {
                    id = Orcid.normalise(orcid, at + "orcid");
                } catch (Problem p) {
                    issues.addAll(p.issues());
                }
                outAuthors.add(new Credits.Author(name, id, affiliation.isEmpty() ? null : affiliation));
            }
        }
        List<String> outKeywords = new ArrayList<>();
        if (keywords.size() > MAX_KEYWORDS) {
            issues.add(new Problem.Issue("keywords", "at most " + MAX_KEYWORDS + " keywords (found " + keywords.size() + ")"));
        } else {
            for (int i = 0; i < keywords.size(); i++) {
                String k = keywords.get(i) == null ? "" : keywords.get(i).strip();
                if (!k.isEmpty() && !outKeywords.contains(k) && !textIssue("keywords[" + i + "]", k, MAX_KEYWORD, issues)) {
                    outKeywords.add(k);
                }
            }
        }
        return new Credits(outAuthors, outKeywords, revision);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean textIssue(String field, String text, int max, List<Problem.Issue> issues) {
        String problem = Json.textProblem(text, max);
        if (problem != null) {
            issues.add(new Problem.Issue(field, problem));
        }
        return problem != null;
    }

    /**
     * Changes how a dataset is described and cited (owner and co-authors). An edit that started
     * from an older revision than the stored one is refused (409), so that of two people editing
     * at once the second learns of the first instead of overwriting it.
     */
    public Dataset describe(RequestContext context, UUID id, DatasetDescription req) {
        Dataset before = gate.require(context.caller(), id, AccessPolicy.Right.DESCRIBE);
        Credits old = datasets.credits(id);
        List<Problem.Issue> issues = new ArrayList<>();
        String title = checkTitle(req.title() == null ? before.title() : req.title(),
                req.description() == null ? before.description() : req.description(), issues);
        String description = req.description() == null ? before.description() : req.description();
        String license = req.license() == null ? before.license() : req.license().strip();
        if (!Licenses.valid(license)) {
            issues.add(new Problem.Issue("license", "'" + license + "' is not an SPDX licence id MatDX knows (e.g. CC-BY-4.0, CC0-1.0) nor a LicenseRef-…"));
        }
        Credits credits = checkCredits(req.authors() == null ? old.authors() : req.authors(),
                req.keywords() == null ? old.keywords() : req.keywords(), old.revision() + 1, issues);
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        var now = clock.instant();
        return db.tx(h -> {
            int stored = datasets.lockRevision(h, id);
            if (req.revision() != null && req.revision() != stored) {
                throw Problem.conflict("this dataset's description was changed (revision " + stored + ") after the edit began"
                        + " (revision " + req.revision() + "); reload it, then apply your change again");
            }
            datasets.describe(h, id, title, description, license, credits, now);
            audit.append(h, context, "dataset.describe", "dataset", id, Json.object().put("dataset", id.toString())
                    .put("revision", stored + 1).put("title", title).put("license", license)
                    .put("authors", credits.authors().size()).put("keywords", credits.keywords().size()));
            return new Dataset(id, title, description, license, before.ownerId(), before.groupId(), before.template(),
                    before.access(), before.createdAt(), now);
        });
    }

    /** The credits of datasets the caller was just shown (a page of {@link #datasets}): no dataset is read that was not. */
    public Map<UUID, Credits> credits(List<DatasetView> shown) {
        return datasets.credits(shown.stream().filter(v -> v.visibility() != Visibility.NONE).map(v -> v.dataset().id()).toList());
    }

    /** The dataset's authors and keywords, for a caller who sees at least its metadata (404 otherwise). */
    public Credits credits(Caller caller, UUID id) {
        gate.dataset(caller, id, Visibility.METADATA);
        return datasets.credits(id);
    }

    /** The dataset if the caller may see at least its metadata; 404 otherwise (existence is not revealed). */
    public DatasetView dataset(RequestContext context, UUID id) {
        Gate.Seen<Dataset> seen = gate.dataset(context.caller(), id, Visibility.METADATA);
        Visibility v = seen.visibility();
        long count = v.atLeast(Visibility.FULL) ? entries.countByDataset(id) : -1; // an embargo hides how much data there is
        gate.recordRead(context, seen, "dataset.read", "dataset", id);
        return new DatasetView(seen.dataset(), v, count);
    }

    public Page<DatasetView> datasets(Caller caller, String cursor, int limit) {
        int n = clampLimit(limit);
        SqlFilter visible = policy.datasetFilter(caller, "d", Visibility.METADATA);
        List<Dataset> rows = datasets.list(visible, Cursor.decode(cursor), n + 1);
        List<DatasetView> views = new ArrayList<>();
        for (Dataset d : rows.subList(0, Math.min(n, rows.size()))) {
            views.add(new DatasetView(d, policy.visibility(caller, d), -1));
        }
        String next = rows.size() > n ? new Cursor(rows.get(n - 1).createdAt(), rows.get(n - 1).id()).encode() : null;
        return new Page<>(views, next);
    }

    /** A dataset the caller may write to, or the right problem (404 when hidden, 401/403 when only readable). */
    public Dataset writableDataset(Caller caller, UUID id) {
        return gate.require(caller, id, AccessPolicy.Right.WRITE);
    }

    // ---- entries --------------------------------------------------------------------------

    /** Adds entries all-or-nothing; problems name the entry by its index, e.g. {@code entries[3].formula}. */
    public List<Entry> addEntries(RequestContext context, UUID datasetId, List<NewEntry> requests) {
        Caller caller = context.caller();
        Dataset d = writableDataset(caller, datasetId);
        if (requests.isEmpty()) {
            throw Problem.invalid("entries", "send at least one entry");
        }
        List<Problem.Issue> issues = new ArrayList<>();
        List<Entry> built = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String prefix = requests.size() == 1 ? "" : "entries[" + i + "].";
            built.add(validate(caller, d, requests.get(i), prefix, issues));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        db.run(h -> insertEntries(h, context, d, built));
        return built;
    }

    /**
     * Inserts entries inside the caller's transaction, with their audit events: the one way entries
     * reach the database, so every writer's entries pass the same checks ({@link EntryChecks}, a 400
     * naming the field otherwise, and nothing stored).
     */
    public void insertEntries(Handle h, RequestContext context, Dataset d, List<Entry> built) {
        EntryChecks.requireStorable(built);
        entries.insertAll(h, built, derived);
        datasets.touch(h, d.id(), clock.instant());
        if (built.size() == 1) {
            audit.append(h, context, "entry.create", "entry", built.get(0).id(),
                    Json.object().put("dataset", d.id().toString()).put("kind", built.get(0).kind().code()));
        } else {
            var ids = Json.MAPPER.createArrayNode();
            built.forEach(e -> ids.add(e.id().toString()));
            audit.append(h, context, "entry.create.batch", "dataset", d.id(),
                    Json.object().put("count", built.size()).set("entries", ids));
        }
    }

    /** Turns a request into an entry, collecting every problem rather than stopping at the first. */
    public Entry validate(Caller caller, Dataset d, NewEntry r, String prefix, List<Problem.Issue> issues) {
        EntryKind kind = EntryKind.PROPERTY_ROW;
        if (r.kind() != null) {
            try {
                kind = EntryKind.of(r.kind());
            } catch (IllegalArgumentException e) {
                issues.add(new Problem.Issue(prefix + "kind", e.getMessage()));
            }
        }
        Composition composition = null;
        if (r.formula() != null && !r.formula().isBlank()) {
            try {
                composition = Composition.parse(r.formula());
            } catch (FormulaException e) {
                issues.add(new Problem.Issue(prefix + "formula", e.getMessage()));
            }
        }
        String title = r.title() == null || r.title().isBlank()
                ? (composition != null ? composition.reducedFormula() : null) : r.title().strip();
        if (title == null) {
            issues.add(new Problem.Issue(prefix + "title", "give a title or a formula"));
        }
        Map<String, Quantity> props = new LinkedHashMap<>();
        if (r.properties() != null) {
            r.properties().forEach((name, node) -> {
                String field = prefix + "properties." + name;
                if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]{0,99}")) {
                    issues.add(new Problem.Issue(field, "property names use letters, digits, '_', '.', '-' and start with a letter or '_'"));
                    return;
                }
                parseQuantity(node, field, issues).ifPresent(q -> props.put(name, q));
            });
        }
        if (r.sample() != null && !gate.mayMeasure(caller, r.sample())) {
            // the same answer for a sample that does not exist and one the caller may not read
            issues.add(new Problem.Issue(prefix + "sample", "no sample '" + r.sample() + "' that you may see"));
        }
        Outcome outcome = Outcome.SUCCEEDED;
        try {
            outcome = Outcome.of(r.outcome(), r.outcomeReason());
        } catch (IllegalArgumentException e) {
            issues.add(new Problem.Issue(prefix + "outcome", e.getMessage()));
        }
        for (var part : List.of(Map.entry("invoice", nullToEmpty(r.invoice())), Map.entry("metadata", nullToEmpty(r.metadata())),
                Map.entry("data", nullToEmpty(r.data())))) {
            if (!part.getValue().isObject()) {
                issues.add(new Problem.Issue(prefix + part.getKey(), "must be a JSON object"));
            }
        }
        var now = clock.instant();
        if (!issues.isEmpty()) {
            return null;
        }
        Entry e = new Entry(Ids.newId(), d.id(), kind, title, composition, props, r.invoice(), r.metadata(), r.data(),
                List.of(), r.sample(), r.template() != null ? r.template() : d.template(), outcome,
                caller.userId(), now, now);
        int before = issues.size();
        EntryChecks.check(e, prefix, issues);
        return issues.size() > before ? null : e;
    }

    static Optional<Quantity> parseQuantity(JsonNode node, String field, List<Problem.Issue> issues) {
        if (node != null && node.isNumber()) {
            Optional<String> problem = Numbers.magnitudeProblem(node.asDouble());
            problem.ifPresent(p -> issues.add(new Problem.Issue(field, p)));
            return problem.isPresent() ? Optional.empty() : Optional.of(Quantity.of(node.asDouble(), ""));
        }
        if (node != null && node.isObject() && node.path("value").isNumber()) {
            JsonNode unit = node.path("unit");
            if (!unit.isMissingNode() && !unit.isNull() && !unit.isString()) {
                issues.add(new Problem.Issue(field + ".unit", "must be a string such as \"eV\""));
                return Optional.empty();
            }
            double v = node.path("value").asDouble();
            String unitText = unit.isString() ? unit.asString() : "";
            Optional<String> problem = Numbers.quantityProblem(v, unitText);
            problem.ifPresent(p -> issues.add(new Problem.Issue(field + ".value", p)));
            return problem.isPresent() ? Optional.empty() : Optional.of(Quantity.of(v, unitText));
        }
        issues.add(new Problem.Issue(field, "must be a number or {\"value\": number, \"unit\": \"…\"}"));
        return Optional.empty();
    }

    public EntryView entry(RequestContext context, UUID id) {
        Gate.Seen<Entry> seen = gate.entry(context.caller(), id);
        gate.recordRead(context, seen, "entry.read", "entry", id);
        return new EntryView(seen.value(), seen.visibility());
    }

    /** Entries of a dataset; embargoed datasets list metadata only. */
    public Page<EntryView> entries(RequestContext context, UUID datasetId, String cursor, int limit) {
        Gate.EntryPage page = gate.entries(context.caller(), datasetId, Cursor.decode(cursor), clampLimit(limit));
        Visibility v = page.dataset().visibility();
        List<EntryView> views = page.entries().stream().map(e -> new EntryView(e, v)).toList();
        gate.recordRead(context, page.dataset(), "dataset.entries.read", "dataset", datasetId);
        return new Page<>(views, page.next() == null ? null : page.next().encode());
    }

    /** An entry's crystal structure as the caller may download it. */
    public record StructureDownload(Entry entry, Structure structure) {
    }

    /**
     * The structure an entry holds, through the same gate and audit as a file download: hidden
     * entries answer 404, and so do entries whose data the caller may not see (embargo) or that hold
     * no readable structure.
     */
    public StructureDownload structure(RequestContext context, UUID entryId, String format) {
        Gate.Seen<Entry> seen = gate.entry(context.caller(), entryId);
        var data = seen.value().data();
        var node = data == null ? null : data.get("structure");
        if (node == null || !node.isObject()) {
            throw Problem.notFound("structure of entry", entryId);
        }
        Structure s;
        try {
            s = StructureJson.read(node);
        } catch (RuntimeException unreadable) {
            throw new Problem(Problem.Type.UNPROCESSABLE, "the structure stored with entry " + entryId
                    + " cannot be read (" + unreadable.getMessage() + "), so it cannot be written as " + format);
        }
        gate.recordRead(context, seen, "structure.download", "entry", entryId);
        return new StructureDownload(seen.value(), s);
    }

    /** A file the caller may download, with its content. */
    public record FileContent(EntryFile file, InputStream content) {
    }

    /**
     * Opens one of an entry's files. Hidden entries, restricted files (for non-owners) and files of
     * embargoed data all answer 404, so their existence is not revealed.
     */
    public FileContent file(RequestContext context, UUID entryId, String name, BlobStore blobs) {
        Gate.Seen<EntryFile> f = gate.file(context.caller(), entryId, name);
        gate.recordRead(context, f, "file.download", "entry", entryId);
        return new FileContent(f.value(), blobs.open(f.value().sha256()));
    }

    private Caller.Account requireWriter(Caller caller) {
        if (caller instanceof Caller.Account a) {
            if (!a.scope().includes(Scope.WRITE)) {
                throw Problem.forbidden("this API token is read-only; use a token with the write scope");
            }
            return a;
        }
        throw Problem.unauthorized("sign in with an API token to create datasets");
    }

    static int clampLimit(int limit) {
        if (limit <= 0) {
            return 50;
        }
        return Math.min(limit, MAX_PAGE);
    }
}
