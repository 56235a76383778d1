package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a row of raw values becomes a point of the model's unit cube, mixtures included. */
class ParameterSpaceTest {
    private static final List<Parameter> MIX = List.of(new Parameter.Continuous("red", 0, 1, false),
            new Parameter.Continuous("blue", 0, 1, false), new Parameter.Continuous("green", 0, 1, false),
            new Parameter.Categorical("solvent", List.of("water", "ethanol")));

    @Test
    void aMixtureGivenAsAmountsIsEncodedAsItsProportions() {
        var space = new ParameterSpace(MIX, true);
        double[] amounts = space.encode(new String[] {"2", "1", "1", "ethanol"});
        double[] fractions = space.encode(new String[] {"0.5", "0.25", "0.25", "ethanol"});
        // the same mixture at twice the scale is the same point; the one-hot solvent is untouched
        assertThat(amounts).containsExactly(fractions);
        assertThat(amounts[0] + amounts[1] + amounts[2]).isCloseTo(1, within(1e-15));
        assertThat(space.encode(new String[] {"20", "10", "10", "ethanol"})).containsExactly(fractions);
    }

    @Test
    void fractionsThatAlreadySumToOneAreEncodedAsTheyStand() {
        var space = new ParameterSpace(MIX, true);
        // bit for bit, rounding in the last place included: campaigns whose proposals lie on the simplex
        // keep exactly the points they had
        assertThat(space.encode(new String[] {"0.1", "0.2", "0.7000000000000001", "water"}))
                .containsExactly(0.1, 0.2, 0.7000000000000001, 1, 0);
        assertThat(space.encode(new String[] {"0.2", "0.3", "0.5", "water"})).containsExactly(0.2, 0.3, 0.5, 1, 0);
    }

    @Test
    void withoutTheSimplexAmountsStayAmounts() {
        var space = new ParameterSpace(MIX, false);
        assertThat(space.encode(new String[] {"0.4", "0.2", "0.2", "water"})).containsExactly(0.4, 0.2, 0.2, 1, 0);
    }

    @Test
    void rowsThatAreNotAmountsAreEncodedAsTheyStand() {
        var space = new ParameterSpace(MIX, true);
        assertThat(space.encode(new String[] {"0", "0", "0", "water"})).containsExactly(0, 0, 0, 1, 0);
        assertThat(space.encode(new String[] {"-0.5", "1", "1", "water"})).containsExactly(-0.5, 1, 1, 1, 0);
        assertThat(space.encode(new String[] {"Infinity", "1", "1", "water"})[0]).isInfinite();
    }
}
