package org.matdx.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.matdx.search.SearchFixtures;
import org.matdx.store.ReadReplica;
import org.matdx.testing.ApiClient;
import org.matdx.testing.StreamingReplica;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Issue 26's evidence for read replicas, on a real PostgreSQL streaming replica: searches and
 * OPTIMADE are answered from it while it is current enough — shown by pausing its replay, after
 * which new public data is missing from the answers (stale, within the bound) — and never once
 * an access change or the caller's own write is pending on it: then, with replay still paused,
 * the answers are the primary's. A replica that lags past the bound, or cannot be reached, is
 * left for the primary; searches keep answering 200.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaTest {
    static final Duration BOUND = Duration.ofSeconds(60);
    static StreamingReplica pg;
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;

    @BeforeAll
    static void start() {
        pg = StreamingReplica.start();
        var primary = pg.primary();
        tp = TestPlatform.start(c -> c.withDatabase(pg.primaryUrl(), primary.user(), primary.password())
                .withReadReplica(pg.standbyUrl(), BOUND)).withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
    }

    @AfterAll
    static void stop() {
        if (tp != null) {
            tp.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @AfterEach
    void replayAgain() {
        if (pg.standby() != null) {
            pg.resumeAndCatchUp();
        }
    }

    @Test
    void aCurrentReplicaServesSearchesAndOptimadeAndTheWriterReadsTheirOwnWrite() {
        String ds = SearchFixtures.dataset(alice.api(), "Layered oxides", "public", null);
        SearchFixtures.entries(alice.api(), ds, structure("LNO", "LiNiO2", null));
        pg.catchUp();
        assertThat(tp.platform().reads().route(null).reason()).isEqualTo(ReadReplica.Reason.REPLICA_CURRENT);
        assertThat(titles(search(tp.anonymous(), "elements=Li,Ni"))).containsExactly("LNO");
        // the search ran on the standby, through MatDX's read pool
        assertThat(pg.queryStandby("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'matdx-read'"))
                .isNotEqualTo("0");

        pg.pauseReplay();
        SearchFixtures.entries(alice.api(), ds, structure("NC82", "Li5Ni4CoO10", null));
        // the new public entry is on the primary only: anyone else is answered from the paused
        // replica, without it (stale, but within the bound: no access changed) ...
        assertThat(titles(search(tp.anonymous(), "elements=Li,Ni&sort=title"))).containsExactly("LNO");
        assertThat(titles(search(bob.api(), "elements=Li,Ni&sort=title"))).containsExactly("LNO");
        assertThat(optimadeTitles(tp.anonymous(), "elements HAS ALL \"Li\",\"Ni\"")).containsExactly("LNO");
        // ... while its writer reads their own write, from the primary
        assertThat(titles(search(alice.api(), "elements=Li,Ni&sort=title"))).containsExactly("LNO", "NC82");
        assertThat(optimadeTitles(alice.api(), "elements HAS ALL \"Li\",\"Ni\"")).containsExactly("LNO", "NC82");
        assertThat(tp.platform().reads().route(alice.user().id()).reason()).isEqualTo(ReadReplica.Reason.OWN_WRITE_PENDING);

        pg.resumeAndCatchUp();
        assertThat(titles(search(tp.anonymous(), "elements=Li,Ni&sort=title"))).containsExactly("LNO", "NC82");
        assertThat(tp.platform().reads().route(alice.user().id()).reason()).isEqualTo(ReadReplica.Reason.REPLICA_CURRENT);
    }

    /** One change of who may see what, made on the primary while the replica's replay is paused. */
    record AccessChange(String name, String formula, ApiClient reader, Runnable change, String staleOnStandby) {
    }

    @Test
    void anAccessChangeIsNeverAnsweredFromAStaleReplica() {
        List<AccessChange> changes = new ArrayList<>();
        String toPrivate = withEntry("Made private", "public", "Cs2TiBr6");
        changes.add(new AccessChange("dataset made private", "Cs2TiBr6", tp.anonymous(),
                () -> setAccess(toPrivate, "{\"access\": \"private\"}"), "SELECT access_level FROM datasets WHERE id = '" + toPrivate + "'"));
        String toEmbargo = withEntry("Embargoed", "public", "CsSnBr3");
        changes.add(new AccessChange("dataset embargoed", "CsSnBr3", tp.anonymous(),
                () -> setAccess(toEmbargo, "{\"access\": \"embargoed\", \"embargo_until\": \"2099-01-01\"}"),
                "SELECT access_level FROM datasets WHERE id = '" + toEmbargo + "'"));
        String toModelUse = withEntry("Lent to models only", "public", "CsPbI3");
        changes.add(new AccessChange("dataset made model-use-only", "CsPbI3", tp.anonymous(),
                () -> setAccess(toModelUse, "{\"model_use_only\": true}"),
                "SELECT model_use_only FROM datasets WHERE id = '" + toModelUse + "'"));
        String reviewed = withEntry("Reviewed by bob", "private", "Cs3Sb2I9");
        assertThat(alice.api().put("/api/v1/datasets/" + reviewed + "/coworkers/bob", "{\"role\": \"reviewer\"}").status())
                .isEqualTo(200);
        changes.add(new AccessChange("reviewer removed", "Cs3Sb2I9", bob.api(),
                () -> assertThat(alice.api().delete("/api/v1/datasets/" + reviewed + "/coworkers/bob").status()).isLessThan(300),
                "SELECT role FROM dataset_members WHERE dataset_id = '" + reviewed + "'"));
        String withdrawnIn = withEntry("Withdrawn entry", "public", "Cs2SnI6");
        changes.add(new AccessChange("entry deleted", "Cs2SnI6", tp.anonymous(), () -> {
            String entry = search(alice.api(), "formula=Cs2SnI6").get("items").get(0).get("id").asString();
            assertThat(alice.api().delete("/api/v1/entries/" + entry).status()).isEqualTo(200);
        }, "SELECT count(*) FROM entries WHERE dataset_id = '" + withdrawnIn + "'"));

        for (AccessChange c : changes) {
            pg.catchUp();
            String before = pg.queryStandby(c.staleOnStandby());
            assertThat(titles(search(c.reader(), query(c)))).as(c.name() + ": seen before").containsExactly(title(c));
            assertThat(optimadeTitles(c.reader(), optimadeFilter(c))).as(c.name() + ": seen before").containsExactly(title(c));
            pg.pauseReplay();
            c.change().run();
            // the standby has not replayed the change: asked directly, it still holds the old state ...
            assertThat(pg.queryStandby(c.staleOnStandby())).as(c.name() + ": the standby is stale").isEqualTo(before);
            // ... and MatDX does not ask it: the reader is answered by the primary
            assertThat(titles(search(c.reader(), query(c)))).as(c.name() + ": search").isEmpty();
            assertThat(search(c.reader(), query(c)).get("total").asLong()).as(c.name() + ": total").isZero();
            assertThat(optimadeTitles(c.reader(), optimadeFilter(c))).as(c.name() + ": OPTIMADE").isEmpty();
            assertThat(tp.platform().reads().route(null).reason()).as(c.name()).isEqualTo(ReadReplica.Reason.ACCESS_CHANGE_PENDING);
            pg.resumeAndCatchUp();
        }
    }

    private static String title(AccessChange c) {
        return c.formula() + " sample";
    }

    /**
     * A search by formula; for an embargo, by the entry's data too (an embargo lists an entry by its
     * formula, as metadata, but never finds it by its data).
     */
    private static String query(AccessChange c) {
        return "formula=" + c.formula() + (c.name().contains("embargo")
                ? "&property=" + URLEncoder.encode("band_gap>0 eV", StandardCharsets.UTF_8) : "");
    }

    private static String optimadeFilter(AccessChange c) {
        return "elements HAS \"Cs\" AND _matdx_title=\"" + title(c) + "\"";
    }

    @Test
    void aReplicaLaggingPastItsBoundIsLeftForThePrimary() {
        // a bound of zero: a replica that lacks any commit is too far behind, with no need to wait for it to age
        try (ReadReplica strict = ReadReplica.connect(tp.platform().db(), pg.standbyUrl(), pg.primary().user(),
                pg.primary().password(), Duration.ZERO, Clock.systemUTC());
             ReadReplica second = ReadReplica.connect(tp.platform().db(), pg.standbyUrl(), pg.primary().user(),
                     pg.primary().password(), Duration.ofSeconds(1), Clock.systemUTC())) {
            pg.catchUp();
            assertThat(second.route(null).reason()).isEqualTo(ReadReplica.Reason.REPLICA_CURRENT);
            pg.pauseReplay();
            String ds = SearchFixtures.dataset(alice.api(), "Written while the replica lags", "public", null);
            SearchFixtures.entries(alice.api(), ds, "{\"formula\": \"Na3V2P3O12\", \"title\": \"NVP\"}");
            // the strict one reads the primary, which has the new entry ...
            long seen = strict.read(null, db -> db.read(h -> h.createQuery("SELECT count(*) FROM entries WHERE title = 'NVP'")
                    .mapTo(Long.class).one()));
            assertThat(seen).isEqualTo(1L);
            assertThat(strict.route(null).reason()).isEqualTo(ReadReplica.Reason.LAGGING);
            // ... while the platform's bound (60 s) still lets the paused replica answer, without it
            assertThat(titles(search(tp.anonymous(), "elements=Na,V"))).isEmpty();
            assertThat(tp.platform().reads().route(null).reason()).isEqualTo(ReadReplica.Reason.REPLICA_CURRENT);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // stops the standby
    void anUnreachableReplicaLeavesSearchesAndOptimadeToThePrimary() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var primary = pg.primary();
        try (TestPlatform down = TestPlatform.start(c -> c.withDatabase(pg.primaryUrl(), primary.user(), primary.password())
                .withReadReplica("jdbc:postgresql://127.0.0.1:" + closed + "/matdx", BOUND)).withServer()) {
            String ds = SearchFixtures.dataset(alice.api(), "Read without a replica", "public", null);
            SearchFixtures.entries(alice.api(), ds, structure("KNF", "K2NiF4", null));
            for (int i = 0; i < 3; i++) {
                assertThat(titles(search(down.anonymous(), "elements=K,Ni,F"))).containsExactly("KNF");
                assertThat(optimadeTitles(down.anonymous(), "elements HAS ALL \"K\",\"Ni\"")).containsExactly("KNF");
            }
            assertThat(down.platform().reads().route(null).reason()).isEqualTo(ReadReplica.Reason.UNREACHABLE);
        }
        // a standby that goes away while MatDX runs (its pool holds connections to it): the same
        pg.catchUp();
        assertThat(titles(search(tp.anonymous(), "elements=K,Ni,F"))).containsExactly("KNF");
        pg.stopStandby();
        for (int i = 0; i < 3; i++) {
            assertThat(titles(search(tp.anonymous(), "elements=K,Ni,F"))).containsExactly("KNF");
            assertThat(optimadeTitles(tp.anonymous(), "elements HAS ALL \"K\",\"Ni\"")).containsExactly("KNF");
        }
        assertThat(tp.platform().reads().route(null).reason()).isEqualTo(ReadReplica.Reason.UNREACHABLE);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String withEntry(String title, String access, String formula) {
        String ds = SearchFixtures.dataset(alice.api(), title, access, null);
        SearchFixtures.entries(alice.api(), ds, structure(formula + " sample", formula, "{\"band_gap\": {\"value\": 1.9, \"unit\": \"eV\"}}"));
        return ds;
    }

    /** A structure entry (what OPTIMADE serves): the formula's atoms on a diagonal of a 5 Å cube. */
    private static String structure(String title, String formula, String properties) {
        List<String> sites = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("([A-Z][a-z]?)(\\d*)").matcher(formula);
        while (m.find()) {
            for (int i = 0; i < (m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2))); i++) {
                sites.add("{\"label\": \"" + m.group(1) + "\", \"species\": {\"" + m.group(1) + "\": 1.0}, \"frac\": [F, F, F]}");
            }
        }
        for (int i = 0; i < sites.size(); i++) {
            sites.set(i, sites.get(i).replace("F", String.valueOf((double) i / sites.size())));
        }
        return "{\"kind\": \"structure\", \"title\": \"" + title + "\", \"formula\": \"" + formula + "\""
                + (properties == null ? "" : ", \"properties\": " + properties)
                + ", \"data\": {\"structure\": {\"lattice_vectors\": [[5, 0, 0], [0, 5, 0], [0, 0, 5]], \"sites\": ["
                + String.join(", ", sites) + "]}}}";
    }

    private static void setAccess(String dataset, String body) {
        var r = alice.api().put("/api/v1/datasets/" + dataset + "/access", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static JsonNode search(ApiClient as, String query) {
        var r = as.get("/api/v1/search?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<String> titles(JsonNode result) {
        List<String> t = new ArrayList<>();
        result.get("items").forEach(i -> t.add(i.get("title").asString()));
        return t;
    }

    static List<String> optimadeTitles(ApiClient as, String filter) {
        var r = as.get("/optimade/v1/structures?sort=_matdx_title&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> t = new ArrayList<>();
        r.json().get("data").forEach(d -> t.add(d.get("attributes").get("_matdx_title").asString()));
        return t;
    }
}
