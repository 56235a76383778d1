package org.matdx.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Scope;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** The demo's models: what {@code matdx up} shows of informatics, to whom. */
class BandGapModelsTest {
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
        return new ApiClient(tp.baseUrl(), tp.platform().accounts().issueToken(org.matdx.platform.Bootstrap.SYSTEM, u, "t",
                Scope.READ, null).secret());
    }

    static Map<String, JsonNode> byName(ApiClient api) {
        Map<String, JsonNode> m = new HashMap<>();
        api.get("/api/v1/models").json().get("items").forEach(n -> m.put(n.get("name").asString(), n));
        return m;
    }

    @Test
    void everyonePredictsWithBothModelsButOnlyTheCompanySeesItsModelsCard() {
        Map<String, JsonNode> anon = byName(tp.anonymous());
        assertThat(anon).containsKeys("Band gap of oxides (demo)", "Band gap of ternary oxides (company, model use only)");
        JsonNode open = anon.get("Band gap of oxides (demo)");
        assertThat(open.get("access").asString()).isEqualTo("full");
        assertThat(open.get("training_rows").asInt()).isEqualTo(27);
        JsonNode company = anon.get("Band gap of ternary oxides (company, model use only)");
        assertThat(company.get("access").asString()).isEqualTo("predict");
        assertThat(company.has("training_rows")).isFalse();
        assertThat(company.has("cross_validation")).isFalse();
        JsonNode own = byName(as("carol")).get("Band gap of ternary oxides (company, model use only)");
        assertThat(own.get("access").asString()).isEqualTo("full");
        assertThat(own.get("training_rows").asInt()).isEqualTo(24);
        assertThat(own.at("/inputs/0/model_use_only").asBoolean()).isTrue();

        var p = tp.anonymous().post("/api/v1/models/" + company.get("id").asString() + "/predict", "{\"formula\": \"SrTiO3\"}");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.json().get("prediction").asDouble()).isBetween(1.0, 8.0);
        assertThat(p.json().has("base_value")).isFalse();
        // the screen registry offers both, as everyone may use them
        assertThat(tp.platform().screens().models().names()).contains("model:" + open.get("id").asString(),
                "model:" + company.get("id").asString());
    }
}
