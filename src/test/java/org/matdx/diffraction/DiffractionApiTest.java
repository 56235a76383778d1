package org.matdx.diffraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.testing.ApiClient;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Diffraction over HTTP: simulated patterns of structure entries, identification of posted, uploaded
 * and stored scans against the structures the caller may read, stored analyses with their search
 * fields, batches as jobs, and what hostile requests get.
 */
class DiffractionApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static TestPlatform.Person carol;
    static String references;
    static String measurements;
    static String bobsMeasurements;
    static String si;
    static String zno;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        carol = tp.person("carol");
        references = dataset(alice, "Reference phases", "public");
        for (String f : List.of("licoo2.cif", "co3o4.cif", "coo.cif", "li2co3.cif", "li2o.cif", "si.cif", "rutile.cif", "anatase.cif",
                "corundum.cif", "nacl.cif")) {
            String id = ingest(alice, references, f, new String(bytes(f), java.nio.charset.StandardCharsets.UTF_8), null);
            if (f.equals("si.cif")) {
                si = id;
            }
        }
        // bob's own reference, private to him
        String bobsReferences = dataset(bob, "Bob's phases", "private");
        zno = ingest(bob, bobsReferences, "zno.cif", new String(bytes("zno.cif"), java.nio.charset.StandardCharsets.UTF_8), null);
        measurements = dataset(alice, "Cathode powders", "public");
        bobsMeasurements = dataset(bob, "Bob's scans", "public");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static byte[] cifBytes(String file) {
        return bytes(file);
    }

    private static byte[] bytes(String file) {
        try (var in = ReferencePhases.open(file)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String dataset(TestPlatform.Person owner, String title, String access) {
        var r = owner.api().post("/api/v1/datasets", Json.object().put("title", title).put("access", access));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String ingest(TestPlatform.Person who, String dataset, String name, String content, String composition) {
        Multipart m = new Multipart().file("file", name, content);
        if (composition != null) {
            m.field("invoice", "{\"basic\": {\"data_name\": \"" + name + "\", \"date\": \"2026-05-01\"}, \"sample\": {\"name\": \"" + name
                    + "\", \"composition\": \"" + composition + "\"}}");
        }
        var r = m.send(who.api(), "/api/v1/datasets/" + dataset + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("entry").asString();
    }

    /** A scan of a mixture of shipped phases (name → weight fraction), as two-column text. */
    static String scan(long seed, Object... phaseAndFraction) {
        List<SyntheticPatterns.Component> mix = new ArrayList<>();
        for (int i = 0; i < phaseAndFraction.length; i += 2) {
            mix.add(SyntheticPatterns.Component.of(Phases.sticks((String) phaseAndFraction[i]), (Double) phaseAndFraction[i + 1]));
        }
        return SyntheticPatterns.xy(SyntheticPatterns.pattern(mix, SyntheticPatterns.Scan.laboratory(), new SplittableRandom(seed)), "sample");
    }

    static ObjectNode patternBody(MeasuredPattern p) {
        ObjectNode body = Json.object();
        ObjectNode pattern = body.putObject("pattern");
        ArrayNode x = pattern.putArray("two_theta");
        ArrayNode y = pattern.putArray("intensity");
        for (double v : p.twoTheta()) {
            x.add(v);
        }
        for (double v : p.intensity()) {
            y.add(v);
        }
        pattern.put("radiation", "CuKa");
        return body;
    }

    @Test
    void aStructureEntryServesItsSimulatedPattern() {
        JsonNode cu = tp.anonymous().get("/api/v1/entries/" + si + "/xrd/pattern").json();
        JsonNode first = cu.get("peaks").get(0);
        assertThat(first.get("two_theta").asDouble()).isCloseTo(28.442, within(0.005));
        assertThat(first.get("relative_intensity").asDouble()).isEqualTo(100.0);
        assertThat(first.get("multiplicity").asInt()).isEqualTo(8);
        assertThat(first.get("hkl").toString()).isEqualTo("[1,1,1]");
        assertThat(cu.get("formula").asString()).isEqualTo("Si");
        JsonNode mo = tp.anonymous().get("/api/v1/entries/" + si + "/xrd/pattern?radiation=MoKa1&two_theta_max=40").json();
        assertThat(mo.get("peaks").get(0).get("two_theta").asDouble()).isCloseTo(12.989, within(0.005));
        JsonNode profile = tp.anonymous().get("/api/v1/entries/" + si + "/xrd/pattern?profile=true&step=0.01").json().get("profile");
        double[] x = values(profile.get("two_theta"));
        double[] y = values(profile.get("intensity"));
        int top = 0;
        for (int i = 0; i < y.length; i++) {
            top = y[i] > y[top] ? i : top;
        }
        assertThat(x[top]).isCloseTo(28.44, within(0.02));
        assertThat(y[top]).isEqualTo(100.0);
        // the Kα2 line of (111) is there, about half as high, 0.07° higher
        int k2 = (int) Math.round((28.515 - x[0]) / 0.01);
        assertThat(y[k2]).isGreaterThan(30).isLessThan(70);
        // a hidden structure is not simulated for others
        assertThat(alice.api().get("/api/v1/entries/" + zno + "/xrd/pattern").status()).isEqualTo(404);
        assertThat(bob.api().get("/api/v1/entries/" + zno + "/xrd/pattern").status()).isEqualTo(200);
    }

    private static double[] values(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    @Test
    void aPostedMixtureIsIdentifiedWithItsWeightFractions() {
        MeasuredPattern p = SyntheticPatterns.pattern(List.of(SyntheticPatterns.Component.of(Phases.sticks("licoo2.cif"), 0.75),
                SyntheticPatterns.Component.of(Phases.sticks("co3o4.cif"), 0.25)), SyntheticPatterns.Scan.laboratory(), new SplittableRandom(3));
        var r = carol.api().post("/api/v1/xrd/identify", patternBody(p));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode id = r.json();
        JsonNode phases = id.get("phases");
        assertThat(phases.size()).isEqualTo(2);
        assertThat(phases.get(0).get("formula").asString()).isEqualTo("LiCoO2");
        assertThat(phases.get(0).get("weight_fraction").asDouble()).isCloseTo(0.75, within(0.04));
        assertThat(phases.get(1).get("formula").asString()).isEqualTo("Co3O4");
        assertThat(phases.get(1).get("weight_fraction").asDouble()).isCloseTo(0.25, within(0.04));
        assertThat(phases.get(0).get("cell").get("c").asDouble()).isCloseTo(14.054, within(0.05));
        assertThat(id.at("/quality/rwp").asDouble()).isLessThan(0.1);
        assertThat(id.at("/quality/gof").asDouble()).isLessThan(2);
        assertThat(id.get("candidates_considered").asInt()).isEqualTo(10); // alice's public ten; bob's private ZnO is not carol's
        assertThat(id.at("/ranking/0/formula").asString()).isEqualTo("LiCoO2");
        JsonNode c = id.get("curves");
        assertThat(c.get("observed").size()).isEqualTo(c.get("two_theta").size()).isEqualTo(c.get("difference").size());
        assertThat(c.get("phases").size()).isEqualTo(2);
        assertThat(id.get("version").asString()).isEqualTo(PhaseIdentifier.VERSION);
    }

    @Test
    void anUploadedScanIsIdentifiedAndNothingIsStored() {
        long entries = count("entries");
        long analyses = count("phase_analyses");
        var r = new Multipart().file("file", "lco.xy", scan(5, "licoo2.cif", 1.0))
                .field("options", "{\"candidates\": {\"elements\": [\"Li\", \"Co\", \"O\"]}, \"curves\": false}")
                .send(carol.api(), "/api/v1/xrd/identify");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/phases/0/formula").asString()).isEqualTo("LiCoO2");
        assertThat(r.json().at("/phases/0/weight_fraction").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(r.json().get("candidates_considered").asInt()).isEqualTo(4); // LiCoO2, Co3O4, CoO, Li2O: Li2CO3 has carbon
        assertThat(r.json().has("curves")).isFalse();
        assertThat(r.json().get("notes").toString()).doesNotContain("2θ assumed"); // the file says "# 2theta counts"
        // issue 21: the same numbers without a header — as .xy, 2θ by the extension's convention, and the result says so;
        // as .dat, nothing says what x is, so there is no pattern to identify phases in
        String bare = scan(5, "licoo2.cif", 1.0).lines().filter(l -> !l.startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        String options = "{\"candidates\": {\"elements\": [\"Li\", \"Co\", \"O\"]}, \"curves\": false}";
        var assumed = new Multipart().file("file", "lco.xy", bare).field("options", options).send(carol.api(), "/api/v1/xrd/identify");
        assertThat(assumed.status()).as(assumed.body()).isEqualTo(200);
        assertThat(assumed.json().get("notes").toString()).contains("2θ assumed");
        var unknown = new Multipart().file("file", "lco.dat", bare).field("options", options).send(carol.api(), "/api/v1/xrd/identify");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.json().get("detail").asString()).contains("lco.dat").contains("no powder pattern");
        assertThat(count("entries")).isEqualTo(entries);
        assertThat(count("phase_analyses")).isEqualTo(analyses);
    }

    static long count(String table) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void aStoredAnalysisIsShownAndSearchableAndTheNextOneReplacesIt() {
        String entry = ingest(alice, measurements, "lco-41.xy", scan(41, "licoo2.cif", 0.92, "co3o4.cif", 0.08), "LiCoO2");
        assertThat(carol.api().post("/api/v1/entries/" + entry + "/phases", "{}").status()).isEqualTo(403);
        assertThat(tp.anonymous().post("/api/v1/entries/" + entry + "/phases", "{}").status()).isEqualTo(401);
        var r = alice.api().post("/api/v1/entries/" + entry + "/phases", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode a = r.json();
        assertThat(a.at("/phases/0/formula").asString()).isEqualTo("LiCoO2");
        assertThat(a.at("/phases/0/weight_fraction").asDouble()).isCloseTo(0.92, within(0.04));
        assertThat(a.at("/phases/1/formula").asString()).isEqualTo("Co3O4");
        assertThat(a.get("notes").toString()).contains("restricted to the sample's elements Co, Li, O");
        JsonNode shown = tp.anonymous().get("/api/v1/entries/" + entry + "/phases").json();
        assertThat(shown.get("id").asString()).isEqualTo(a.get("id").asString());
        assertThat(shown.get("curves").get("calculated").size()).isGreaterThan(1000);
        assertThat(shown.get("method").asString()).contains("Hill-Howard");

        assertThat(found(tp.anonymous(), "phase=LiCoO2")).contains(entry);
        assertThat(found(tp.anonymous(), "property=phase_fraction.LiCoO2%3E0.9")).contains(entry);
        assertThat(found(tp.anonymous(), "property=phase_fraction.LiCoO2%3E95%20%25")).doesNotContain(entry);
        assertThat(found(tp.anonymous(), "property=phase_fraction.Co3O4=0.04..0.12")).contains(entry);
        assertThat(found(tp.anonymous(), "phase=CoO")).doesNotContain(entry);
        assertThat(tp.anonymous().get("/api/v1/search?phase=Xx2").status()).isEqualTo(400);
        assertThat(tp.anonymous().get("/api/v1/search?property=phase_fraction.LiCoO2%3E1%20eV").status()).isEqualTo(400);

        // restricted to LiCoO2 alone, the next analysis finds no Co3O4: the current one says so, and search follows
        var again = alice.api().post("/api/v1/entries/" + entry + "/phases", "{\"candidates\": {\"elements\": [\"Li\", \"Co\", \"O\"], "
                + "\"query\": \"formula=LiCoO2\"}, \"max_phases\": 1}");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("phases").size()).isEqualTo(1);
        assertThat(found(tp.anonymous(), "phase=Co3O4")).doesNotContain(entry);
        assertThat(found(tp.anonymous(), "property=phase_fraction.LiCoO2=1")).contains(entry);
        long stored = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM phase_analyses WHERE entry_id = CAST(:e AS uuid)")
                .bind("e", entry).mapTo(Long.class).one());
        assertThat(stored).isEqualTo(2);
    }

    static List<String> found(ApiClient who, String query) {
        var r = who.get("/api/v1/search?" + query + "&limit=100");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("items").forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    @Test
    void aPrivateReferenceIsACandidateOnlyForThoseWhoSeeIt() {
        String entry = ingest(bob, bobsMeasurements, "zno-7.xy", scan(7, "zno.cif", 1.0), null);
        // alice cannot see bob's ZnO: it is no candidate of hers, and the pattern stays unexplained
        JsonNode hers = alice.api().post("/api/v1/xrd/identify", "{\"entry\": \"" + entry + "\"}").json();
        assertThat(hers.get("phases").toString()).doesNotContain("ZnO").doesNotContain(zno);
        assertThat(hers.get("ranking").toString()).doesNotContain(zno);
        JsonNode his = bob.api().post("/api/v1/xrd/identify", "{\"entry\": \"" + entry + "\"}").json();
        assertThat(his.at("/phases/0/formula").asString()).isEqualTo("ZnO");
        assertThat(his.at("/phases/0/structure").asString()).isEqualTo(zno);
        assertThat(his.get("candidates_considered").asInt()).isEqualTo(hers.get("candidates_considered").asInt() + 1);

        // bob stores it with his entry, which is public: the analysis names his private structure, so only he sees it
        assertThat(bob.api().post("/api/v1/entries/" + entry + "/phases", "{}").status()).isEqualTo(201);
        assertThat(bob.api().get("/api/v1/entries/" + entry + "/phases").status()).isEqualTo(200);
        for (ApiClient other : List.of(alice.api(), carol.api(), tp.anonymous())) {
            var r = other.get("/api/v1/entries/" + entry + "/phases");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("ZnO").doesNotContain(zno);
            assertThat(found(other, "phase=ZnO")).doesNotContain(entry);
            assertThat(found(other, "property=phase_fraction.ZnO%3E0.5")).doesNotContain(entry);
            assertThat(other.get("/api/v1/search?phase=ZnO&facets=elements,dataset&count=exact").json().get("total").asLong()).isZero();
            // the entry itself stays public
            assertThat(other.get("/api/v1/entries/" + entry).status()).isEqualTo(200);
        }
        assertThat(found(bob.api(), "phase=ZnO")).contains(entry);
        // the trail says an analysis was made, not what it found
        assertThat(tp.platform().audit().forObject("entry", entry).toString()).contains("entry.phases.identify").doesNotContain("ZnO");
    }

    @Test
    void aBatchRunsAsAJobAndStoresEachAnalysis() throws Exception {
        String batch = dataset(alice, "Batch of scans", "public");
        String a = ingest(alice, batch, "b1.xy", scan(11, "rutile.cif", 0.6, "anatase.cif", 0.4), "TiO2");
        String b = ingest(alice, batch, "b2.xy", scan(12, "corundum.cif", 1.0), "Al2O3");
        var r = alice.api().post("/api/v1/xrd/batches", "{\"dataset\": \"" + batch + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        var job = tp.platform().jobs().awaitFinished(java.util.UUID.fromString(r.json().get("job").asString()), java.time.Duration.ofMinutes(2));
        assertThat(job.status().code()).as(String.valueOf(job.error())).isEqualTo("succeeded");
        assertThat(job.result().get("identified").asInt()).isEqualTo(2);
        JsonNode first = alice.api().get("/api/v1/entries/" + a + "/phases").json();
        assertThat(first.get("phases").size()).isEqualTo(2);
        assertThat(first.at("/phases/0/name").asString()).contains("rutile");
        assertThat(first.at("/phases/0/weight_fraction").asDouble()).isCloseTo(0.6, within(0.05));
        assertThat(alice.api().get("/api/v1/entries/" + b + "/phases").json().at("/phases/0/formula").asString()).isEqualTo("Al2O3");
        assertThat(carol.api().post("/api/v1/xrd/batches", "{\"dataset\": \"" + batch + "\"}").status()).isEqualTo(403);
    }

    @Test
    void hostileRequestsGetClearProblemsNeverA500() {
        ApiClient c = carol.api();
        String huge = "{\"structure\": {\"lattice_vectors\": [[900,0,0],[0,900,0],[0,0,900]], \"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0,0,0]}]}, \"two_theta_max\": 170}";
        // refused by counting reflections before computing any (the count is the bound, not a clock)
        var r = c.post("/api/v1/xrd/simulate", huge);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("reflections");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": {\"lattice_vectors\": [[0,0,0],[0,0,0],[0,0,0]], \"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0,0,0]}]}}"), "lattice_vectors");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": {\"lattice_vectors\": [[1e308,0,0],[0,1e308,0],[0,0,1e308]], \"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0,0,0]}]}}"), "lattice_vectors");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": {\"lattice_vectors\": [[5,0,0],[0,5,0],[0,0,5]], \"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0,0,0]}]}, \"radiation\": \"100\"}"), "radiation");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": {\"lattice_vectors\": [[5,0,0],[0,5,0],[0,0,5]], \"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0,0,0]}]}, \"radiation\": \"Unobtainium\"}"), "radiation");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": {\"lattice_vectors\": [[5,0,0],[0,5,0],[0,0,5]], \"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0,0,0]}]}, \"two_theta_max\": 200}"), "two_theta");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": {\"lattice_vectors\": [[5,0,0],[0,5,0],[0,0,5]], \"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0,0,0]}]}, \"debye_waller\": \"Si:lots\"}"), "debye_waller");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": {\"lattice_vectors\": [[5,0,0],[0,5,0],[0,0,5]], \"sites\": [{\"species\": {\"Si\": 1}, \"frac\": [0,0,0]}]}, \"profile\": true, \"step\": 0.0001}"), "step");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": {\"lattice_vectors\": [[5,0,0],[0,5,0],[0,0,5]], \"sites\": [{\"species\": {\"Si\": 1.5}, \"frac\": [0,0,0]}]}}"), "sites[0]");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": {\"lattice_vectors\": [[5,0,0],[0,5,0],[0,0,5]], \"sites\": [{\"species\": {\"Og\": 1}, \"frac\": [0,0,0]}]}}"), "sites[0]");
        assertProblem(c.post("/api/v1/xrd/simulate", "{\"structure\": [1, 2]}"), "structure");
        assertProblem(c.post("/api/v1/xrd/simulate", "[]"), null);
        assertProblem(c.get("/api/v1/entries/" + si + "/xrd/pattern?radiation=MoKa&wavelength=3"), "wavelength");
        assertThat(c.get("/api/v1/entries/" + si + "/xrd/pattern?two_theta_max=NaN").status()).isEqualTo(400);

        // patterns: non-numbers, NaN as text, too many points, one angle twice, a flat zero scan
        assertProblem(c.post("/api/v1/xrd/identify", "{\"pattern\": {\"two_theta\": [10, 11, \"x\"], \"intensity\": [1, 2, 3]}}"), "pattern.two_theta");
        StringBuilder many = new StringBuilder("{\"pattern\": {\"two_theta\": [");
        for (int i = 0; i < MeasuredPattern.MAX_POINTS + 1; i++) {
            many.append(i == 0 ? "" : ",").append(1);
        }
        many.append("], \"intensity\": [1]}}");
        assertProblem(c.post("/api/v1/xrd/identify", many.toString()), "pattern.two_theta");
        StringBuilder dup = new StringBuilder("{\"pattern\": {\"two_theta\": [");
        StringBuilder ys = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            dup.append(i == 0 ? "" : ",").append(i == 50 ? 10 + 0.1 * 49 : 10 + 0.1 * i);
            ys.append(i == 0 ? "" : ",").append(100);
        }
        assertProblem(c.post("/api/v1/xrd/identify", dup + "], \"intensity\": [" + ys + "]}}"), "pattern");
        assertProblem(c.post("/api/v1/xrd/identify", "{\"pattern\": {\"two_theta\": [1, 2], \"intensity\": [1, 2]}}"), "pattern");
        assertProblem(c.post("/api/v1/xrd/identify", "{\"entry\": \"" + si + "\", \"max_phases\": 99}"), "max_phases");
        assertProblem(c.post("/api/v1/xrd/identify", "{\"entry\": \"" + si + "\", \"bogus\": 1}"), "bogus");
        assertProblem(c.post("/api/v1/xrd/identify", "{\"entry\": \"" + si + "\", \"candidates\": {\"query\": \"kind=measurement\"}}"), "candidates.query");
        assertProblem(c.post("/api/v1/xrd/identify", "{\"entry\": \"" + si + "\", \"candidates\": {\"limit\": 1e9}}"), "candidates.limit");
        assertProblem(c.post("/api/v1/xrd/identify", "{\"entry\": \"" + si + "\", \"candidates\": {\"query\": \"nelements=lots\"}}"), "candidates.query.nelements");
        // a structure entry is no scan; a hidden entry does not exist
        var notAScan = c.post("/api/v1/xrd/identify", "{\"entry\": \"" + si + "\"}");
        assertThat(notAScan.status()).isEqualTo(422);
        assertThat(notAScan.json().get("detail").asString()).contains("no powder pattern");
        assertThat(c.post("/api/v1/xrd/identify", "{\"entry\": \"" + zno + "\"}").status()).isEqualTo(404);
        // an upload that is not a scan
        var cif = new Multipart().file("file", "si.cif", new String(bytes("si.cif"), java.nio.charset.StandardCharsets.UTF_8))
                .send(c, "/api/v1/xrd/identify");
        assertThat(cif.status()).as(cif.body()).isEqualTo(422);
        assertThat(cif.json().get("detail").asString()).contains("si.cif");
        assertProblem(new Multipart().file("file", "x.xy", "10 1\n10.1 2\n").field("options", "{oops").send(c, "/api/v1/xrd/identify"), "options");
        assertThat(c.post("/api/v1/xrd/batches", "{\"entries\": [\"nope\"]}").status()).isEqualTo(400);
    }

    @Test
    void aBodyWithSeveralWrongFieldsGetsOne400NamingEachOnce() {
        ApiClient c = carol.api();
        // five things wrong at once, one of them inside the candidates
        var r = c.post("/api/v1/xrd/batches", "{\"entries\": [\"" + si + "\", 7], \"max_phases\": 99, "
                + "\"min_fraction\": \"lots\", \"candidates\": {\"limit\": 1e9}, \"bogus\": true}");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode errors = r.json().get("errors");
        assertThat(errors.valueStream().map(e -> e.get("field").asString()))
                .containsExactly("entries[1]", "candidates.limit", "max_phases", "min_fraction", "bogus");
        assertThat(errors.valueStream().map(e -> e.get("pointer").asString()))
                .containsExactly("/entries/1", "/candidates/limit", "/max_phases", "/min_fraction", "/bogus");
        assertThat(r.json().get("detail").asString()).startsWith("5 fields are invalid")
                .contains("max_phases: must be a whole number from 1 to 5, found 99")
                .contains("min_fraction: must be a number from 0 to 0.5, found the text 'lots'");
        // a posted pattern: a NaN sent as text, a wrong type, an unknown radiation and a missing intensity, together
        var p = c.post("/api/v1/xrd/identify", "{\"pattern\": {\"two_theta\": [10, \"NaN\"], \"radiation\": \"Unobtainium\", "
                + "\"elements\": \"Li\"}, \"curves\": \"yes\"}");
        assertThat(p.status()).as(p.body()).isEqualTo(400);
        assertThat(p.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .contains("pattern.two_theta[1]", "pattern.intensity", "pattern.elements", "curves")
                .anySatisfy(f -> assertThat(f).contains("radiation"));
    }

    private static void assertProblem(ApiClient.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(r.body()).contains(field);
        }
    }
}
