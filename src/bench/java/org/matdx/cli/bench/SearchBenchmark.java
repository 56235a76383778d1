package org.matdx.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
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
import java.util.concurrent.CompletableFuture;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Entry;
import org.matdx.core.EntryKind;
import org.matdx.core.Group;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Outcome;
import org.matdx.core.Quantity;
import org.matdx.core.RequestContext;
import org.matdx.core.Role;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.store.DerivedColumns;
import org.matdx.web.WebServer;

/**
 * {@code matdx bench search}: loads synthetic structures into the embedded database through the
 * catalog's own insert (secondary indexes dropped during the load and made again from their
 * definitions, as a restore does; the product then repairs and analyses what that left), then measures
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
            long loaded = p.settings().get(LOADED).map(v -> v.path("structures").asLong()).orElse(0L);
            if (loaded != o.structures()) {
                if (loaded != 0) {
                    throw new IllegalStateException(o.dataDir() + " holds a benchmark of " + loaded
                            + " structures; use another --data-dir or the same --structures");
                }
                load(p, o);
            } else {
                o.out().println("Reusing the " + loaded + " structures loaded earlier in " + o.dataDir());
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
            datasets.add(p.catalog().createDataset(RequestContext.cli(asAlice), new NewDataset("Synthetic structures " + (i + 1),
                    "Benchmark structures, part " + (i + 1), "CC-BY-4.0", access,
                    access.equals("embargoed") ? LocalDate.of(2099, 1, 1) : null, i == 19, access.equals("group") ? "lab" : null,
                    null)));
        }
        // as a restore or any bulk load: secondary indexes dropped, rows in, indexes made again from their definitions
        List<String[]> dropped = dropIndexes(p);
        o.out().printf(Locale.ROOT, "Loading %,d structures through the catalog's insert, element-strategy scores in the same "
                + "INSERT (%d indexes dropped during the load) …%n", o.structures(), dropped.size());
        long t0 = System.nanoTime();
        SyntheticStructures gen = new SyntheticStructures(20260501L);
        List<DerivedColumns> derived = List.of(p.resourceIndex().derived());
        int done = 0;
        // the synthetic structures are made on another thread while the previous batch is written, so that
        // the figure is the product's loading and not this generator (an import has its entries parsed already)
        CompletableFuture<List<Entry>> next = CompletableFuture.completedFuture(batch(gen, datasets, alice.id(), 0,
                Math.min(BATCH, o.structures())));
        while (done < o.structures()) {
            List<Entry> batch = next.join();
            int n = batch.size();
            int from = done + n;
            next = CompletableFuture.supplyAsync(() -> batch(gen, datasets, alice.id(), from, Math.min(BATCH, o.structures() - from)));
            p.db().run(h -> p.entries().insertAll(h, batch, derived));
            p.quantities().syncUnits();
            done += n;
            if (done % 100_000 == 0 || done == o.structures()) {
                o.out().printf(Locale.ROOT, "  %,d structures, %.0f s%n", done, (System.nanoTime() - t0) / 1e9);
            }
        }
        long t1 = System.nanoTime();
        o.out().println("Rebuilding indexes from their definitions …");
        p.db().run(h -> dropped.forEach(idx -> h.execute(idx[1])));
        long t2 = System.nanoTime();
        // what the product does at every start and after an import: a partitioned index made from its definition
        // ("ON ONLY") covers no partition and is rebuilt; statistics and the visibility map are refreshed
        int repaired = p.tableUpkeep().repairIndexes();
        p.tableUpkeep().refresh(true);
        o.out().printf(Locale.ROOT, "Loaded in %.0f s (%,.0f structures/s), indexes rebuilt in %.0f s, %d repaired by the product and "
                        + "statistics refreshed in %.0f s%n", (t1 - t0) / 1e9, o.structures() / ((t1 - t0) / 1e9), (t2 - t1) / 1e9, repaired,
                (System.nanoTime() - t2) / 1e9);
        p.settings().record(LOADED, Json.object().put("structures", o.structures()));
    }

    private static List<Entry> batch(SyntheticStructures gen, List<Dataset> datasets, UUID owner, int from, int n) {
        List<Entry> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(entry(gen, datasets.get((from + i) % DATASETS).id(), owner, from + i));
        }
        return batch;
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

    private static final Instant FROM = Instant.parse("2015-01-01T00:00:00Z");
    private static final long SPAN = Duration.between(FROM, Instant.parse("2026-01-01T00:00:00Z")).getSeconds();
    private static final String[] CODES = {"VASP", "Quantum ESPRESSO", "CASTEP", "ABINIT"};

    /** One synthetic structure as the catalog stores it. */
    private static Entry entry(SyntheticStructures gen, UUID dataset, UUID owner, int n) {
        SyntheticStructures.Crystal c = gen.next();
        SplittableRandom rnd = gen.random();
        Map<Element, Double> amounts = new LinkedHashMap<>();
        for (Map<String, Double> site : c.sites()) {
            site.forEach((el, x) -> amounts.merge(Elements.of(el), x, Double::sum));
        }
        Composition comp = Composition.of(amounts);
        boolean calculation = rnd.nextInt(5) == 0;
        Outcome outcome = calculation && rnd.nextInt(10) == 0 ? new Outcome.Failed("") : Outcome.SUCCEEDED;
        Instant created = FROM.plusSeconds(rnd.nextLong(SPAN));

        Map<String, Quantity> props = new LinkedHashMap<>();
        if (c.bandGap() != null) {
            props.put("band_gap", c.bandGapInMeV() ? new Quantity(Math.round(c.bandGap() * 1000), "meV") : new Quantity(c.bandGap(), "eV"));
        }
        if (c.formationEnergy() != null) {
            props.put("formation_energy_per_atom", new Quantity(c.formationEnergy(), "eV/atom"));
        }

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
        return new Entry(Ids.newId(), dataset, calculation ? EntryKind.CALCULATION : EntryKind.STRUCTURE, title, comp, props,
                Json.read(invoice), Json.read(metadata), Json.read(data.toString()), List.of(), null, calculation ? "vasp" : "cif",
                outcome, owner, created, created);
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
            q.add(new String[] {"native", "/api/v1/search?" + s, URLDecoder.decode(s, StandardCharsets.UTF_8)});
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
