package org.matdx.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Group;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Role;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.web.WebServer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * {@code matdx bench search}: loads synthetic structures into the embedded database with COPY
 * (indexes dropped during the load and rebuilt after, as for any bulk load), then measures
 * end-to-end latency — HTTP request to parsed response, on this machine — of a fixed set of
 * typical OPTIMADE filters and native searches, as an anonymous visitor and as a group member.
 */
public final class SearchBenchmark {
    private static final int BATCH = 20_000;
    private static final int DATASETS = 20;
    private static final String LOADED = "bench.search.loaded";

    public record Options(int structures, Path dataDir, int repetitions, int warmup, PrintStream out) {
    }

    /** One measured request. */
    public record Result(String api, String who, String query, long matches, boolean exact, double p50ms, double p95ms,
                         double maxMs) {
        /** "1,234", or "≥ 10,000" when the count stopped at its cap. */
        public String matchesText() {
            return (exact ? "" : "≥ ") + String.format(Locale.ROOT, "%,d", matches);
        }
    }

    private SearchBenchmark() {
    }

    public static List<Result> run(Options o) {
        PlatformConfig config = PlatformConfig.defaults(o.dataDir()).withDemo(false).withWorkers(0).withDurable(false);
        o.out().println("Starting the embedded database in " + o.dataDir() + " …");
        try (Platform p = Platform.start(config)) {
            long loaded = p.db().read(h -> h.createQuery("SELECT COALESCE((SELECT (value ->> 'structures')::bigint FROM "
                    + "instance_settings WHERE key = :k), 0)").bind("k", LOADED).mapTo(Long.class).one());
            if (loaded != o.structures()) {
                if (loaded != 0) {
                    throw new IllegalStateException(o.dataDir() + " holds a benchmark of " + loaded
                            + " structures; use another --data-dir or the same --structures");
                }
                load(p, o);
            } else {
                o.out().println("Reusing the " + loaded + " structures loaded earlier in " + o.dataDir() + " (analysing them again)");
                p.db().read(h -> {
                    h.execute("VACUUM ANALYZE entries");
                    h.execute("VACUUM ANALYZE entry_search");
                    h.execute("VACUUM ANALYZE entry_quantities");
                    return null;
                });
            }
            String bobToken = p.accounts().issueToken(Bootstrap.SYSTEM, p.users().byUsername("bob").orElseThrow(),
                    "bench", Scope.READ, null).secret();
            try (WebServer server = new WebServer(p).start("127.0.0.1", 0)) {
                return measure("http://127.0.0.1:" + server.port(), bobToken, o);
            }
        }
    }

    // ---- loading --------------------------------------------------------------------------

    private static void load(Platform p, Options o) {
        Caller system = Bootstrap.SYSTEM;
        User alice = p.accounts().createUser(system, "alice", "Alice (benchmark)", null, null, null, false);
        User bob = p.accounts().createUser(system, "bob", "Bob (benchmark)", null, null, null, false);
        Group lab = p.accounts().createGroup(system, "lab", "Benchmark lab", alice);
        p.accounts().addMember(system, lab, bob, Role.VIEWER);
        Caller asAlice = new Caller.Account(alice, p.users().memberships(alice.id()), Scope.ADMIN);
        List<Dataset> datasets = new ArrayList<>();
        for (int i = 0; i < DATASETS; i++) {
            // 14 public, 2 private, 2 group, 1 embargoed, 1 model-use-only: the policy filter has work to do
            String access = i < 14 ? "public" : i < 16 ? "private" : i < 18 ? "group" : i == 18 ? "embargoed" : "public";
            datasets.add(p.catalog().createDataset(asAlice, new NewDataset("Synthetic structures " + (i + 1),
                    "Benchmark structures, part " + (i + 1), "CC-BY-4.0", access,
                    access.equals("embargoed") ? LocalDate.of(2099, 1, 1) : null, i == 19, access.equals("group") ? "lab" : null,
                    null), AuditLog.Origin.LOCAL));
        }
        List<String[]> dropped = dropIndexes(p);
        o.out().printf(Locale.ROOT, "Loading %,d structures with COPY (%d indexes dropped during the load) …%n",
                o.structures(), dropped.size());
        long t0 = System.nanoTime();
        SyntheticStructures gen = new SyntheticStructures(20260501L);
        int done = 0;
        while (done < o.structures()) {
            int n = Math.min(BATCH, o.structures() - done);
            StringBuilder sb = new StringBuilder(n * 1200);
            for (int i = 0; i < n; i++) {
                row(sb, gen, datasets.get((done + i) % DATASETS).id(), alice.id(), done + i);
            }
            copy(p, sb.toString());
            p.quantities().syncUnits();
            done += n;
            if (done % 100_000 == 0 || done == o.structures()) {
                o.out().printf(Locale.ROOT, "  %,d rows, %.0f s%n", done, (System.nanoTime() - t0) / 1e9);
            }
        }
        // element-strategy scores as an installation has them (MatDX scores entries at start); without the
        // secondary indexes, so that the next start does not rewrite a million rows before measuring
        long ts = System.nanoTime();
        int scored = p.resourceIndex().backfill();
        o.out().printf(Locale.ROOT, "Scored %,d compositions for element strategy in %.0f s%n", scored, (System.nanoTime() - ts) / 1e9);
        o.out().println("Rebuilding indexes …");
        long t1 = System.nanoTime();
        p.db().run(h -> {
            for (String[] idx : dropped) {
                h.execute(idx[1]);
            }
        });
        p.db().read(h -> {
            h.execute("VACUUM ANALYZE entries");
            h.execute("VACUUM ANALYZE entry_search");
            h.execute("VACUUM ANALYZE entry_quantities");
            h.execute("ANALYZE datasets");
            return null;
        });
        o.out().printf(Locale.ROOT, "Loaded in %.0f s, indexes rebuilt in %.0f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        p.db().run(h -> h.createUpdate("INSERT INTO instance_settings (key, value) VALUES (:k, CAST(:v AS jsonb))")
                .bind("k", LOADED).bind("v", Json.write(Json.object().put("structures", o.structures()))).execute());
    }

    /** Drops the secondary indexes of the bulk-loaded tables; returns (name, definition) to rebuild them. */
    private static List<String[]> dropIndexes(Platform p) {
        List<String[]> idx = p.db().read(h -> h.createQuery("""
                        SELECT i.indexname, i.indexdef FROM pg_indexes i
                        WHERE i.tablename IN ('entries', 'entry_search', 'entry_quantities') AND i.schemaname = current_schema()
                          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""")
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).list());
        p.db().run(h -> idx.forEach(i -> h.execute("DROP INDEX " + i[0])));
        return idx;
    }

    private static void copy(Platform p, String rows) {
        try (Connection c = p.db().dataSource().getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY entries (id, dataset_id, kind, title, formula, reduced_formula, formula_reduced_alpha, "
                    + "formula_anonymous, formula_hill, chemical_system, elements, element_fractions, nelements, composition, "
                    + "properties, invoice, metadata, data, template, outcome, created_by, created_at, updated_at) FROM STDIN",
                    new StringReader(rows));
        } catch (SQLException e) {
            throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Instant FROM = Instant.parse("2015-01-01T00:00:00Z");
    private static final long SPAN = Duration.between(FROM, Instant.parse("2026-01-01T00:00:00Z")).getSeconds();
    private static final String[] CODES = {"VASP", "Quantum ESPRESSO", "CASTEP", "ABINIT"};

    /** One entries row in COPY text format, with the composition columns as EntryStore writes them. */
    private static void row(StringBuilder sb, SyntheticStructures gen, UUID dataset, UUID owner, int n) {
        SyntheticStructures.Crystal c = gen.next();
        SplittableRandom rnd = gen.random();
        Map<Element, Double> amounts = new LinkedHashMap<>();
        for (Map<String, Double> site : c.sites()) {
            site.forEach((el, x) -> amounts.merge(Elements.of(el), x, Double::sum));
        }
        Composition comp = Composition.of(amounts);
        List<String> symbols = comp.symbolsAlphabetical();
        Map<String, Double> fractions = new LinkedHashMap<>();
        comp.atomicFractions().forEach((e, f) -> fractions.put(e.symbol(), f));
        boolean calculation = rnd.nextInt(5) == 0;
        String outcome = calculation && rnd.nextInt(10) == 0 ? "failed" : "succeeded";
        Instant created = FROM.plusSeconds(rnd.nextLong(SPAN));

        StringBuilder props = new StringBuilder("{");
        if (c.bandGap() != null) {
            props.append(c.bandGapInMeV() ? "\"band_gap\": {\"value\": " + Math.round(c.bandGap() * 1000) + ", \"unit\": \"meV\"}"
                    : "\"band_gap\": {\"value\": " + c.bandGap() + ", \"unit\": \"eV\"}");
        }
        if (c.formationEnergy() != null) {
            props.append(props.length() > 1 ? ", " : "").append("\"formation_energy_per_atom\": {\"value\": ")
                    .append(c.formationEnergy()).append(", \"unit\": \"eV/atom\"}");
        }
        props.append('}');

        StringBuilder data = new StringBuilder("{\"structure\": {\"lattice_vectors\": ");
        double a = c.a();
        if (c.hexagonal()) {
            data.append(String.format(Locale.ROOT, "[[%s, 0.0, 0.0], [%s, %s, 0.0], [0.0, 0.0, %s]]", a, -a / 2,
                    a * Math.sqrt(3) / 2, c.c()));
        } else {
            data.append(String.format(Locale.ROOT, "[[%s, 0.0, 0.0], [0.0, %s, 0.0], [0.0, 0.0, %s]]", a, a, c.c()));
        }
        data.append(", \"sites\": [");
        for (int i = 0; i < c.sites().size(); i++) {
            Map<String, Double> site = c.sites().get(i);
            double[] f = gen.position(i);
            data.append(i == 0 ? "" : ", ").append("{\"label\": \"").append(String.join("_", site.keySet())).append("\", \"species\": {");
            int k = 0;
            for (Map.Entry<String, Double> e : site.entrySet()) {
                data.append(k++ == 0 ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(e.getValue());
            }
            data.append("}, \"frac\": [").append(f[0]).append(", ").append(f[1]).append(", ").append(f[2]).append("]}");
        }
        data.append("]}}");

        String title = comp.reducedFormula() + " (" + c.prototype() + ")";
        String invoice = calculation ? "{\"method\": \"DFT-PBE\", \"code\": \"" + CODES[rnd.nextInt(CODES.length)] + "\"}"
                : "{\"method\": \"structure refinement\", \"source\": \"synthetic\"}";
        String metadata = "{\"prototype\": \"" + c.prototype() + "\", \"generator\": \"matdx bench search\", \"index\": " + n + "}";
        field(sb, Ids.newId().toString());
        field(sb, dataset.toString());
        field(sb, calculation ? "calculation" : "structure");
        field(sb, title);
        field(sb, comp.formula());
        field(sb, comp.reducedFormula());
        field(sb, comp.reducedFormulaAlphabetical());
        field(sb, comp.anonymousFormula().orElse(null));
        field(sb, comp.hillFormula());
        field(sb, comp.chemicalSystem());
        field(sb, "{" + String.join(",", symbols) + "}");
        field(sb, "{" + String.join(",", symbols.stream().map(s -> Double.toString(fractions.get(s))).toList()) + "}");
        field(sb, Integer.toString(symbols.size()));
        field(sb, Json.write(Json.composition(comp)));
        field(sb, props.toString());
        field(sb, invoice);
        field(sb, metadata);
        field(sb, data.toString());
        field(sb, calculation ? "vasp" : "cif");
        field(sb, outcome);
        field(sb, owner.toString());
        field(sb, created.toString());
        sb.append(created).append('\n');
    }

    /** A COPY text field followed by a tab: backslash, tab and newlines escaped; null as \N. */
    private static void field(StringBuilder sb, String v) {
        if (v == null) {
            sb.append("\\N");
        } else {
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                switch (ch) {
                    case '\\' -> sb.append("\\\\");
                    case '\t' -> sb.append("\\t");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(ch);
                }
            }
        }
        sb.append('\t');
    }

    // ---- measuring ------------------------------------------------------------------------

    /** The fixed query set: typical OPTIMADE filters and native searches. */
    static List<String[]> queries() {
        List<String[]> q = new ArrayList<>();
        for (String f : List.of(
                "elements HAS \"Li\"",
                "elements HAS ALL \"Li\",\"Fe\",\"P\",\"O\"",
                "elements HAS ALL \"Li\",\"La\",\"Zr\",\"O\" AND NOT elements HAS \"Ta\"",
                "elements HAS ONLY \"Sr\",\"Ti\",\"O\"",
                "nelements=3 AND elements HAS ANY \"S\",\"Se\"",
                "chemical_formula_reduced=\"FeLiO4P\"",
                "chemical_formula_anonymous=\"A2B3\"",
                "nsites<6 AND nelements=2 AND elements HAS \"N\"",
                "_matdx_band_gap__ev>3 AND elements HAS ALL \"Ti\",\"O\"",
                "elements:elements_ratios HAS \"O\":>0.6 AND elements HAS \"Ni\"",
                "structure_features HAS \"disorder\" AND elements HAS \"Co\"")) {
            q.add(new String[] {"OPTIMADE", "/optimade/v1/structures?filter=" + enc(f), f});
        }
        q.add(new String[] {"OPTIMADE", "/optimade/v1/structures?sort=-_matdx_band_gap__ev&filter=" + enc("elements HAS \"Li\""),
                "elements HAS \"Li\" sorted by -_matdx_band_gap__ev"});
        for (String s : List.of(
                "elements=Li,Co,O",
                "elements=Li&exclude_elements=Co,Ni,Mn",
                "chemical_system=Fe-Li-O-P",
                "formula=LiFePO4",
                "property=" + enc("band_gap>3 eV") + "&elements=Zr",
                "property=" + enc("formation_energy_per_atom<-400 kJ/mol") + "&nelements=2",
                "q=garnet",
                "outcome=failed&elements=Fe",
                "elements=La,Zr&sort=-properties.band_gap",
                "elements=Li,O&facets=elements,outcome,year")) {
            q.add(new String[] {"native", "/api/v1/search?" + s, java.net.URLDecoder.decode(s, StandardCharsets.UTF_8)});
        }
        return q;
    }

    private static List<Result> measure(String base, String bobToken, Options o) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Result> results = new ArrayList<>();
        // A server answers many kinds of search; measuring the first query while the JIT is still compiling the
        // request path that every query shares would charge it alone with the server's start-up
        o.out().printf(Locale.ROOT, "Warming up: every query %d times as each caller …%n", o.warmup());
        for (int i = 0; i < o.warmup(); i++) {
            for (String[] q : queries()) {
                for (String token : Arrays.asList(null, bobToken)) {
                    send(http, base + q[1], token);
                }
            }
        }
        o.out().printf(Locale.ROOT, "Measuring %d queries × %d repetitions (after %d more warm-up each) as anonymous and as a group member …%n",
                queries().size(), o.repetitions(), o.warmup());
        for (String[] q : queries()) {
            for (String who : List.of("anonymous", "member")) {
                String token = who.equals("member") ? bobToken : null;
                long matches = -1;
                boolean exact = true;
                double[] ms = new double[o.repetitions()];
                for (int i = -o.warmup(); i < o.repetitions(); i++) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = send(http, base + q[1], token);
                    var json = Json.read(r.body());
                    double elapsed = (System.nanoTime() - t) / 1e6;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(q[1] + " answered " + r.statusCode() + ": " + r.body());
                    }
                    if (i >= 0) {
                        ms[i] = elapsed;
                    }
                    if (json.has("total")) {
                        matches = json.get("total").asLong();
                        exact = json.get("total_exact").asBoolean();
                    } else if (json.at("/meta").has("data_returned")) {
                        matches = json.at("/meta/data_returned").asLong();
                    } else {
                        matches = json.at("/meta/_matdx_data_returned_at_least").asLong();
                        exact = false;
                    }
                }
                Arrays.sort(ms);
                Result res = new Result(q[0], who, q[2], matches, exact, percentile(ms, 50), percentile(ms, 95), ms[ms.length - 1]);
                results.add(res);
                o.out().printf(Locale.ROOT, "  %-8s %-9s %10s  p50 %7.1f ms  p95 %7.1f ms  %s%n", res.api(), who,
                        res.matchesText(), res.p50ms(), res.p95ms(), res.query());
            }
        }
        return results;
    }

    private static HttpResponse<String> send(HttpClient http, String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
