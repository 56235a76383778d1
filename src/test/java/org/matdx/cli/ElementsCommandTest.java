package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;

class ElementsCommandTest {
    static CliRunner.Run run(String... args) {
        return CliRunner.offline(args);
    }

    @Test
    void scoreJsonGivesTheGoldenValues() {
        CliRunner.Run r = run("elements", "score", "Li2O", "--json");
        assertThat(r.code()).isZero();
        JsonNode n = Json.read(r.out());
        assertThat(n.at("/hhi_production/value").asDouble()).isCloseTo(1614.96, within(0.01));
        assertThat(n.at("/hhi_reserve/value").asDouble()).isCloseTo(2218.90, within(0.01));
    }

    @Test
    void scoreTextNamesBandsAndMissingElements() {
        CliRunner.Run r = run("elements", "score", "LiOH");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("cannot be computed: no HHI of production for H");
        CliRunner.Run li2o = run("elements", "score", "Li2O");
        assertThat(li2o.out()).contains("HHI of production            1615  medium");
    }

    @Test
    void showPrintsTheRecordWithSources() {
        CliRunner.Run r = run("elements", "show", "Co");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("HHI of production").contains("3100").contains("[gaultois2013, 2013]")
                .contains("Congo (Kinshasa)").contains("doi:10.1021/cm400893e");
    }

    @Test
    void badInputIsOneErrorLine() {
        CliRunner.Run r = run("elements", "score", "Li2Qq");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: formula 'Li2Qq'").doesNotContain("Exception");
        CliRunner.Run s = run("elements", "show", "Qq");
        assertThat(s.code()).isEqualTo(1);
        assertThat(s.err()).contains("error:").contains("not an element symbol");
    }
}
