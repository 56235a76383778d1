package org.matdx.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Role;
import org.matdx.optimade.OptimadeQuery;
import org.matdx.optimade.OptimadeService;
import org.matdx.platform.Platform;
import org.matdx.query.Counting;
import org.matdx.query.IndexWalk;
import org.matdx.search.SearchRequest;
import org.matdx.search.SearchService;
import org.matdx.testing.TestPlatform;

/**
 * The SQL the search benchmark's 44 measurements run ({@link SearchBenchmark#queries()}, as an
 * anonymous caller and as a group member) is the SQL recorded in {@code benchmark-sql.txt}: the
 * statements were tuned by measurement at a million structures (docs/BENCHMARKS.md), so a change
 * of the query engine that alters them must be measured again, and the recording renewed on purpose
 * ({@code -Dmatdx.recordSql=true} writes it to target/benchmark-sql.txt; copy it over the resource).
 * Each query runs three ways so that every plan the engine chooses between is taken on small data:
 * as it comes (few matches: counted, fetched and sorted), with counts capped at 2 (pages walk
 * indexes, property sorts walk the property index) and as the last with walks that give up.
 */
class BenchmarkSqlTest {
    static TestPlatform tp;
    static Caller bob;
    static volatile Thread testThread;
    static final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withWorkers(0)).withServer();
        TestPlatform.Person alice = tp.person("alice");
        TestPlatform.Person b = tp.person("bob");
        var lab = tp.group("lab", alice);
        tp.join(lab, b, Role.VIEWER);
        bob = b.caller(tp.platform());
        String[][] sets = {{"public", null}, {"private", null}, {"group", "lab"}, {"embargoed", null}};
        String[] formulas = {"LiFePO4", "Li7La3Zr2O12", "SrTiO3", "TiO2", "NiO", "LiCoO2", "GaN", "Li2S", "ZnSe", "Fe2O3",
                "LaZrO", "Al2O3", "CoNiO2", "BaTiO3", "LiMnO2"};
        int n = 0;
        for (String[] s : sets) {
            String body = "{\"title\": \"Synthetic " + s[0] + "\", \"access\": \"" + s[0] + "\""
                    + (s[1] == null ? "" : ", \"group\": \"" + s[1] + "\"")
                    + (s[0].equals("embargoed") ? ", \"embargo_until\": \"2099-01-01\"" : "") + "}";
            var r = alice.api().post("/api/v1/datasets", body);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().get("id").asString();
            List<String> entries = new ArrayList<>();
            // the embargoed structures match none of the queries: whether a capped count meets one among
            // its first rows would otherwise depend on the random ids (and decide whether a second count runs)
            for (String f : s[0].equals("embargoed") ? new String[] {"KBr", "CsI"} : formulas) {
                n++;
                entries.add(String.format(Locale.ROOT, """
                        {"kind": "structure", "title": "%s %d", "formula": "%s", "outcome": "%s",
                         "properties": {"band_gap": {"value": %.2f, "unit": "eV"},
                                        "formation_energy_per_atom": {"value": %.1f, "unit": "kJ/mol"}},
                         "data": {"structure": {"lattice_vectors": [[4, 0, 0], [0, 4, 0], [0, 0, 4]],
                                  "sites": [{"label": "X", "species": {"Li": 1.0}, "frac": [0, 0, 0]}]}}}""",
                        f, n, f, n % 4 == 0 ? "failed" : "succeeded", (n % 7) * 0.9, -100.0 * (n % 6)));
            }
            var e = alice.api().post("/api/v1/datasets/" + id + "/entries", "{\"entries\": [" + String.join(", ", entries) + "]}");
            assertThat(e.status()).as(e.body()).isEqualTo(201);
        }
        tp.platform().db().jdbi().setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                // the search's own statements: on the test's thread, and facets on a virtual thread of their own
                if (Thread.currentThread() == testThread || Thread.currentThread().isVirtual()) {
                    statements.add(context.getRenderedSql());
                }
            }
        });
    }

    private static Map<String, List<String>> params(String query) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            m.computeIfAbsent(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void theBenchmarksSqlIsTheRecordedSql() throws Exception {
        Platform p = tp.platform();
        testThread = Thread.currentThread();
        StringBuilder out = new StringBuilder();
        String[] ways = {"as it comes", "walking", "walks that give up"};
        for (int way = 0; way < ways.length; way++) {
            int cap = way == 0 ? Counting.DEFAULT_CAP : 2;
            SearchService search = new SearchService(p.db(), p.policy(), p.quantities(), p.datasets(), p.entries(), p.audit(), cap);
            OptimadeService optimade = new OptimadeService(p.db(), p.policy(), p.quantities(), cap, p.audit());
            long oldWalk = Counting.walkSortIndexAbove(way == 0 ? 20_000 : 0);
            IndexWalk.tryAlways(way == 0 ? 0 : way == 1 ? 1_000 : 1);
            try {
                for (String[] q : SearchBenchmark.queries()) {
                    String query = q[1].substring(q[1].indexOf('?') + 1);
                    for (Caller who : List.of(Caller.ANONYMOUS, bob)) {
                        statements.clear();
                        Map<String, List<String>> params = params(query);
                        if (q[0].equals("native")) {
                            search.search(RequestContext.cli(who), SearchRequest.parse(params));
                        } else {
                            optimade.list(org.matdx.core.RequestContext.local(who), "structures", OptimadeQuery.listing(params));
                        }
                        List<String> sorted = new ArrayList<>(statements);
                        // facets are counted on a connection of their own, at the same time as the page
                        Collections.sort(sorted);
                        out.append("### ").append(ways[way]).append(" | ").append(who == bob ? "member" : "anonymous").append(" | ")
                                .append(q[2]).append('\n');
                        sorted.forEach(s -> out.append(s.strip().replaceAll("\\s+", " ")).append('\n'));
                    }
                }
            } finally {
                Counting.walkSortIndexAbove(oldWalk);
                IndexWalk.tryAlways(0);
            }
        }
        if (Boolean.getBoolean("matdx.recordSql")) {
            Files.writeString(Path.of("target", "benchmark-sql.txt"), out);
        }
        String recorded = new String(getClass().getResourceAsStream("benchmark-sql.txt").readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out.toString()).isEqualTo(recorded);
    }
}
