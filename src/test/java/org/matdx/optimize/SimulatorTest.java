package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;

class SimulatorTest {
    private final List<Parameter> params = List.of(new Parameter.Continuous("temperature", 1000, 1200, false),
            new Parameter.Continuous("hold_time", 0, 10, false));
    private final ParameterSpace space = new ParameterSpace(params, false);

    @Test
    void aRangePutsThePeakOnTheQuantitysOwnScale() {
        Simulator s = Simulator.parse(Json.read("{\"function\": \"peak\", \"noise\": 0, \"range\": [60, 98]}"), params);
        // the optimum sits at 0.3 / 0.7 of the ranges: 1060 °C, 7 h
        assertThat(s.answer(space, new String[] {"1060", "7"}, new Random(1)).value()).isCloseTo(98, within(1e-9));
        assertThat(s.answer(space, new String[] {"1200", "0"}, new Random(1)).value()).isBetween(60.0, 62.0);
        Simulator plain = Simulator.parse(Json.read("{\"function\": \"peak\", \"noise\": 0}"), params);
        assertThat(plain.answer(space, new String[] {"1060", "7"}, new Random(1)).value()).isCloseTo(100, within(1e-9));
    }

    @Test
    void aRangeMustRunUpwards() {
        assertThatThrownBy(() -> Simulator.parse(Json.read("{\"range\": [98, 60]}"), params))
                .hasMessageContaining("range must be [low, high]");
    }

    @Test
    void aSimulatedFailureSaysWhyInFourDigits() {
        Simulator s = Simulator.parse(Json.read("{\"fail_above\": {\"temperature\": 1150}}"), params);
        var a = s.answer(space, new String[] {"1184.668252421656", "3"}, new Random(1));
        assertThat(a.value()).isNull();
        assertThat(a.failure()).isEqualTo("temperature 1185 is above 1150: the sample did not survive (simulated)");
    }
}
