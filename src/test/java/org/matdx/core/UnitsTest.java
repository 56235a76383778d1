package org.matdx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest(name = "{0} {1} = {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "1      | eV          | 1000        | meV",
            "1      | eV          | 1.602176634e-19 | J",
            "1      | eV/atom     | 96.48533212 | kJ/mol",
            "1      | Ry          | 13.605693122994 | eV",
            "1      | Ha          | 27.211386245988 | eV",
            "1      | kcal/mol    | 4.184       | kJ/mol",
            "25     | °C          | 298.15      | K",
            "0      | K           | -273.15     | °C",
            "212    | °F          | 100         | °C",
            "1      | Å           | 0.1         | nm",
            "1      | Å           | 100         | pm",
            "1      | bohr        | 0.529177210903 | Å",
            "1      | GPa         | 1000        | MPa",
            "1      | GPa         | 10          | kbar",
            "1      | atm         | 101.325     | kPa",
            "760    | Torr        | 1           | atm",
            "1      | S/cm        | 100         | S/m",
            "1      | mS/cm       | 0.1         | S/m",
            "1      | S cm-1      | 1           | S/cm",
            "1      | mAh/g       | 3.6         | C/g",
            "1      | mAh/g       | 1           | Ah/kg",
            "1      | g/cm^3      | 1000        | kg/m^3",
            "1      | g cm⁻³      | 1           | g/cm3",
            "1      | cm2/(V s)   | 1e-4        | m^2/(V*s)",
            "1      | W/(m K)     | 1           | W m^-1 K^-1",
            "1      | J/mol K     | 1           | J/(mol*K)",
            "1      | J/(mol °C)  | 1           | J/(mol K)",
            "10     | °C/min      | 10          | K/min",
            "1      | µm          | 1000        | nm",
            "1      | um          | 1           | µm",
            "1      | Ω·cm        | 0.01        | Ω m",
            "1      | kOe         | 79.57747154594767 | kA/m",
            "1      | T           | 10000       | G",
            "1      | emu/g       | 1           | A m^2/kg",
            "1      | μB          | 9.2740100783e-24 | J/T",
            "5      | %           | 0.05        | ''",
            "1      | wt%         | 10000       | ppm",
            "1      | h           | 60          | min",
            "1      | mmol        | 1000        | µmol",
            "1      | mM          | 1           | mol/m^3",
            "1      | kWh/kg      | 3.6         | MJ/kg",
            "1      | 1/K         | 1           | K^-1",
            "1      | cm-1        | 100         | m**-1",
            "1      | mL          | 1           | cm^3",
    })
    void convertsBetweenUnitsScientistsUse(double value, String from, double expected, String to) {
        assertThat(Units.convert(value, from, to)).isCloseTo(expected, within(Math.abs(expected) * 1e-9 + 1e-12));
    }

    @Test
    void refusesConversionsBetweenDifferentDimensions() {
        assertThatThrownBy(() -> Units.convert(3, "eV", "K"))
                .isInstanceOf(UnitException.class)
                .hasMessage("cannot convert eV (energy) to K (temperature)");
        assertThatThrownBy(() -> Units.convert(1, "S/cm", "Ω cm"))
                .hasMessageContaining("electrical conductivity").hasMessageContaining("electrical resistivity");
        assertThatThrownBy(() -> Units.convert(1, "mAh/g", "mAh"))
                .hasMessageContaining("specific capacity").hasMessageContaining("electric charge");
    }

    @Test
    void unknownSymbolsAreNamedWithTheirPosition() {
        assertThatThrownBy(() -> Units.parse("eV/atm2x"))
                .isInstanceOf(UnitException.class)
                .hasMessageStartingWith("unit 'eV/atm2x', position 8: unexpected 'x'");
        assertThatThrownBy(() -> Units.parse("furlong"))
                .hasMessageStartingWith("unit 'furlong', position 1: unknown unit symbol 'furlong'");
        assertThatThrownBy(() -> Units.parse("ev"))
                .hasMessageContaining("case-sensitive; did you mean eV");
        assertThatThrownBy(() -> Units.parse("m^1.5")).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> Units.parse("J/(mol K")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> Units.parse("J/")).hasMessageContaining("missing");
    }

    @Test
    void describesDimensionsByName() {
        assertThat(Units.parse("eV").dimension().describe()).isEqualTo("energy");
        assertThat(Units.parse("mAh/g").dimension().describe()).isEqualTo("specific capacity");
        assertThat(Units.parse("S/cm").dimension().describe()).isEqualTo("electrical conductivity");
        assertThat(Units.parse("GPa").dimension().describe()).isEqualTo("pressure");
        assertThat(Units.parse("").dimension().describe()).isEqualTo("dimensionless");
        assertThat(Units.parse("m^5").dimension().describe()).isEqualTo("m^5");
        assertThat(Dimension.parseBaseForm(Units.parse("J/(mol K)").dimension().baseForm()))
                .isEqualTo(Units.parse("J/(mol K)").dimension());
    }

    @Test
    void temperatureOffsetOnlyForATemperatureStandingAlone() {
        assertThat(Units.parse("°C").offset()).isEqualTo(273.15);
        assertThat(Units.parse("(°C)").offset()).isEqualTo(273.15);
        assertThat(Units.parse("°C/min").offset()).isZero();
        assertThat(Units.parse("°C^2").offset()).isZero();
        assertThat(Units.parse("mK").toSi(500)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void quantitiesConvertWithTheirUnit() {
        Quantity q = Units.convert(Quantity.of(3.2, "eV"), "meV");
        assertThat(q.value()).isCloseTo(3200, within(1e-9));
        assertThat(q.unit()).isEqualTo("meV");
        assertThat(Units.toSi(Quantity.of(2, "GPa"))).isEqualTo(2e9);
    }

    @Property
    void conversionRoundTrips(@ForAll @DoubleRange(min = -1e6, max = 1e6) double v) {
        double there = Units.convert(v, "°F", "K");
        assertThat(Units.convert(there, "K", "°F")).isCloseTo(v, within(1e-9 * Math.max(1, Math.abs(v))));
        double mev = Units.convert(v, "eV/atom", "kJ/mol");
        assertThat(Units.convert(mev, "kJ/mol", "eV/atom")).isCloseTo(v, within(1e-9 * Math.max(1, Math.abs(v))));
    }
}
