package org.matdx.optimade.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * The federated OPTIMADE client against real providers: MatDX instances B and C (each a platform
 * with its own database on the test PostgreSQL, served over HTTP) and a deliberately broken one,
 * searched from instance A.
 */
class FederationTest {
    static TestPlatform a;
    static TestPlatform b;
    static TestPlatform c;
    static BrokenProvider broken;
    static TestPlatform.Person alice;
    static ApiClient admin;
    static String bPrivateId;
    static final String LI = "elements HAS \"Li\"";

    @BeforeAll
    static void start() throws Exception {
        a = TestPlatform.start(cfg -> cfg.withWorkers(0)).withServer();
        b = TestPlatform.start(cfg -> cfg.withWorkers(0)).withServer();
        c = TestPlatform.start(cfg -> cfg.withWorkers(0)).withServer();
        broken = new BrokenProvider(b.baseUrl() + "/optimade", c.baseUrl() + "/optimade");
        alice = a.person("alice");
        var root = a.platform().accounts().createUser(Bootstrap.SYSTEM, "root", "Root", null, null, null, true);
        admin = new ApiClient(a.baseUrl(), a.platform().accounts().issueToken(Bootstrap.SYSTEM, root, "t", Scope.ADMIN, null).secret());

        var bob = b.person("bob");
        String open = dataset(bob.api(), "Lithium oxides", "public");
        add(bob.api(), open, structure("Li2O antifluorite", 4.61, site("Li", .25, .25, .25), site("Li", .75, .75, .75), site("O", 0, 0, 0)));
        add(bob.api(), open, structure("Li2O2 peroxide", 3.14, site("Li", 0, 0, 0), site("Li", .5, .5, .5), site("O", .3, .3, .3), site("O", .7, .7, .7)));
        add(bob.api(), open, structure("LiO2 superoxide", 3.9, site("Li", 0, 0, 0), site("O", .4, .4, .4), site("O", .6, .6, .6)));
        String closed = dataset(bob.api(), "Unpublished lithium nitrides", "private");
        bPrivateId = add(bob.api(), closed, structure("Li3N secret", 3.65, site("Li", 0, 0, 0), site("Li", .5, .5, 0), site("Li", 0, .5, .5), site("N", .5, .5, .5)));
        var carol = c.person("carol");
        String cOpen = dataset(carol.api(), "Halides", "public");
        add(carol.api(), cOpen, structure("LiF rock salt", 4.03, site("Li", 0, 0, 0), site("F", .5, .5, .5)));
        add(carol.api(), cOpen, structure("Cu fcc", 3.6, site("Cu", 0, 0, 0)));

        a.platform().optimadeProviders().replace(RequestContext.local(Bootstrap.SYSTEM), providerList());
    }

    @AfterAll
    static void stop() {
        broken.close();
        for (TestPlatform p : new TestPlatform[] {a, b, c}) {
            p.close();
        }
    }

    static String providerList() {
        Map<String, String> bases = new LinkedHashMap<>();
        bases.put("b", b.baseUrl() + "/optimade");
        bases.put("c", c.baseUrl() + "/optimade/v1/"); // a versioned base URL, as some registry entries give
        for (String kind : List.of("slow", "html", "huge", "badjson", "loop", "pingpong", "refuses", "notoptimade", "index",
                "twinindex")) {
            bases.put(kind, broken.base(kind));
        }
        bases.put("down", "http://127.0.0.1:9/optimade"); // the discard port: nothing listens
        List<String> items = new ArrayList<>();
        bases.forEach((id, url) -> items.add("{\"type\": \"links\", \"id\": \"" + id + "\", \"attributes\": {\"name\": \"Provider "
                + id + "\", \"description\": \"test\", \"base_url\": \"" + url + "\", \"homepage\": null, \"link_type\": \"external\"}}"));
        items.add("{\"type\": \"links\", \"id\": \"nobase\", \"attributes\": {\"name\": \"Registered only\", \"base_url\": null}}");
        return "{\"data\": [" + String.join(",", items) + "]}";
    }

    static String site(String el, double x, double y, double z) {
        return "{\"label\": \"" + el + "\", \"species\": {\"" + el + "\": 1.0}, \"frac\": [" + x + ", " + y + ", " + z + "]}";
    }

    static String structure(String title, double a, String... sites) {
        return "{\"kind\": \"structure\", \"title\": \"" + title + "\", \"formula\": \"" + title.split(" ")[0] + "\", \"data\": {\"structure\": {\"lattice_vectors\": [[" + a
                + ", 0, 0], [0, " + a + ", 0], [0, 0, " + a + "]], \"sites\": [" + String.join(", ", sites) + "]}}}";
    }

    static String dataset(ApiClient as, String title, String access) {
        var r = as.post("/api/v1/datasets", "{\"title\": \"" + title + "\", \"access\": \"" + access + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String add(ApiClient as, String dataset, String entry) {
        var r = as.post("/api/v1/datasets/" + dataset + "/entries", entry);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode search(String filter, String providers, int pageLimit) {
        var r = alice.api().get("/api/v1/optimade/federated?filter=" + enc(filter) + "&providers=" + enc(providers)
                + "&page_limit=" + pageLimit);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode result(JsonNode search, String database) {
        for (JsonNode r : search.get("results")) {
            if (r.get("database").asString().equals(database)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + database + " in " + search);
    }

    static List<String> titles(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("structures").forEach(s -> out.add(s.at("/attributes/chemical_formula_reduced").asString()));
        return out;
    }

    @Test
    void findsEachInstancesStructuresAndReportsEveryBrokenProviderOnItsOwn() {
        JsonNode s = search(LI, "b,c,html,huge,badjson,loop,pingpong,refuses,notoptimade,down,nobase", 10);
        JsonNode rb = result(s, "b");
        assertThat(rb.get("status").asString()).isEqualTo("ok");
        assertThat(titles(rb)).containsExactlyInAnyOrder("Li2O", "LiO", "LiO2");
        assertThat(rb.get("data_returned").asLong()).isEqualTo(3);
        assertThat(rb.get("base_url").asString()).isEqualTo(b.baseUrl() + "/optimade/v1");
        JsonNode rc = result(s, "c");
        assertThat(titles(rc)).containsExactly("FLi");
        assertThat(rc.get("base_url").asString()).isEqualTo(c.baseUrl() + "/optimade/v1");
        assertThat(rc.at("/structures/0/attributes/elements").toString()).isEqualTo("[\"F\",\"Li\"]");
        assertThat(rc.at("/structures/0/attributes/nsites").asInt()).isEqualTo(2);

        assertThat(failure(s, "html")).isEqualTo("not_json");
        assertThat(result(s, "html").at("/failure/detail").asString()).contains("text/html").doesNotContain("Maintenance");
        assertThat(failure(s, "huge")).isEqualTo("too_large");
        assertThat(failure(s, "badjson")).isEqualTo("not_json");
        assertThat(failure(s, "loop")).isEqualTo("redirects");
        assertThat(result(s, "loop").at("/failure/detail").asString()).contains("redirect loop");
        assertThat(failure(s, "pingpong")).isEqualTo("redirects");
        assertThat(failure(s, "refuses")).isEqualTo("query_refused");
        assertThat(result(s, "refuses").at("/failure/http_status").asInt()).isEqualTo(400);
        assertThat(result(s, "refuses").at("/failure/errors/0").asString()).isEqualTo("filter: unknown property 'elements' on this database");
        assertThat(failure(s, "notoptimade")).isEqualTo("invalid_response");
        assertThat(failure(s, "down")).isEqualTo("unreachable");
        assertThat(failure(s, "nobase")).isEqualTo("no_database");
        assertThat(s.get("succeeded").asInt()).isEqualTo(2);
        assertThat(s.get("failed").asInt()).isEqualTo(9);
    }

    static String failure(JsonNode s, String database) {
        JsonNode r = result(s, database);
        assertThat(r.get("status").asString()).as(r.toString()).isEqualTo("failed");
        return r.at("/failure/kind").asString();
    }

    @Test
    void pagesEachProviderWithItsOwnCursor() {
        JsonNode s = search(LI, "b,c", 2);
        JsonNode rb = result(s, "b");
        assertThat(rb.get("structures")).hasSize(2);
        assertThat(rb.get("more_data_available").asBoolean()).isTrue();
        assertThat(rb.get("next").asString()).contains("page_offset=2");
        JsonNode rc = result(s, "c");
        assertThat(rc.get("structures")).hasSize(1);
        assertThat(rc.get("more_data_available").asBoolean()).isFalse();
        assertThat(rc.get("next").isNull()).isTrue();

        var next = alice.api().get(rb.get("next_href").asString());
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        JsonNode page2 = next.json();
        assertThat(page2.get("results")).hasSize(1);
        JsonNode rb2 = result(page2, "b");
        assertThat(rb2.get("structures")).hasSize(1);
        assertThat(rb2.get("more_data_available").asBoolean()).isFalse();
        List<String> all = new ArrayList<>(titles(rb));
        all.addAll(titles(rb2));
        assertThat(all).containsExactlyInAnyOrder("Li2O", "LiO", "LiO2");
    }

    @Test
    void asksAsNobodySoPrivateEntriesOfAProviderNeverComeBack() {
        JsonNode rb = result(search("elements HAS \"N\"", "b", 10), "b");
        assertThat(rb.get("structures")).isEmpty();
        assertThat(rb.get("data_returned").asLong()).isZero();
        // not even to its owner's colleague on another instance: the question carries no credential
        var r = alice.api().post("/api/v1/optimade/federated/import", "{\"dataset\": \"" + dataset(alice.api(), "Copies", "private")
                + "\", \"database\": \"b\", \"id\": \"" + bPrivateId + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(404);
    }

    @Test
    void resolvesAnIndexMetaDatabaseToItsChildDatabasesOpenToAggregation() {
        JsonNode s = search(LI, "index", 10);
        assertThat(s.get("results")).hasSize(1); // the staging child and the file: link are left out
        JsonNode open = result(s, "index/open");
        assertThat(open.get("name").asString()).isEqualTo("Provider index: Open child");
        assertThat(titles(open)).containsExactlyInAnyOrder("Li2O", "LiO", "LiO2");
        // a child named on its own is asked alone
        assertThat(result(search(LI, "index/open", 1), "index/open").get("structures")).hasSize(1);
        assertThat(failure(search(LI, "index/staging", 1), "index/staging")).isEqualTo("no_database");

        // a provider with two databases: both asked, each paged on its own; a cursor needs the database named
        JsonNode twins = search(LI, "twinindex", 2);
        assertThat(titles(result(twins, "twinindex/first"))).hasSize(2);
        assertThat(titles(result(twins, "twinindex/second"))).containsExactly("FLi");
        String cursor = result(twins, "twinindex/first").get("next").asString();
        var mixed = alice.api().get("/api/v1/optimade/federated?providers=twinindex&filter=" + enc(LI) + "&after=" + enc(cursor));
        assertThat(result(mixed.json(), "twinindex").at("/failure/detail").asString()).contains("a cursor pages one database");
        var one = alice.api().get("/api/v1/optimade/federated?providers=twinindex/first&filter=" + enc(LI) + "&after=" + enc(cursor));
        assertThat(titles(result(one.json(), "twinindex/first"))).hasSize(1);
    }

    @Test
    void importsAHitIntoADatasetKeepingWhereItCameFrom() {
        JsonNode hit = result(search("chemical_formula_reduced=\"FLi\"", "c", 10), "c").get("structures").get(0);
        String ds = dataset(alice.api(), "From other databases", "public");
        var r = alice.api().post("/api/v1/optimade/federated/import", "{\"dataset\": \"" + ds + "\", \"database\": \"c\", \"id\": \""
                + hit.get("id").asString() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("structures").asInt()).isEqualTo(1);

        JsonNode mine = a.anonymous().get("/optimade/v1/structures?filter=" + enc("_matdx_source_id=\"" + hit.get("id").asString() + "\"")
                + "&response_fields=chemical_formula_reduced,_matdx_source_provider,_matdx_source_id,_matdx_source_immutable_id,"
                + "_matdx_source_last_modified,_matdx_dataset_id").json().get("data");
        assertThat(mine).hasSize(1);
        JsonNode at = mine.get(0).get("attributes");
        assertThat(at.get("chemical_formula_reduced").asString()).isEqualTo("FLi");
        assertThat(at.get("_matdx_source_provider").asString()).isEqualTo("matdx"); // the prefix C itself gives
        assertThat(at.get("_matdx_source_immutable_id").asString()).isEqualTo(hit.at("/attributes/immutable_id").asString());
        assertThat(at.get("_matdx_source_last_modified").asString()).isEqualTo(hit.at("/attributes/last_modified").asString());
        assertThat(at.get("_matdx_dataset_id").asString()).isEqualTo(ds);
        JsonNode entry = a.anonymous().get("/api/v1/entries/" + mine.get(0).get("id").asString()).json();
        assertThat(entry.at("/data/optimade_provider/base_url").asString()).isEqualTo(c.baseUrl() + "/optimade/v1");
        assertThat(entry.at("/data/structure/sites").size()).isEqualTo(2);

        // only into a dataset the caller may write to
        String notHers = dataset(a.person("dave").api(), "Dave's", "public");
        var refused = alice.api().post("/api/v1/optimade/federated/import", "{\"dataset\": \"" + notHers
                + "\", \"database\": \"c\", \"id\": \"" + hit.get("id").asString() + "\"}");
        assertThat(refused.status()).as(refused.body()).isIn(403, 404);
        var unlisted = alice.api().post("/api/v1/optimade/federated/import", "{\"dataset\": \"" + ds
                + "\", \"database\": \"evil\", \"id\": \"x\"}");
        assertThat(unlisted.status()).isEqualTo(400);
    }

    @Test
    void refusesHostileSearchesBeforeAskingAnyone() {
        String many = String.join(",", java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "p" + i).toList());
        String nested = "(".repeat(40) + "nsites=1" + ")".repeat(40);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("filter=" + enc("nsites=" + "1".repeat(6000)) + "&providers=b", "filter");
        bad.put("filter=" + enc(nested) + "&providers=b", "filter");
        bad.put("filter=" + enc("elements HAS") + "&providers=b", "filter");
        bad.put("filter=" + enc(LI) + "&providers=nosuch", "not in the provider list: nosuch");
        bad.put("filter=" + enc(LI) + "&providers=" + many, "providers");
        bad.put("filter=" + enc(LI) + "&providers=" + enc("b,../../etc"), "providers");
        bad.put("filter=" + enc(LI), "providers");
        bad.put("filter=" + enc(LI) + "&providers=b&page_limit=0", "page_limit");
        bad.put("filter=" + enc(LI) + "&providers=b&page_limit=100000", "page_limit");
        bad.put("filter=" + enc(LI) + "&providers=b&after=" + enc("page_offset=2 #x"), "after");
        bad.put("filter=" + enc(LI) + "&providers=b,c&after=page_offset%3D2", "providers");
        for (var e : bad.entrySet()) {
            var r = alice.api().get("/api/v1/optimade/federated?" + e.getKey());
            assertThat(r.status()).as(e.getKey() + " → " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(e.getKey()).contains(e.getValue());
        }
        assertThat(a.anonymous().get("/api/v1/optimade/federated?providers=b&filter=" + enc(LI)).status()).isEqualTo(401);
    }

    @Test
    void aSlowProviderTimesOutWithoutHoldingBackTheOthers() {
        Federation quick = new Federation(() -> a.platform().optimadeProviders().current().list(),
                FederationLimits.DEFAULTS.withTimeout(Duration.ofMillis(1500)), Clock.systemUTC(), "test", null);
        FederatedSearch s = quick.search(new Federation.Request(LI, "slow,b", "5", null));
        assertThat(s.results()).hasSize(2);
        assertThat(s.results().get(0)).isInstanceOfSatisfying(FederatedSearch.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(Failure.Kind.TIMEOUT));
        assertThat(s.results().get(1)).isInstanceOfSatisfying(FederatedSearch.Answered.class,
                ok -> assertThat(ok.hits()).hasSize(3));
        assertThat(s.allFailed()).isFalse();
        assertThat(quick.search(new Federation.Request(LI, "slow,down", "5", null)).allFailed()).isTrue();
    }

    @Test
    void aSmallerByteCapRefusesWhatWouldFitTheDefault() {
        Federation tight = new Federation(() -> a.platform().optimadeProviders().current().list(),
                FederationLimits.DEFAULTS.withMaxResponseBytes(300), Clock.systemUTC(), "test", null);
        FederatedSearch s = tight.search(new Federation.Request(LI, "c", "5", null));
        // C's info document fits in 300 bytes? no: the refusal names the step it came at
        assertThat(s.results().get(0)).isInstanceOfSatisfying(FederatedSearch.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(Failure.Kind.TOO_LARGE));
    }

    @Test
    void providerListIsReadByAnyoneAndChangedByAdministratorsOnly() {
        JsonNode list = a.anonymous().get("/api/v1/optimade/providers").json();
        assertThat(list.at("/meta/_matdx_shipped").asBoolean()).isFalse();
        assertThat(list.get("data").get(0).get("id").asString()).isEqualTo("b");
        String one = "{\"data\": [{\"type\": \"links\", \"id\": \"x\", \"attributes\": {\"name\": \"X\", \"base_url\": \"%s\"}}]}";
        assertThat(alice.api().put("/api/v1/optimade/providers", one.formatted("https://example.org")).status()).isEqualTo(403);
        assertThat(a.anonymous().put("/api/v1/optimade/providers", one.formatted("https://example.org")).status()).isEqualTo(401);
        for (String bad : List.of("file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://example.org/", "jar:file:/x!/y",
                "https://user:pw@example.org/", "//example.org/x", "javascript:alert(1)")) {
            var r = admin.put("/api/v1/optimade/providers", one.formatted(bad));
            assertThat(r.status()).as(bad + " → " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("data[0].attributes.base_url");
        }
        assertThat(admin.put("/api/v1/optimade/providers", "{\"data\": [{\"type\": \"links\", \"id\": \"a/b\", \"attributes\": "
                + "{\"name\": \"X\"}}]}").status()).isEqualTo(400);
        assertThat(admin.put("/api/v1/optimade/providers", "{\"data\": {}}").status()).isEqualTo(400);
        // a list that did not read changed nothing
        assertThat(a.anonymous().get("/api/v1/optimade/providers").json().get("data").get(0).get("id").asString()).isEqualTo("b");
    }

    @Test
    void shippedListIsTheRegistrysFormatWithWellKnownProviders() {
        ProviderList shipped = ProviderList.defaults();
        assertThat(shipped.providers()).extracting(Provider::id).contains("mp", "oqmd", "cod", "mcloud", "nmd", "alexandria");
        assertThat(shipped.find("mp").orElseThrow().baseUrl()).hasToString("https://providers.optimade.org/index-metadbs/mp");
        assertThat(shipped.providers()).allSatisfy(p -> assertThat(p.baseUrl().getScheme()).isEqualTo("https"));
        // what it writes reads back as the same list
        assertThat(ProviderList.parse(org.matdx.core.Json.write(shipped.document()))).isEqualTo(shipped);
    }

    @Test
    void aProviderOnAPublicAddressIsKeptAwayFromLocalOnes() {
        AddressGuard publicProvider = new AddressGuard(false);
        for (String target : List.of("http://127.0.0.1:8080/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/",
                "http://192.168.1.1/", "http://[::1]/", "http://0.0.0.0/", "http://100.64.0.1/", "http://[fd00::1]/")) {
            assertThat(publicProvider.check(java.net.URI.create(target))).as(target).isNotNull()
                    .extracting(Failure::kind).isEqualTo(Failure.Kind.ADDRESS_REFUSED);
        }
        assertThat(publicProvider.check(java.net.URI.create("http://93.184.215.14/"))).isNull();
        assertThat(AddressGuard.forProvider(java.net.URI.create(b.baseUrl())).mayUseLocalAddresses()).isTrue();
    }

    @Test
    void commandLinePrintsEachProvidersResultsAndFailsOnlyWhenAllFailed() {
        var run = org.matdx.cli.CliRunner.matdx(a, "optimade", "search", LI, "--providers", "b,html", "--limit", "2");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("b (Provider b): 3 found, more available")
                .contains("html (Provider html): FAILED (not_json)")
                .contains("next page: --providers b --after 'filter=")
                .contains("1 of 2 databases answered");
        assertThat(run.out().lines().filter(l -> l.startsWith("  ") && !l.contains("next page"))).hasSize(2);

        var json = org.matdx.cli.CliRunner.matdx(a, "optimade", "search", LI, "--providers", "c", "--json");
        assertThat(json.code()).isZero();
        assertThat(titles(result(org.matdx.core.Json.read(json.out()), "c"))).containsExactly("FLi");

        var failed = org.matdx.cli.CliRunner.matdx(a, "optimade", "search", LI, "--providers", "html,down");
        assertThat(failed.code()).isEqualTo(3);
        var badFilter = org.matdx.cli.CliRunner.matdx(a, "optimade", "search", "elements HAS", "--providers", "b");
        assertThat(badFilter.code()).isEqualTo(1);
        assertThat(badFilter.err()).contains("filter");
    }
}
