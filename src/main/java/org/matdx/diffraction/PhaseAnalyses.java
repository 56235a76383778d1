package org.matdx.diffraction;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.ActingAs;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.core.Axis;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Element;
import org.matdx.core.Entry;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.Series;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import org.matdx.jobs.JobHandler;
import org.matdx.jobs.JobQueue;
import org.matdx.search.SearchQuery;
import org.matdx.search.SearchRequest;
import org.matdx.search.SearchService;
import org.matdx.store.Database;
import org.matdx.store.SqlFilter;
import org.matdx.store.UserStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Powder diffraction for callers: simulated patterns of the structure entries they may read, and
 * phase identification of measured patterns against the structure entries they may read — found
 * through native search, so the access policy decides what is a candidate exactly as it decides
 * what a search finds. Analyses of an entry are stored with it (V80) by those who may change it;
 * an analysis is shown only to those who may read the entry's data and every structure it names,
 * so a private reference never shows through someone else's result.
 */
public final class PhaseAnalyses {
    public static final String JOB_KIND = "xrd.identify";
    /** Entries per batch job. */
    public static final int MAX_BATCH = 10_000;
    /** Simulated candidates kept in memory (by entry, its last change and the wavelength and range). */
    static final int CACHE = 4_000;
    /** A candidate costing more than this to simulate (sites × reflections) is left out: about 0.1 s. */
    static final double MAX_CANDIDATE_WORK = 1e7;
    /** What simulating one identification's candidates may cost in all (sites × reflections, cached ones free): about 10 s. */
    static final double MAX_CANDIDATES_WORK = 1e9;

    private final Database db;
    private final Catalog catalog;
    private final AccessPolicy policy;
    private final SearchService search;
    private final AuditLog audit;
    private final JobQueue jobs;
    private final UserStore users;
    private final ActingAs actingAs;
    private final Clock clock;
    private final Map<String, StickPattern> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StickPattern> eldest) {
            return size() > CACHE;
        }
    };

    public PhaseAnalyses(Database db, Catalog catalog, AccessPolicy policy, SearchService search, AuditLog audit, JobQueue jobs,
                         UserStore users, Clock clock) {
        this.db = db;
        this.catalog = catalog;
        this.policy = policy;
        this.search = search;
        this.audit = audit;
        this.jobs = jobs;
        this.users = users;
        this.actingAs = new ActingAs(users, clock);
        this.clock = clock;
    }

    // ---- simulation -----------------------------------------------------------------------

    /** A structure entry the caller may read in full, as a structure; 404 when hidden, 422 when it holds none. */
    public Structure structure(RequestContext context, UUID entryId) {
        Catalog.EntryView v = catalog.entry(context, entryId);
        if (!v.visibility().atLeast(Visibility.FULL)) {
            throw Problem.notFound("structure of entry", entryId);
        }
        return structureOf(v.entry()).orElseThrow(() -> new Problem(Problem.Type.UNPROCESSABLE,
                "entry '" + entryId + "' holds no crystal structure (data.structure); simulate patterns of structure entries"));
    }

    /** An entry's {@code data.structure}, or empty; a malformed one is a 422 naming the field. */
    public static Optional<Structure> structureOf(Entry e) {
        JsonNode s = e.data() == null ? null : e.data().get("structure");
        if (s == null || !s.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(StructureJson.read(s));
        } catch (RuntimeException ex) {
            throw new Problem(Problem.Type.UNPROCESSABLE, "entry '" + e.id() + "': data.structure is not a structure ("
                    + ex.getMessage() + ")", List.of(new Problem.Issue("data.structure", String.valueOf(ex.getMessage()))));
        }
    }

    // ---- measured patterns ----------------------------------------------------------------

    /** A measured pattern with what its entry says about the sample. */
    public record Measured(MeasuredPattern pattern, Set<Element> declared, List<String> notes) {
    }

    /**
     * The powder pattern of a measurement entry the caller may read in full: its first series with a
     * 2θ axis, the radiation from its metadata, the elements its sample declares (the entry's
     * composition). 404 when the data is hidden, 422 when there is no 2θ scan.
     */
    public Measured measured(RequestContext context, UUID entryId) {
        Catalog.EntryView v = catalog.entry(context, entryId);
        if (!v.visibility().atLeast(Visibility.FULL)) {
            throw Problem.notFound("measured pattern of entry", entryId);
        }
        return measured(v.entry());
    }

    static Measured measured(Entry e) {
        JsonNode series = e.data() == null ? null : e.data().get("series");
        List<Series> list = new ArrayList<>();
        if (series != null) {
            for (JsonNode s : series) {
                JsonNode x = s.get("x");
                JsonNode ys = s.get("y");
                if (x == null || ys == null || !ys.isArray() || ys.isEmpty() || !twoTheta(x.path("name").asString(""))) {
                    continue;
                }
                double[] xv = values(x.path("values"), "x");
                double[] yv = values(ys.get(0).path("values"), "y");
                if (xv.length != yv.length) {
                    continue;
                }
                list.add(new Series(s.path("name").asString(""), new Axis(x.path("name").asString(""), x.path("unit").asString(""), xv),
                        List.of(new Axis(ys.get(0).path("name").asString(""), ys.get(0).path("unit").asString(""), yv))));
            }
        }
        try {
            return measured(list, e.metadata(), e.composition(), true);
        } catch (Problem p) {
            throw new Problem(p.type(), "entry '" + e.id() + "': " + p.getMessage(), p.issues());
        }
    }

    /**
     * The powder pattern among a file's or entry's series (the first over 2θ), its radiation from the
     * metadata, and the elements of the declared composition. Points without a number are left out
     * (stored scans keep gaps as nulls) when {@code dropGaps}, with a note; otherwise they are an error.
     */
    public static Measured measured(List<Series> series, JsonNode metadata, Composition composition, boolean dropGaps) {
        List<String> notes = new ArrayList<>();
        for (Series s : series) {
            if (s.y().isEmpty() || !twoTheta(s.x().name())) {
                continue;
            }
            double[] xv = s.x().values();
            double[] yv = s.y().get(0).values();
            if (dropGaps) {
                int kept = 0;
                for (int i = 0; i < xv.length; i++) {
                    if (Double.isFinite(xv[i]) && Double.isFinite(yv[i])) {
                        xv[kept] = xv[i];
                        yv[kept++] = yv[i];
                    }
                }
                if (kept < xv.length) {
                    notes.add((xv.length - kept) + " point(s) without a number left out");
                    xv = Arrays.copyOf(xv, kept);
                    yv = Arrays.copyOf(yv, kept);
                }
            }
            String unit = s.y().get(0).unit();
            double time = metadata == null ? Double.NaN : metadata.path("time_per_step_s").asDouble(Double.NaN);
            if (unit.equals("counts/s")) {
                if (time > 0) {
                    for (int i = 0; i < yv.length; i++) {
                        yv[i] *= time;
                    }
                    notes.add("intensities in counts/s multiplied by the counting time per step (" + time + " s)");
                } else {
                    notes.add("intensities are count rates without a counting time; weights treat them as counts");
                }
            }
            if (metadata != null && (metadata.path("x_axis").path("basis").asString("").equals("assumed")
                    || metadata.path("x_axis_source").asString("").startsWith("assumed"))) {
                // identification on a convention, not on what the file says: the result must say so
                notes.add("2θ assumed: a bare .xy/.xye with x in 0–180 is read as 2θ in degrees by the convention of the"
                        + " extension; the file itself does not say");
            }
            MeasuredPattern p = new MeasuredPattern(xv, yv, Radiation.fromMetadata(metadata));
            Set<Element> declared = composition == null ? Set.of() : Set.copyOf(composition.elements());
            return new Measured(p, declared, notes);
        }
        throw new Problem(Problem.Type.UNPROCESSABLE, "no powder pattern (a series over 2θ) to identify phases in");
    }

    private static boolean twoTheta(String axisName) {
        String name = axisName.toLowerCase(Locale.ROOT).replace(" ", "");
        return name.equals("two_theta") || name.equals("2θ") || name.equals("2theta") || name.equals("twotheta");
    }

    private static double[] values(JsonNode arr, String which) {
        if (!arr.isArray()) {
            throw new Problem(Problem.Type.UNPROCESSABLE, "the pattern's " + which + " values are not a list");
        }
        if (arr.size() > MeasuredPattern.MAX_POINTS) {
            throw Problem.invalid("pattern", "a pattern needs at most " + MeasuredPattern.MAX_POINTS + " points; found " + arr.size());
        }
        double[] v = new double[arr.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode n = arr.get(i);
            v[i] = n.isNumber() ? n.asDouble() : Double.NaN;
        }
        return v;
    }

    // ---- candidates -----------------------------------------------------------------------

    /** The candidates and how they were chosen. */
    public record Candidates(List<Candidate> list, List<UUID> ids, List<String> notes) {
    }

    /**
     * The structure entries the caller may read that the query selects, simulated for the pattern's
     * wavelength and range: through native search (the access policy in its SQL), structures and
     * calculations only, restricted to the sample's elements when it declares them.
     */
    public Candidates candidates(RequestContext context, CandidateQuery q, Set<Element> declared, MeasuredPattern pattern) {
        Map<String, List<String>> params = new LinkedHashMap<>(q.parameters());
        params.put("kind", List.of("structure,calculation"));
        params.put("limit", List.of(String.valueOf(Math.min(SearchQuery.MAX_LIMIT, q.limit()))));
        if (!q.datasets().isEmpty()) {
            params.put("dataset", q.datasets().stream().map(UUID::toString).toList());
        }
        List<String> notes = new ArrayList<>();
        Set<String> only = new TreeSet<>(q.elements());
        if (only.isEmpty() && q.restrictToSample() && !declared.isEmpty()) {
            declared.forEach(e -> only.add(e.symbol()));
            notes.add("candidates restricted to the sample's elements " + String.join(", ", only));
        }
        if (!only.isEmpty()) {
            params.put("only_elements", List.of(String.join(",", only)));
        }
        SearchQuery sq;
        try {
            sq = SearchRequest.parse(params);
        } catch (Problem p) {
            throw new Problem(p.type(), "candidates.query: " + p.getMessage(),
                    p.issues().stream().map(i -> new Problem.Issue("candidates.query." + i.field(), i.message())).toList());
        }
        double lo = Math.max(0.5, pattern.min() - 2);
        double hi = Math.min(Simulation.MAX_TWO_THETA, pattern.max() + 2);
        Simulation sim = new Simulation(pattern.radiation().kAlpha1(), lo, hi, Map.of(), null);
        List<Candidate> out = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        int unreadable = 0;
        int tooLarge = 0;
        double[] spent = {0};
        String cursor = null;
        do {
            SearchQuery page = withCursor(sq, cursor);
            SearchService.SearchResult r = search.search(context, page);
            for (Catalog.EntryView v : r.items()) {
                if (!v.visibility().atLeast(Visibility.FULL) || out.size() >= q.limit()) {
                    continue; // embargoed: its structure is data the caller may not read
                }
                Entry e = v.entry();
                try {
                    Optional<Structure> s = structureOf(e);
                    if (s.isEmpty()) {
                        continue;
                    }
                    double work = PowderDiffraction.work(s.get(), sim);
                    if (work > MAX_CANDIDATE_WORK) {
                        tooLarge++;
                        continue;
                    }
                    StickPattern sticks = simulated(e, s.get(), sim, work, spent);
                    if (sticks == null) {
                        tooLarge++;
                        continue;
                    }
                    if (sticks.peaks().isEmpty()) {
                        continue;
                    }
                    out.add(new Candidate(e.id().toString(), e.title(), s.get().composition().reducedFormula(), sticks));
                    ids.add(e.id());
                } catch (Problem p) {
                    unreadable++; // too large to simulate, or a malformed structure: not a candidate
                }
            }
            cursor = r.nextCursor();
        } while (cursor != null && out.size() < q.limit());
        if (cursor != null) {
            notes.add("the first " + q.limit() + " candidates were compared; narrow them with candidates.query or datasets");
        }
        if (tooLarge > 0) {
            notes.add(tooLarge + " structure(s) too large to simulate for every identification (cells with very many atoms or "
                    + "reflections) were left out");
        }
        if (unreadable > 0) {
            notes.add(unreadable + " structure(s) could not be simulated (malformed, or too many reflections) and were left out");
        }
        return new Candidates(out, ids, notes);
    }

    private static SearchQuery withCursor(SearchQuery q, String cursor) {
        return new SearchQuery(q.elementsAll(), q.elementsAny(), q.elementsOnly(), q.elementsExclude(), q.chemicalSystem(),
                q.reducedFormula(), q.anonymousFormula(), q.nelements(), q.properties(), q.text(), q.datasets(), q.kinds(),
                q.templates(), q.instruments(), q.spaceGroups(), q.samples(), q.outcomes(), q.createdFrom(), q.createdBefore(), q.owners(),
                q.groups(), q.sort(), q.fields(), cursor, q.limit(), q.facets(), q.exactCount());
    }

    /** The candidate's lines, from the cache or simulated now if the identification's budget allows (null if not). */
    private StickPattern simulated(Entry e, Structure s, Simulation sim, double work, double[] spent) {
        String key = e.id() + "|" + e.updatedAt() + "|" + sim.wavelength() + "|" + sim.twoThetaMin() + "|" + sim.twoThetaMax();
        synchronized (cache) {
            StickPattern hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        if (spent[0] + work > MAX_CANDIDATES_WORK) {
            return null;
        }
        spent[0] += work;
        StickPattern sticks = PowderDiffraction.simulate(s, sim);
        synchronized (cache) {
            cache.put(key, sticks);
        }
        return sticks;
    }

    // ---- identification -------------------------------------------------------------------

    /** An identification with the candidates it considered. */
    public record Result(Identification identification, List<UUID> candidates, CandidateQuery query) {
    }

    /** Identifies the phases of a pattern against the caller's candidates (nothing stored). */
    public Result identify(RequestContext context, Measured m, CandidateQuery q, PhaseIdentifier.Options options) {
        Candidates c = candidates(context, q, m.declared(), m.pattern());
        Identification id = PhaseIdentifier.identify(m.pattern(), c.list(), options);
        List<String> notes = new ArrayList<>(m.notes());
        notes.addAll(c.notes());
        notes.addAll(id.notes());
        id = new Identification(id.method(), id.version(), id.radiation(), id.candidatesConsidered(), id.ranking(), id.phases(),
                id.quality(), id.instrument(), id.curves(), notes);
        return new Result(id, c.ids(), q);
    }

    /** A stored analysis: its id, when and by whom it was made, and the result. */
    public record Stored(UUID id, UUID entry, Instant createdAt, UUID createdBy, Result result) {
    }

    /**
     * Identifies the phases of a measurement entry and stores the analysis with it (the caller must
     * be allowed to change the entry's dataset): the entry's current analysis from now on.
     */
    public Stored identifyAndStore(RequestContext context, UUID entryId, CandidateQuery q, PhaseIdentifier.Options options) {
        Catalog.EntryView v = catalog.entry(context, entryId);
        catalog.writableDataset(context.caller(), v.entry().datasetId());
        Measured m = measured(v.entry());
        Result r = identify(context, m, q, options);
        return store(context, entryId, r);
    }

    Stored store(RequestContext context, UUID entryId, Result r) {
        Caller caller = context.caller();
        UUID id = Ids.newId();
        var now = clock.instant();
        Identification ident = r.identification();
        ObjectNode result = DiffractionJson.identification(ident, x -> true, false);
        ObjectNode curves = DiffractionJson.curves(ident);
        db.run(h -> {
            h.createUpdate("UPDATE phase_analyses SET current = false WHERE entry_id = :e AND current").bind("e", entryId).execute();
            h.createUpdate("DELETE FROM entry_phases WHERE entry_id = :e").bind("e", entryId).execute();
            h.createUpdate("""
                            INSERT INTO phase_analyses (id, entry_id, created_by, created_at, current, method, version, radiation,
                                                        candidates, candidate_query, result, curves)
                            VALUES (:id, :e, :by, :at, true, :method, :version, :radiation, :candidates,
                                    CAST(:query AS jsonb), CAST(:result AS jsonb), CAST(:curves AS jsonb))""")
                    .bind("id", id).bind("e", entryId).bind("by", caller.userId()).bind("at", now)
                    .bind("method", ident.method()).bind("version", ident.version()).bind("radiation", ident.radiation())
                    .bind("candidates", r.candidates().toArray(new UUID[0]))
                    .bind("query", Json.write(r.query().toJson())).bind("result", Json.write(result)).bind("curves", Json.write(curves))
                    .execute();
            for (Identification.Phase p : ident.phases()) {
                h.createUpdate("""
                                INSERT INTO entry_phases (analysis_id, entry_id, structure_id, formula, formula_alpha, name, weight_fraction)
                                VALUES (:a, :e, :s, :f, :fa, :n, :w)""")
                        .bind("a", id).bind("e", entryId).bind("s", UUID.fromString(p.id())).bind("f", p.formula())
                        .bind("fa", Composition.parse(p.formula()).reducedFormulaAlphabetical()).bind("n", p.name())
                        .bind("w", Math.max(0, Math.min(1, p.weightFraction()))).execute();
            }
            // the trail says that an analysis was made, not what it found: its phases may name structures not every reader sees
            audit.append(h, context, "entry.phases.identify", "entry", entryId, Json.object().put("analysis", id.toString())
                    .put("phases", ident.phases().size()).put("version", ident.version()));
        });
        return new Stored(id, entryId, now, caller.userId(), r);
    }

    // ---- reading stored analyses ------------------------------------------------------------

    /**
     * The entry's current analysis as the caller may see it: only if they may read the entry's data
     * and every structure its phases were fitted with; the ranking lists only structures they may
     * read, and "candidates considered" counts only those.
     */
    public Optional<ObjectNode> current(RequestContext context, UUID entryId, boolean withCurves) {
        Caller caller = context.caller();
        Catalog.EntryView v = catalog.entry(context, entryId);
        if (!v.visibility().atLeast(Visibility.FULL)) {
            return Optional.empty();
        }
        return db.read(h -> {
            var row = h.createQuery("SELECT id, created_at, created_by, candidates, result::text AS result, curves::text AS curves "
                            + "FROM phase_analyses WHERE entry_id = :e AND current").bind("e", entryId)
                    .map((rs, ctx) -> new Object[] {rs.getObject("id", UUID.class), rs.getObject("created_at", OffsetDateTime.class),
                            rs.getObject("created_by", UUID.class), rs.getArray("candidates").getArray(), rs.getString("result"),
                            rs.getString("curves")})
                    .findOne();
            if (row.isEmpty()) {
                return Optional.<ObjectNode>empty();
            }
            Object[] r = row.get();
            JsonNode result = Json.read((String) r[4]);
            Set<UUID> named = new LinkedHashSet<>();
            DiffractionJson.namedStructures(result).forEach(s -> {
                UUID u = Ids.parseOrNull(s);
                if (u != null) {
                    named.add(u);
                }
            });
            Set<UUID> ranked = new LinkedHashSet<>();
            result.path("ranking").forEach(x -> {
                UUID u = Ids.parseOrNull(x.path("structure").asString(""));
                if (u != null) {
                    ranked.add(u);
                }
            });
            Set<UUID> all = new HashSet<>(named);
            all.addAll(ranked);
            Set<UUID> visible = readable(h, caller, all);
            if (!visible.containsAll(named)) {
                return Optional.<ObjectNode>empty();
            }
            UUID[] candidates = (UUID[]) r[3];
            long considered = countReadable(h, caller, candidates);
            ObjectNode out = (ObjectNode) result.deepCopy();
            ArrayNode filtered = out.putArray("ranking");
            result.path("ranking").forEach(x -> {
                UUID u = Ids.parseOrNull(x.path("structure").asString(""));
                if (u != null && visible.contains(u)) {
                    filtered.add(x);
                }
            });
            out.put("candidates_considered", considered);
            out.put("id", r[0].toString()).put("entry", entryId.toString())
                    .put("created_at", ((OffsetDateTime) r[1]).toInstant().toString());
            if (withCurves && r[5] != null) {
                out.set("curves", Json.read((String) r[5]));
            }
            return Optional.of(out);
        });
    }

    /** Which of these structure entries the caller may read in full. */
    private Set<UUID> readable(Handle h, Caller caller, Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        SqlFilter f = policy.datasetFilter(caller, "d", Visibility.FULL);
        return new HashSet<>(h.createQuery("SELECT e.id FROM entries e JOIN datasets d ON d.id = e.dataset_id WHERE e.id = ANY(:ids) AND "
                        + f.sql()).bindMap(f.params()).bind("ids", ids.toArray(new UUID[0])).mapTo(UUID.class).list());
    }

    private long countReadable(Handle h, Caller caller, UUID[] ids) {
        if (ids.length == 0) {
            return 0;
        }
        SqlFilter f = policy.datasetFilter(caller, "d", Visibility.FULL);
        return h.createQuery("SELECT count(*) FROM entries e JOIN datasets d ON d.id = e.dataset_id WHERE e.id = ANY(:ids) AND "
                + f.sql()).bindMap(f.params()).bind("ids", ids).mapTo(Long.class).one();
    }

    // ---- batches ----------------------------------------------------------------------------

    /**
     * Queues identification of many entries (given, or every measurement of a dataset): a job that
     * stores an analysis with each entry the caller may change; entries it may not are reported, not stored.
     */
    public UUID submitBatch(Caller caller, List<UUID> entries, UUID dataset, CandidateQuery q, PhaseIdentifier.Options options) {
        if (!(caller instanceof Caller.Account a) || !a.scope().includes(Scope.WRITE)) {
            throw Problem.unauthorized("a batch identification stores results; sign in with a token that may write");
        }
        if (dataset != null) {
            catalog.writableDataset(caller, dataset);
        }
        if (entries.size() > MAX_BATCH) {
            throw Problem.invalid("entries", "at most " + MAX_BATCH + " entries per batch; found " + entries.size());
        }
        if (entries.isEmpty() && dataset == null) {
            throw Problem.invalid("entries", "give entry ids, or a dataset whose measurements to identify");
        }
        ObjectNode payload = Json.object();
        ArrayNode ids = payload.putArray("entries");
        entries.forEach(e -> ids.add(e.toString()));
        if (dataset != null) {
            payload.put("dataset", dataset.toString());
        }
        payload.set("candidates", q.toJson());
        payload.put("max_phases", options.maxPhases()).put("min_fraction", options.minFraction());
        return jobs.enqueue(JOB_KIND, payload, a.id());
    }

    /** The job handler: identifies and stores each entry as the user who queued the batch. */
    public JobHandler handler() {
        return (job, progress) -> {
            RequestContext context = actingAs.forJob(job, Scope.WRITE, "identification");
            JsonNode p = job.payload();
            CandidateQuery q;
            PhaseIdentifier.Options options;
            try {
                q = CandidateQuery.parse(p.get("candidates"));
                options = new PhaseIdentifier.Options(p.path("max_phases").asInt(3), p.path("min_fraction").asDouble(0.01));
            } catch (Problem e) {
                throw new JobHandler.Permanent(e.getMessage());
            }
            List<UUID> entries = new ArrayList<>();
            p.path("entries").forEach(x -> entries.add(UUID.fromString(x.asString())));
            if (p.hasNonNull("dataset")) {
                entries.addAll(measurementsOf(UUID.fromString(p.get("dataset").asString())));
            }
            ObjectNode out = Json.object();
            ArrayNode done = out.putArray("entries");
            int ok = 0;
            for (int i = 0; i < entries.size(); i++) {
                if (progress.cancelled()) {
                    break;
                }
                UUID e = entries.get(i);
                ObjectNode row = done.addObject().put("entry", e.toString());
                try {
                    Stored s = identifyAndStore(context, e, q, options);
                    ArrayNode ph = row.put("analysis", s.id().toString()).putArray("phases");
                    s.result().identification().phases().forEach(x -> ph.addObject().put("formula", x.formula())
                            .put("weight_fraction", DiffractionJson.round(x.weightFraction(), 4)));
                    ok++;
                } catch (Problem pr) {
                    row.put("error", pr.getMessage());
                }
                progress.report((i + 1.0) / entries.size(), (i + 1) + " of " + entries.size() + " patterns");
            }
            return out.put("identified", ok).put("total", entries.size());
        };
    }

    /** The measurement entries of a dataset (ids only; each is read through the catalog when identified). */
    private List<UUID> measurementsOf(UUID dataset) {
        return db.read(h -> h.createQuery("SELECT id FROM entries WHERE dataset_id = :d AND kind = 'measurement' ORDER BY created_at, id LIMIT "
                + MAX_BATCH).bind("d", dataset).mapTo(UUID.class).list());
    }
}
