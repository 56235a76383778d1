package org.matdx.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;

/** The specs of federations and federated campaigns are read by {@code JsonFields}: stored ones still read, every problem said once. */
class SpecReadingTest {
    /** A training spec as {@code FederationSpec.toJson} writes it into {@code federations.spec} today. */
    static final String STORED_TRAINING = """
            {"target":"band_gap","features":"magpie","target_range":[0.0,12.0],"log_target":true,"bins":64,"trees":100,
             "depth":6,"shrinkage":0.15,"lambda":1.0,"min_child_rows":1.0,"epsilon":0.0,"clip":2.0,"features_per_tree":0,
             "hurdle":true}""";
    /** One stored before there was a hurdle, with DP noise. */
    static final String STORED_PRIVATE_TRAINING = """
            {"target":"band_gap","features":"magpie","target_range":[0.0,12.0],"log_target":false,"bins":16,"trees":20,
             "depth":3,"shrinkage":0.3,"lambda":1.0,"min_child_rows":5.0,"epsilon":4.0,"clip":0.5,"features_per_tree":8}""";
    /** A campaign spec as {@code CampaignSpec.toJson} writes it into {@code federated_campaigns.spec} today. */
    static final String STORED_CAMPAIGN = """
            {"objective":"yield","goal":"maximize","objective_range":[0.0,100.0],
             "parameters":[{"name":"t","type":"continuous","low":20.0,"high":80.0,"log":false},
                           {"name":"solvent","type":"categorical","options":["water","ethanol"]}],
             "simplex":false,"features":128,"length_scales":[0.0707,0.1414,0.2828,0.5657,1.1314,2.2627],
             "noises":[0.001,0.01,0.1,0.3],"kernel":"matern52","acquisition":"thompson","kappa":2.0,"per_node":1,
             "initial":0,"seed":2024,"privacy":{"epsilon":8.0,"delta":1.0E-6,"rounds":40}}""";

    @Test
    void specsStoredByTodaysCodeStillRead() {
        FederationSpec t = FederationSpec.parse(Json.read(STORED_TRAINING));
        assertThat(t).isEqualTo(FederationSpec.standard("band_gap", 0, 12));
        assertThat(Json.write(t.toJson())).isEqualTo(Json.write(Json.read(STORED_TRAINING)));
        FederationSpec p = FederationSpec.parse(Json.read(STORED_PRIVATE_TRAINING));
        assertThat(p).isEqualTo(FederationSpec.withPrivacy("band_gap", 0, 12, 4));
        CampaignSpec c = CampaignSpec.parse(Json.read(STORED_CAMPAIGN));
        assertThat(Json.write(c.toJson())).isEqualTo(Json.write(Json.read(STORED_CAMPAIGN)));
        assertThat(c.privacy()).isEqualTo(CampaignSpec.Privacy.of(8));
        assertThat(c.dimensions()).isEqualTo(3);
        // the smallest campaign spec a person writes: the standard settings for its space
        JsonNode small = Json.read("""
                {"objective":"yield","goal":"maximize","objective_range":[0,100],
                 "parameters":[{"name":"t","type":"continuous","low":20,"high":80}],"seed":9007199254740993}""");
        CampaignSpec s = CampaignSpec.parse(small);
        assertThat(s.seed()).isEqualTo(9007199254740993L);
        assertThat(s.lengthScales()).isEqualTo(CampaignSpec.standard("yield", true, 0, 100, small.get("parameters"), false)
                .lengthScales());
    }

    @Test
    void everyProblemOfASpecIsSaidOnceWithItsPointer() {
        var training = Json.read(STORED_TRAINING.replace("\"bins\":64", "\"bins\":\"64\"")
                .replace("\"trees\":100", "\"trees\":1e999").replace("\"clip\":2.0", "\"clip\":null,\"dataset\":\"x\""));
        assertThatThrownBy(() -> FederationSpec.parse(training)).isInstanceOfSatisfying(Problem.class, e -> {
            assertThat(e.issues()).extracting(Problem.Issue::pointer).containsExactly("/bins", "/trees", "/dataset");
            assertThat(e.issues().get(0).message()).contains("found the text '64'");
        });
        // a rule across fields is said with the problems of the fields
        var hurdle = Json.read(STORED_TRAINING.replace("[0.0,12.0]", "[1.0,12.0]").replace("\"depth\":6", "\"depth\":7"));
        assertThatThrownBy(() -> FederationSpec.parse(hurdle)).isInstanceOfSatisfying(Problem.class, e ->
                assertThat(e.issues()).extracting(Problem.Issue::field).containsExactly("depth", "hurdle"));
        var campaign = Json.read(STORED_CAMPAIGN.replace("\"maximize\"", "\"up\"").replace("\"kernel\":\"matern52\"", "\"kernel\":7")
                .replace("\"rounds\":40", "\"rounds\":0").replace("[0.001,0.01,0.1,0.3]", "[0.001,-1]"));
        assertThatThrownBy(() -> CampaignSpec.parse(campaign)).isInstanceOfSatisfying(Problem.class, e -> {
            assertThat(e.issues()).extracting(Problem.Issue::pointer)
                    .containsExactly("/goal", "/noises/1", "/kernel", "/privacy/rounds");
            assertThat(e.issues()).extracting(Problem.Issue::field).contains("privacy.rounds");
        });
    }
}
