package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.testing.TestFiles;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** {@code matdx import optimade}: OPTIMADE JSON Lines in, the same structures out of /optimade. */
class OptimadeImportTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static OptimadeImport importer;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        importer = new OptimadeImport(tp.platform().db(), tp.platform().catalog());
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static Caller aliceCaller() {
        return alice.caller(tp.platform());
    }

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode get(String path) {
        var r = tp.anonymous().get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static String f(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    /** A file MatDX writes itself: a disordered structure with a vacancy, an ordered one, a reference. */
    static final String OWN = """
            {"x-optimade": {"api_version": "1.2.0"}}
            {"type": "info", "id": "/", "attributes": {"api_version": "1.2.0"}}
            {"type": "references", "id": "smith2024", "attributes": {"title": "Spinel cathodes", "doi": "10.1000/xyz", "year": "2024", "authors": [{"name": "A. Smith", "lastname": "Smith"}], "last_modified": "2024-03-01T00:00:00Z"}}
            {"type": "structures", "id": "s-1", "attributes": {"chemical_formula_descriptive": "LiMn2O4 (partly delithiated)", "lattice_vectors": [[8.2, 0, 0], [0, 8.2, 0], [0, 0, 8.2]], "cartesian_site_positions": [[0, 0, 0], [4.1, 4.1, 4.1], [2.05, 2.05, 2.05]], "species_at_sites": ["Li", "Mn", "O"], "species": [{"name": "Li", "chemical_symbols": ["Li", "vacancy"], "concentration": [0.8, 0.2]}, {"name": "Mn", "chemical_symbols": ["Mn"], "concentration": [1.0]}, {"name": "O", "chemical_symbols": ["O"], "concentration": [1.0]}], "_other_note": "kept"}, "relationships": {"references": {"data": [{"type": "references", "id": "smith2024"}]}}}
            {"type": "structures", "id": "s-2", "attributes": {"lattice_vectors": [[0, 2.7, 2.7], [2.7, 0, 2.7], [2.7, 2.7, 0]], "cartesian_site_positions": [[0, 0, 0], [1.35, 1.35, 1.35]], "species_at_sites": ["Si", "Si"], "species": [{"name": "Si", "chemical_symbols": ["Si"], "concentration": [1.0]}]}}
            {"type": "files", "id": "f-1", "attributes": {"url": "https://example.org/x"}}
            """;

    @Test
    void importsStructuresAndReferencesAndServesThemBack() {
        String ds = OptimadeFixtures.dataset(alice.api(), "Imported spinels", "public");
        OptimadeImport.Result r = importer.importInto(RequestContext.local(aliceCaller()), UUID.fromString(ds), text(OWN), "own.jsonl");
        assertThat(r.structures()).isEqualTo(2);
        assertThat(r.references()).isEqualTo(1);
        assertThat(r.skipped()).containsEntry("files", 1);

        JsonNode s1 = get("/optimade/v1/structures?filter=" + f("_matdx_title CONTAINS \"(s-1)\"")).at("/data/0");
        JsonNode a = s1.get("attributes");
        assertThat(a.get("chemical_formula_descriptive").asString()).isEqualTo("LiMn2O4 (partly delithiated)");
        assertThat(a.get("structure_features").toString()).isEqualTo("[\"disorder\"]");
        assertThat(a.get("species").get(0).toString())
                .isEqualTo("{\"name\":\"Li\",\"chemical_symbols\":[\"Li\",\"vacancy\"],\"concentration\":[0.8,0.19999999999999996]}");
        assertThat(a.get("cartesian_site_positions").get(2).get(0).asDouble()).isCloseTo(2.05, within(1e-12));
        assertThat(a.get("chemical_formula_reduced").asString()).isEqualTo("Li4Mn5O5");
        String refId = s1.at("/relationships/references/data/1/id").asString();
        JsonNode ref = get("/optimade/v1/references/" + refId).get("data");
        assertThat(ref.at("/attributes/doi").asString()).isEqualTo("10.1000/xyz");
        assertThat(ref.at("/attributes/last_modified").asString()).startsWith("2024-03-01T00:00");
        assertThat(get("/optimade/v1/references?filter=" + f("authors.lastname HAS \"Smith\"")).get("data")).hasSize(1);
        JsonNode entry = get("/api/v1/entries/" + s1.get("id").asString());
        assertThat(entry.at("/data/optimade/id").asString()).isEqualTo("s-1");
        assertThat(entry.at("/data/optimade/_other_note").asString()).isEqualTo("kept");

        JsonNode si = get("/optimade/v1/structures?filter=" + f("elements HAS ONLY \"Si\"")).at("/data/0/attributes");
        assertThat(si.get("cartesian_site_positions").get(1).toString()).isEqualTo("[1.35,1.35,1.35]");
        assertThat(si.get("lattice_vectors").get(0).toString()).isEqualTo("[0.0,2.7,2.7]");
        assertThat(si.get("chemical_formula_reduced").asString()).isEqualTo("Si");
    }

    /** A file from another database: its provider in the meta line, ids, immutable ids and dates of its own. */
    static final String FOREIGN = """
            {"x-optimade": {"api_version": "1.2.0"}}
            {"meta": {"provider": {"name": "Example provider", "prefix": "_exmpl", "homepage": "https://example.org"}}}
            {"type": "info", "id": "/", "attributes": {"api_version": "1.2.0"}}
            {"type": "structures", "id": "exmpl-17", "attributes": {"immutable_id": "exmpl-17@3", "last_modified": "2023-05-06T07:08:09Z", "lattice_vectors": [[3, 0, 0], [0, 3, 0], [0, 0, 3]], "cartesian_site_positions": [[0, 0, 0]], "species_at_sites": ["Cu"], "species": [{"name": "Cu", "chemical_symbols": ["Cu"], "concentration": [1.0]}]}}
            {"type": "structures", "id": "exmpl-18", "attributes": {"immutable_id": "exmpl-18@1", "last_modified": {"$date": "2025-01-02T00:00:00Z"}, "lattice_vectors": [[4, 0, 0], [0, 4, 0], [0, 0, 4]], "cartesian_site_positions": [[0, 0, 0]], "species_at_sites": ["Ni"], "species": [{"name": "Ni", "chemical_symbols": ["Ni"], "concentration": [1.0]}]}}
            """;

    @Test
    void keepsWhereEachStructureCameFromServedAndFilterable() {
        String ds = OptimadeFixtures.dataset(alice.api(), "Copper and nickel from elsewhere", "public");
        importer.importInto(RequestContext.local(aliceCaller()), UUID.fromString(ds), text(FOREIGN), "foreign.jsonl");
        String fields = "&response_fields=immutable_id,last_modified,_matdx_source_provider,_matdx_source_id,"
                + "_matdx_source_immutable_id,_matdx_source_last_modified";
        JsonNode cu = get("/optimade/v1/structures?filter=" + f("_matdx_source_id = \"exmpl-17\"") + fields).get("data");
        assertThat(cu).hasSize(1);
        JsonNode a = cu.get(0).get("attributes");
        assertThat(a.get("_matdx_source_provider").asString()).isEqualTo("exmpl");
        assertThat(a.get("_matdx_source_id").asString()).isEqualTo("exmpl-17");
        assertThat(a.get("_matdx_source_immutable_id").asString()).isEqualTo("exmpl-17@3");
        assertThat(a.get("_matdx_source_last_modified").asString()).isEqualTo("2023-05-06T07:08:09Z");
        // the standard fields describe the entry in this database: ids unique here, the time it changed here
        assertThat(a.get("immutable_id").asString()).isEqualTo(cu.get(0).get("id").asString());
        assertThat(a.get("last_modified").asString()).isNotEqualTo("2023-05-06T07:08:09Z");
        // every provenance field filters
        assertThat(get("/optimade/v1/structures?filter=" + f("_matdx_source_immutable_id = \"exmpl-18@1\"")).get("data")).hasSize(1);
        assertThat(get("/optimade/v1/structures?filter=" + f("_matdx_source_provider = \"exmpl\"")).get("data")).hasSize(2);
        assertThat(get("/optimade/v1/structures?filter=" + f("_matdx_source_last_modified < \"2024-01-01T00:00:00Z\" AND _matdx_source_provider = \"exmpl\"")
                + fields).at("/data/0/attributes/_matdx_source_id").asString()).isEqualTo("exmpl-17");
        assertThat(get("/optimade/v1/structures?filter=" + f("_matdx_source_last_modified > \"2024-01-01T00:00:00Z\" AND _matdx_source_provider = \"exmpl\"")
                + fields).at("/data/0/attributes/_matdx_source_id").asString()).isEqualTo("exmpl-18");
        assertThat(get("/optimade/v1/structures?sort=-_matdx_source_last_modified&filter=" + f("_matdx_source_provider = \"exmpl\"")
                + fields).at("/data/0/attributes/_matdx_source_id").asString()).isEqualTo("exmpl-18");
        JsonNode info = get("/optimade/v1/info/structures").at("/data/properties");
        assertThat(info.at("/_matdx_source_last_modified/x-optimade-type").asString()).isEqualTo("timestamp");
        assertThat(info.at("/_matdx_source_id/x-optimade-implementation/query-support").asString()).isEqualTo("all mandatory");
    }

    @Test
    void aFileWithProblemsIsRefusedWholeWithEveryLineNamed() {
        String bad = OWN.replace("\"species_at_sites\": [\"Si\", \"Si\"]", "\"species_at_sites\": [\"Si\", \"Ge\"]")
                + "{\"type\": \"structures\", \"id\": \"s-3\", \"attributes\": {\"lattice_vectors\": [[1,0,0],[2,0,0],[3,0,0]], "
                + "\"cartesian_site_positions\": [[0,0,0]], \"species_at_sites\": [\"X\"], \"species\": [{\"name\": \"X\", "
                + "\"chemical_symbols\": [\"X\"], \"concentration\": [1]}]}}\n"
                + "{not json\n";
        String ds = OptimadeFixtures.dataset(alice.api(), "Refused", "public");
        long before = entries();
        long refsBefore = references();
        Problem p = catchThrowableOfType(Problem.class, () -> importer.importInto(RequestContext.local(aliceCaller()), UUID.fromString(ds),
                text(bad), "bad.jsonl"));
        assertThat(p.getMessage()).startsWith("bad.jsonl was not imported: 3 problem(s); the first: bad.jsonl, line 5: "
                + "structure 's-2': species_at_sites[1] is 'Ge', which is not in species");
        assertThat(p.issues()).extracting(Problem.Issue::field).containsExactly("bad.jsonl, line 5", "bad.jsonl, line 7",
                "bad.jsonl, line 8");
        assertThat(p.issues().get(1).message()).contains("unknown element (X)");
        assertThat(p.issues().get(2).message()).startsWith("not valid JSON");
        assertThat(entries()).isEqualTo(before);
        assertThat(references()).isEqualTo(refsBefore);
    }

    static long references() {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM optimade_references").mapTo(Long.class).one());
    }

    static long entries() {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM entries").mapTo(Long.class).one());
    }

    @Test
    void importsTheSpecificationsTestData() throws IOException {
        Path file = TestFiles.shared("optimade/test_data.jsonl");
        Assumptions.assumeTrue(file != null, "../shared/data/optimade/test_data.jsonl is absent: skipping");
        Map<String, JsonNode> original = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode n = Json.read(line);
            if (n.path("type").asString("").equals("structures")) {
                original.put(n.get("id").asString(), n.get("attributes"));
            }
        }
        String ds = OptimadeFixtures.dataset(alice.api(), "optimade-python-tools test data", "public");
        OptimadeImport.Result r;
        try (InputStream in = Files.newInputStream(file)) {
            r = importer.importInto(RequestContext.local(aliceCaller()), UUID.fromString(ds), in, "test_data.jsonl");
        }
        assertThat(r.structures()).isEqualTo(17).isEqualTo(original.size());
        assertThat(r.references()).isEqualTo(4);
        JsonNode served = get("/optimade/v1/structures?page_limit=100&filter=" + f("_matdx_dataset_id = \"" + ds + "\""));
        assertThat(served.at("/meta/data_returned").asInt()).isEqualTo(17);
        for (JsonNode d : served.get("data")) {
            String title = d.at("/attributes/_matdx_title").asString();
            String sourceId = title.substring(title.lastIndexOf('(') + 1, title.length() - 1);
            JsonNode o = original.get(sourceId);
            JsonNode a = d.get("attributes");
            assertThat(a.get("elements")).as(sourceId).isEqualTo(o.get("elements"));
            assertThat(a.get("nelements").asInt()).isEqualTo(o.get("nelements").asInt());
            assertThat(a.get("nsites").asInt()).isEqualTo(o.get("nsites").asInt());
            assertThat(a.get("species_at_sites")).isEqualTo(o.get("species_at_sites"));
            assertThat(a.get("chemical_formula_anonymous").asString()).isEqualTo(o.get("formula_anonymous").asString());
            for (int i = 0; i < o.get("elements_ratios").size(); i++) {
                assertThat(a.get("elements_ratios").get(i).asDouble()).isCloseTo(o.get("elements_ratios").get(i).asDouble(), within(1e-9));
            }
            for (int s = 0; s < o.get("nsites").asInt(); s++) {
                for (int k = 0; k < 3; k++) {
                    assertThat(a.get("cartesian_site_positions").get(s).get(k).asDouble()).as("%s site %d", sourceId, s)
                            .isCloseTo(o.get("cartesian_site_positions").get(s).get(k).asDouble(), within(1e-9));
                }
            }
        }
        JsonNode mpf3 = get("/optimade/v1/structures?filter=" + f("_matdx_title ENDS WITH \"(mpf_3)\"")).at("/data/0");
        assertThat(mpf3.at("/attributes/species/0/name").asString()).isEqualTo("Ac1");
        assertThat(get("/optimade/v1/references?filter=" + f("doi = \"10.1038/335201a0\"")).at("/data/0/attributes/title").asString())
                .isEqualTo("Crystals From First Principles");
        assertThat(mpf3.at("/relationships/references/data")).hasSize(2);
    }
}
