package org.matdx.lca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Problem;

/** What a careless or hostile bill of materials gets: one 400 naming every problem by its path. */
class BomReaderTest {

    static List<Problem.Issue> issues(String json) {
        try {
            BomReader.read(Json.readUntrusted(json, ""));
        } catch (Problem p) {
            assertThat(p.type()).isEqualTo(Problem.Type.BAD_REQUEST);
            return p.issues();
        }
        throw new AssertionError("accepted: " + json);
    }

    static List<String> fields(String json) {
        return issues(json).stream().map(Problem.Issue::field).toList();
    }

    @Test
    void refusesNegativeZeroAndNonNumericMassesNamingEach() {
        var i = issues("""
                {"name": "p", "components": [
                  {"name": "a", "mass_kg": -1, "formula": "Fe"},
                  {"name": "b", "mass_kg": 0, "formula": "Fe"},
                  {"name": "c", "mass_kg": "NaN", "formula": "Fe"},
                  {"name": "d", "mass_kg": 2e6, "formula": "Fe"},
                  {"name": "e", "formula": "Fe"}]}""");
        assertThat(i).extracting(Problem.Issue::field).containsExactly("components[0].mass_kg", "components[1].mass_kg",
                "components[2].mass_kg", "components[3].mass_kg", "components[4].mass_kg");
        assertThat(i.get(0).message()).contains("more than 0");
        assertThat(i.get(2).message()).contains("finite number");
    }

    @Test
    void refusesNonFiniteNumbersBeforeTheyAreParsed() {
        // 1e309 is not a double: the untrusted JSON reader refuses it with its path
        assertThatThrownBy(() -> Json.readUntrusted("{\"name\": \"p\", \"components\": [{\"name\": \"a\", \"mass_kg\": 1e309, \"formula\": \"Fe\"}]}", ""))
                .isInstanceOf(Problem.class).hasMessageContaining("mass_kg");
    }

    @Test
    void refusesTooManyComponentsOnceWithoutReadingThemAll() {
        StringBuilder b = new StringBuilder("{\"name\": \"p\", \"components\": [");
        for (int k = 0; k < 100_000; k++) {
            b.append(k == 0 ? "" : ",").append("{\"name\": \"x\", \"mass_kg\": 1, \"formula\": \"Fe\"}");
        }
        var i = issues(b.append("]}").toString());
        assertThat(i).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("components[" + BomReader.MAX_COMPONENTS + "]");
            assertThat(x.message()).contains("at most " + BomReader.MAX_COMPONENTS + " components");
        });
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String leaf = "{\"name\": \"x\", \"mass_kg\": 1, \"formula\": \"Fe\"}";
        String s = leaf;
        for (int d = 0; d < BomReader.MAX_DEPTH + 1; d++) {
            s = "{\"name\": \"l" + d + "\", \"components\": [" + s + "]}";
        }
        var i = issues("{\"name\": \"p\", \"components\": [" + s + "]}");
        assertThat(i).singleElement().satisfies(x -> assertThat(x.message()).contains("nested more than " + BomReader.MAX_DEPTH));
    }

    @Test
    void refusesAmbiguousOrUnknownComponentsAndMismatchedAssemblyMasses() {
        assertThat(fields("""
                {"name": "p", "components": [
                  {"name": "a", "mass_kg": 1, "formula": "Fe", "components": [{"name": "b", "mass_kg": 1, "formula": "Fe"}]},
                  {"name": "c", "mass_kg": 1},
                  {"name": "d", "mass": 1, "formula": "Fe"},
                  {"name": "e", "mass_kg": 1, "formula": "Xx2"},
                  {"name": "f", "mass_kg": 1, "entry": "not-a-uuid"},
                  {"name": "g", "mass_kg": 1, "formula": "Fe", "recycled_fraction": 1.5},
                  {"name": "h", "mass_kg": 1, "formula": "Fe", "steps": [{"name": "melt", "electricity_kwh": -2}]},
                  {"name": "i", "mass_kg": 1, "formula": "Fe", "steps": [{"name": "melt", "electricity_kwh": 2, "electricity": "mars"}]}
                ]}"""))
                .containsExactly("components[0]", "components[1]", "components[2].mass", "components[2].mass_kg",
                        "components[3].formula", "components[4].entry", "components[5].recycled_fraction",
                        "components[6].steps[0].electricity_kwh", "components[7].steps[0].electricity");
        var i = issues("""
                {"name": "p", "components": [{"name": "a", "mass_kg": 5, "components": [
                  {"name": "b", "mass_kg": 1, "formula": "Fe"}, {"name": "c", "mass_kg": 2, "formula": "Cu"}]}]}""");
        assertThat(i).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("components[0].mass_kg");
            assertThat(x.message()).contains("components add up to 3 kg");
        });
    }

    @Test
    void aDeclaredElectricityMixNeedsItsSourceAndASaneIntensity() {
        assertThat(fields("""
                {"name": "p", "electricity": {"g_co2eq_per_kwh": 99999}, "components": [{"name": "a", "mass_kg": 1, "formula": "Fe"}]}"""))
                .containsExactly("electricity.source", "electricity.g_co2eq_per_kwh");
        Bom ok = BomReader.read(Json.readUntrusted("""
                {"name": "p", "electricity": {"g_co2eq_per_kwh": 25, "source": "supplier PPA 2025", "name": "hydro"},
                 "components": [{"name": "a", "mass_kg": 1, "formula": "Fe"}]}""", ""));
        assertThat(ok.electricity().kgCo2eqPerKwh()).isEqualTo(0.025);
        assertThat(ok.electricity().source()).isEqualTo("supplier PPA 2025");
    }
}
