package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Problem;

/** Categorical parameters placed by user descriptors instead of one-hot columns. */
class CategoricalDescriptorsTest {
    private static CampaignConfig parse(String solvent) {
        return CampaignConfig.parse(Json.read("""
                {"name": "solvents", "parameters": [
                   {"name": "temperature", "type": "continuous", "low": 20, "high": 80},
                   %s],
                 "objective": {"name": "yield"}, "stop": {"budget": 10}}""".formatted(solvent)));
    }

    @Test
    void optionsArePlacedByTheirScaledDescriptors() {
        CampaignConfig c = parse("""
                {"name": "solvent", "type": "categorical", "options": ["water", "ethanol", "toluene"],
                 "descriptors": {"water": [80.1, 100], "ethanol": [24.5, 78], "toluene": [2.4, 111]}}""");
        // temperature + two descriptors (dielectric constant, boiling point), not three one-hot columns
        assertThat(c.space().dims()).isEqualTo(3);
        double[] water = c.space().encode(new String[] {"50", "water"});
        double[] ethanol = c.space().encode(new String[] {"50", "ethanol"});
        assertThat(water[1]).isEqualTo(1.0);                                   // the highest dielectric constant
        assertThat(ethanol[1]).isCloseTo((24.5 - 2.4) / (80.1 - 2.4), within(1e-12));
        assertThat(ethanol[2]).isEqualTo(0.0);                                 // the lowest boiling point
        assertThat(water[2]).isCloseTo((100 - 78) / 33.0, within(1e-12));
        // without descriptors: one-hot
        assertThat(parse("""
                {"name": "solvent", "type": "categorical", "options": ["water", "ethanol", "toluene"]}""").space().dims()).isEqualTo(4);
    }

    @Test
    void missingOrRaggedDescriptorsAreRejectedByField() {
        assertThatThrownBy(() -> parse("""
                {"name": "solvent", "type": "categorical", "options": ["water", "ethanol"],
                 "descriptors": {"water": [80.1, 100]}}"""))
                .isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).issues().get(0).field()).isEqualTo("parameters[1]"))
                .satisfies(e -> assertThat(((Problem) e).issues().get(0).message()).contains("'ethanol'"));
        assertThatThrownBy(() -> parse("""
                {"name": "solvent", "type": "categorical", "options": ["water", "ethanol"],
                 "descriptors": {"water": [80.1, 100], "ethanol": [24.5]}}"""))
                .isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).issues().get(0).message()).contains("same number"));
    }
}
