package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.RequestContext;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Filters on relationships (OPTIMADE v1.2, "Filtering on relationships"): a structure's references
 * by id and by their properties, as a join would find them (issue 22, finding 3).
 */
class OptimadeRelationshipsTest {
    static TestPlatform tp;
    static String dataset;
    static String secretDataset;
    static String smithRef;

    static final String FILE = """
            {"x-optimade": {"api_version": "1.2.0"}}
            {"type": "references", "id": "smith2024", "attributes": {"title": "Spinel cathodes", "doi": "10.1000/xyz", "year": "2024", "authors": [{"name": "A. Smith", "lastname": "Smith"}]}}
            {"type": "references", "id": "jones2020", "attributes": {"title": "Silicon", "year": "2020", "authors": [{"name": "B. Jones", "lastname": "Jones"}]}}
            {"type": "structures", "id": "s-1", "attributes": {"_matdx_title": "spinel", "lattice_vectors": [[8.2, 0, 0], [0, 8.2, 0], [0, 0, 8.2]], "cartesian_site_positions": [[0, 0, 0], [4.1, 4.1, 4.1], [2.05, 2.05, 2.05]], "species_at_sites": ["Li", "Mn", "O"], "species": [{"name": "Li", "chemical_symbols": ["Li"], "concentration": [1.0]}, {"name": "Mn", "chemical_symbols": ["Mn"], "concentration": [1.0]}, {"name": "O", "chemical_symbols": ["O"], "concentration": [1.0]}]}, "relationships": {"references": {"data": [{"type": "references", "id": "smith2024"}, {"type": "references", "id": "jones2020"}]}}}
            {"type": "structures", "id": "s-2", "attributes": {"_matdx_title": "silicon", "lattice_vectors": [[0, 2.7, 2.7], [2.7, 0, 2.7], [2.7, 2.7, 0]], "cartesian_site_positions": [[0, 0, 0], [1.35, 1.35, 1.35]], "species_at_sites": ["Si", "Si"], "species": [{"name": "Si", "chemical_symbols": ["Si"], "concentration": [1.0]}]}, "relationships": {"references": {"data": [{"type": "references", "id": "jones2020"}]}}}
            {"type": "structures", "id": "s-3", "attributes": {"_matdx_title": "lonely", "lattice_vectors": [[3, 0, 0], [0, 3, 0], [0, 0, 3]], "cartesian_site_positions": [[0, 0, 0]], "species_at_sites": ["Cu"], "species": [{"name": "Cu", "chemical_symbols": ["Cu"], "concentration": [1.0]}]}}
            """;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        TestPlatform.Person alice = tp.person("alice");
        OptimadeImport importer = new OptimadeImport(tp.platform().db(), tp.platform().catalog());
        dataset = OptimadeFixtures.dataset(alice.api(), "Cathodes", "public");
        importer.importInto(RequestContext.local(alice.caller(tp.platform())), UUID.fromString(dataset),
                new ByteArrayInputStream(FILE.getBytes(StandardCharsets.UTF_8)), "refs.jsonl");
        // the same references in a private dataset: they must never decide what the public sees
        secretDataset = OptimadeFixtures.dataset(alice.api(), "Secret cathodes", "private");
        importer.importInto(RequestContext.local(alice.caller(tp.platform())), UUID.fromString(secretDataset),
                new ByteArrayInputStream(FILE.replace("10.1000/xyz", "10.1000/secret").getBytes(StandardCharsets.UTF_8)),
                "secret.jsonl");
        JsonNode refs = get("/optimade/v1/references?filter=" + f("doi = \"10.1000/xyz\""));
        assertThat(refs.get("data")).hasSize(1);
        smithRef = refs.at("/data/0/id").asString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static JsonNode get(String path) {
        var r = tp.anonymous().get(path);
        assertThat(r.status()).as(path + " → " + r.body()).isEqualTo(200);
        return r.json();
    }

    static String f(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    static List<String> titles(String filter) {
        JsonNode doc = get("/optimade/v1/structures?sort=_matdx_title&filter=" + f(filter));
        List<String> out = new ArrayList<>();
        doc.get("data").forEach(d -> out.add(d.at("/attributes/_matdx_title").asString()));
        return out;
    }

    @Test
    void filtersOnTheIdsOfRelatedReferences() {
        // every structure cites its dataset; s-1 and s-2 also cite imported references
        assertThat(titles("references.id HAS \"" + dataset + "\"")).containsExactly("lonely", "silicon", "spinel");
        assertThat(titles("references.id HAS \"" + smithRef + "\"")).containsExactly("spinel");
        assertThat(titles("references.id HAS ALL \"" + dataset + "\", \"" + smithRef + "\"")).containsExactly("spinel");
        assertThat(titles("references.id HAS ANY \"" + smithRef + "\", \"nothing\"")).containsExactly("spinel");
        assertThat(titles("references.id HAS ONLY \"" + dataset + "\"")).containsExactly("lonely");
        assertThat(titles("references.id LENGTH 3")).containsExactly("spinel");
        assertThat(titles("references.id LENGTH >= 2")).containsExactly("silicon", "spinel");
        assertThat(titles("NOT references.id HAS \"" + smithRef + "\"")).containsExactly("lonely", "silicon");
        assertThat(titles("references.id IS KNOWN")).hasSize(3);
        // the link is shown too: what the filter found is what relationships say
        JsonNode s1 = get("/optimade/v1/structures?filter=" + f("references.id HAS \"" + smithRef + "\""));
        assertThat(s1.at("/data/0/relationships/references/data").toString()).contains(smithRef);
    }

    @Test
    void filtersOnThePropertiesOfRelatedReferences() {
        assertThat(titles("references.target.doi = \"10.1000/xyz\"")).containsExactly("spinel");
        assertThat(titles("references.doi = \"10.1000/xyz\"")).containsExactly("spinel");
        assertThat(titles("references.target.year = \"2020\" AND elements HAS \"Si\"")).containsExactly("silicon");
        assertThat(titles("references.target.authors.lastname HAS \"Smith\"")).containsExactly("spinel");
        assertThat(titles("references.target.title STARTS WITH \"Spinel\"")).containsExactly("spinel");
        assertThat(titles("references.target.doi IS KNOWN")).containsExactly("spinel");
        assertThat(titles("NOT references.target.doi = \"10.1000/xyz\"")).containsExactly("lonely", "silicon");
        assertThat(titles("references.target.year HAS ALL \"2020\", \"2024\"")).containsExactly("spinel");
        // correlated: the same reference has both
        assertThat(titles("references.target.year:references.target.doi HAS \"2024\":\"10.1000/xyz\"")).containsExactly("spinel");
        assertThat(titles("references.target.year:references.target.doi HAS \"2020\":\"10.1000/xyz\"")).isEmpty();
        // the dataset's own reference is a reference too
        assertThat(titles("references.target.title = \"Cathodes\"")).containsExactly("lonely", "silicon", "spinel");
        // references of a private dataset are not visible: nothing public matches their DOI
        assertThat(titles("references.target.doi = \"10.1000/secret\"")).isEmpty();
    }

    @Test
    void relationshipsMatdxDoesNotHoldAnswer501AndBadOnes400() {
        for (String filter : List.of("calculations.id HAS \"c-1\"", "files.id HAS \"x\"", "references.role HAS \"primary\"",
                "references.description HAS \"x\"", "elements:references.id HAS \"Li\":\"x\"")) {
            var r = tp.anonymous().get("/optimade/v1/structures?filter=" + f(filter));
            assertThat(r.status()).as(filter + " → " + r.body()).isEqualTo(501);
            assertThat(r.json().at("/errors/0/detail").asString()).isNotBlank();
        }
        var reverse = tp.anonymous().get("/optimade/v1/references?filter=" + f("structures.id HAS \"x\""));
        assertThat(reverse.status()).as(reverse.body()).isEqualTo(501);
        var unknown = tp.anonymous().get("/optimade/v1/structures?filter=" + f("references.target.colour = \"red\""));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/0/detail").asString()).contains("colour");
    }
}
