package org.matdx.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Scope;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** What `matdx up` shows of tiered access: the embargoed lab data, the company's model-use-only data, a citable version. */
class AccessAndVersionsTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withDemo(true)).withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static ApiClient as(String username) {
        var u = tp.platform().users().byUsername(username).orElseThrow();
        return new ApiClient(tp.baseUrl(), tp.platform().accounts().issueToken(Bootstrap.SYSTEM, u, "t", Scope.READ, null).secret());
    }

    static JsonNode find(ApiClient api, String titleStart) {
        for (JsonNode d : api.get("/api/v1/datasets?limit=500").json().get("items")) {
            if (d.get("title").asString().startsWith(titleStart)) {
                return d;
            }
        }
        return null;
    }

    @Test
    void embargoedLabDataShowsMetadataToOthersAndEverythingToTheLab() {
        JsonNode seenByCarol = find(as("carol"), "Lattice parameters of Li-rich");
        assertThat(seenByCarol.get("visibility").asString()).isEqualTo("metadata");
        String id = seenByCarol.get("id").asString();
        JsonNode carolEntries = as("carol").get("/api/v1/datasets/" + id + "/entries").json().get("items");
        assertThat(carolEntries).hasSize(4);
        assertThat(carolEntries.get(0).has("properties")).isFalse();
        assertThat(as("bob").get("/api/v1/datasets/" + id + "/entries").json().get("items").get(0).at("/properties/a/unit").asString())
                .isEqualTo("Å");
    }

    @Test
    void theCompanysModelUseOnlyDataIsSeenByTheCompanyAlone() {
        for (String who : new String[] {"alice", "bob", "carol", "admin"}) {
            assertThat(find(as(who), "Garnet electrolyte")).as(who).isNull();
        }
        assertThat(find(tp.anonymous(), "Garnet electrolyte")).isNull();
        JsonNode mine = find(as("dan"), "Garnet electrolyte");
        assertThat(mine.get("model_use_only").asBoolean()).isTrue();
        assertThat(mine.get("visibility").asString()).isEqualTo("owner");
        // other demo datasets are public and hold garnets too: ask about the company's dataset itself
        assertThat(as("carol").get("/api/v1/search?q=LLZO&facets=dataset&dataset=" + mine.get("id").asString()).json()
                .get("total").asLong()).isZero();
        assertThat(as("dan").get("/api/v1/search?q=LLZO&dataset=" + mine.get("id").asString()).json()
                .get("total").asLong()).isPositive();
    }

    @Test
    void theOpenBandGapsArePublishedAsACitableVersion() {
        JsonNode gaps = find(tp.anonymous(), "Optical band gaps of common oxides");
        String base = "/api/v1/datasets/" + gaps.get("id").asString() + "/versions/1";
        JsonNode v = tp.anonymous().get(base).json();
        assertThat(v.get("pid").asString()).isEqualTo("matdx:ds/" + gaps.get("id").asString() + "/v1");
        assertThat(v.get("doi").asString()).isEqualTo(AccessAndVersions.DEMO_DOI);
        assertThat(v.get("entry_count").asInt()).isEqualTo(27);
        String bib = tp.anonymous().get(base + "/citation?format=bibtex").body();
        assertThat(bib).contains("author = {Tanaka, Alice and Sato, Bob}").contains("doi = {10.5072/matdx-demo.oxide-band-gaps}");
    }
}
