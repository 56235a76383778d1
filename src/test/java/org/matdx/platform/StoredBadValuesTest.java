package org.matdx.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestDatabase;
import org.matdx.testing.TestFiles;
import org.matdx.web.WebServer;
import tools.jackson.databind.JsonNode;

/**
 * Values an older MatDX let in, or an operator wrote by hand, stored directly by SQL: a property of
 * 1e308 GPa (which overflowed the SI conversion at start-up and in every property search), one of
 * 5e-324 nm (underflow), a bare value stored as the string "Infinity", a composition beyond the
 * largest amount, numbers beyond double precision in an invoice, a series column that is not one.
 * The platform still starts on them, and search, OPTIMADE, listings, CSV and publishing all work;
 * the out-of-range values are reported, not indexed.
 */
class StoredBadValuesTest {

    @Test
    void startUpAndEveryReadPathSurviveBadStoredValues() throws Exception {
        Path dir = Files.createTempDirectory("matdx-bad-values");
        var server = TestDatabase.server();
        PlatformConfig config = PlatformConfig.defaults(dir).withDatabase(TestDatabase.freshDatabase(), server.user(),
                server.password()).withDemo(false).withWorkers(0).withDurable(false);
        try {
            UUID dataset;
            String token;
            try (Platform p = Platform.start(config)) {
                User alice = p.accounts().createUser(Bootstrap.SYSTEM, "alice", "alice", null, null, null, false);
                token = p.accounts().issueToken(Bootstrap.SYSTEM, alice, "t", Scope.WRITE, null).secret();
                var caller = new Caller.Account(alice, p.users().memberships(alice.id()), Scope.ADMIN);
                dataset = p.catalog().createDataset(RequestContext.local(caller), new NewDataset("kept", "", null, "public", null, false, null, null)).id();
                p.catalog().addEntries(RequestContext.local(caller), dataset, List.of(new NewEntry("structure", "good", "SrTiO3", null, null, null,
                        null, null, null, null, null)));
                UUID user = alice.id();
                p.db().run(h -> {
                    // as they were before this version: units not yet converted, values kept as written
                    h.execute("DELETE FROM unit_conversions WHERE unit IN ('GPa', 'nm')");
                    insert(h, dataset, user, "overflow", "{\"Si\": 1, \"O\": 2}",
                            "{\"modulus\": {\"value\": 1e308, \"unit\": \"GPa\"}, \"band_gap\": {\"value\": 9, \"unit\": \"eV\"}}", "{}");
                    insert(h, dataset, user, "underflow", "{\"Si\": 1, \"O\": 2}",
                            "{\"thickness\": {\"value\": 5e-324, \"unit\": \"nm\"}}", "{}");
                    insert(h, dataset, user, "infinite", "{\"Fe\": 1}", "{\"x\": {\"value\": \"Infinity\", \"unit\": \"\"}}",
                            "{\"n\": 1e400, \"m\": -1e400}");
                    insert(h, dataset, user, "too many atoms", "{\"Fe\": 1e12, \"O\": 1}", "{}", "{}");
                    h.execute("UPDATE entries SET series = '\\x00ff'::bytea WHERE title = 'infinite'");
                    // the index as the old trigger left it: the raw values in, their SI form to be computed at start-up
                    h.execute("INSERT INTO entry_quantities (entry_id, name, value, unit) SELECT id, 'modulus', 1e308, 'GPa' "
                            + "FROM entries WHERE title = 'overflow' ON CONFLICT DO NOTHING");
                    h.execute("INSERT INTO entry_quantities (entry_id, name, value, unit) SELECT id, 'thickness', 5e-324, 'nm' "
                            + "FROM entries WHERE title = 'underflow' ON CONFLICT DO NOTHING");
                });
            }

            try (Platform p = Platform.start(config); WebServer web = new WebServer(p).start("127.0.0.1", 0)) {
                ApiClient api = new ApiClient("http://127.0.0.1:" + web.port(), token);
                ApiClient anonymous = new ApiClient("http://127.0.0.1:" + web.port(), null);

                var search = anonymous.get("/api/v1/search?property=" + enc("band_gap>1 eV"));
                assertThat(search.status()).as(search.body()).isEqualTo(200);
                assertThat(search.json().path("items")).extracting(i -> i.path("title").asString()).containsExactly("overflow");
                var modulus = anonymous.get("/api/v1/search?property=" + enc("modulus>1 Pa"));
                assertThat(modulus.status()).as(modulus.body()).isEqualTo(200);
                assertThat(modulus.json().path("total").asInt()).as("an out-of-range value is not indexed").isZero();
                assertThat(anonymous.get("/api/v1/search?sort=-properties.thickness").status()).isEqualTo(200);
                var all = anonymous.get("/api/v1/search?limit=50");
                assertThat(all.status()).as(all.body()).isEqualTo(200);
                assertThat(all.json().path("total").asInt()).isEqualTo(5);

                var optimade = anonymous.get("/optimade/v1/structures");
                assertThat(optimade.status()).as(optimade.body()).isEqualTo(200);
                assertThat(anonymous.get("/optimade/v1/info/structures").status()).isEqualTo(200);

                var listing = anonymous.get("/api/v1/datasets/" + dataset + "/entries");
                assertThat(listing.status()).as(listing.body()).isEqualTo(200);
                JsonNode items = listing.json().path("items");
                assertThat(items).hasSize(5);
                JsonNode infinite = find(items, "infinite");
                assertThat(infinite.path("properties").has("x")).as("a value that is not a number is left out").isFalse();
                assertThat(find(items, "too many atoms").path("composition").isNull()
                        || find(items, "too many atoms").path("composition").isMissingNode()).isTrue();
                assertThat(anonymous.get("/").status()).isEqualTo(200);
                assertThat(anonymous.get("/datasets/" + dataset).status()).isEqualTo(200);

                var csv = anonymous.get("/api/v1/datasets/" + dataset + "/entries.csv");
                assertThat(csv.status()).as(csv.body()).isEqualTo(200);
                assertThat(csv.body().lines().count()).isEqualTo(6);

                var published = api.post("/api/v1/datasets/" + dataset + "/versions", "{}");
                assertThat(published.status()).as(published.body()).isEqualTo(201);

                List<String> problems = p.db().read(h -> h.createQuery(
                        "SELECT name || ' ' || problem FROM quantity_problems ORDER BY name").mapTo(String.class).list());
                assertThat(problems).hasSize(2).allSatisfy(x -> assertThat(x).contains("out of range"));
        assertThat(problems.get(0)).startsWith("modulus");
        assertThat(problems.get(1)).startsWith("thickness");
                assertThat(p.quantities().reportProblems()).isEqualTo(2);
                assertThat(p.audit().verify(null).intact()).isTrue();
            }
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }

    private static void insert(org.jdbi.v3.core.Handle h, UUID dataset, UUID user, String title, String composition,
                               String properties, String invoice) {
        h.createUpdate("""
                        INSERT INTO entries (id, dataset_id, kind, title, composition, properties, invoice, metadata, data,
                            outcome, created_by, created_at, updated_at)
                        VALUES (:id, :d, 'property_row', :t, CAST(:c AS jsonb), CAST(:p AS jsonb), CAST(:i AS jsonb), '{}', '{}',
                            'succeeded', :u, now(), now())""")
                .bind("id", Ids.newId()).bind("d", dataset).bind("t", title).bind("c", composition).bind("p", properties)
                .bind("i", invoice).bind("u", user).execute();
    }

    private static JsonNode find(JsonNode items, String title) {
        for (JsonNode i : items) {
            if (i.path("title").asString().equals(title)) {
                return i;
            }
        }
        throw new AssertionError("no entry titled " + title);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
