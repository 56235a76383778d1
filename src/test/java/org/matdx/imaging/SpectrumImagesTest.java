package org.matdx.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;

/** Which plain 3-D arrays become navigable spectrum images, and that each pixel keeps its own spectrum. */
class SpectrumImagesTest {
    static Signal cube(SignalAxis a, SignalAxis b, SignalAxis c) {
        double[] v = new double[a.size() * b.size() * c.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return new Signal("cube", List.of(a, b, c), "float64", v, null, "");
    }

    @Test
    void anEnergyFirstArrayBecomesYXEnergyWithTheMapNavigating() {
        // Berkeley EMD as read: (energy, y, x), nothing navigating
        Signal s = cube(new SignalAxis("Energy loss", 5, 0.5, 100, "eV", false), new SignalAxis("y", 3, 1, 0, "nm", false),
                new SignalAxis("x", 4, 1, 0, "nm", false));
        Signal si = SpectrumImages.navigable(s);
        assertThat(si.kind()).isEqualTo("spectrum image");
        assertThat(si.shape()).containsExactly(3, 4, 5);
        assertThat(si.axes().stream().map(a -> a.name() + ":" + a.navigate()).toList())
                .containsExactly("y:true", "x:true", "Energy loss:false");
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                for (int e = 0; e < 5; e++) {
                    // value i of the original sat at (e, y, x): i = (e·3 + y)·4 + x
                    assertThat(si.values()[(y * 4 + x) * 5 + e]).isEqualTo((e * 3 + y) * 4 + x);
                }
            }
        }
        // in keV and with the energy in the middle too
        Signal mid = cube(new SignalAxis("y", 2, 1, 0, "µm", false), new SignalAxis("E", 6, 0.01, 0, "keV", false),
                new SignalAxis("x", 3, 1, 0, "µm", false));
        assertThat(SpectrumImages.navigable(mid).shape()).containsExactly(2, 3, 6);
        assertThat(SpectrumImages.navigable(mid).values()[(1 * 3 + 2) * 6 + 4]).isEqualTo((1 * 6 + 4) * 3 + 2);
    }

    @Test
    void whatIsNotRecognisablyASpectrumImageIsLeftAlone() {
        SignalAxis e = new SignalAxis("E", 4, 1, 0, "eV", false);
        SignalAxis y = new SignalAxis("y", 2, 1, 0, "nm", false);
        SignalAxis x = new SignalAxis("x", 3, 1, 0, "nm", false);
        List<Signal> alone = List.of(
                cube(new SignalAxis("t", 4, 1, 0, "s", true), y, x), // a stack: its file says what navigates
                cube(e.withNavigate(true), y, x),
                cube(new SignalAxis("z", 4, 1, 0, "nm", false), y, x), // a volume
                cube(new SignalAxis("", 4, 1, 0, "", false), y, x), // uncalibrated
                cube(e, new SignalAxis("ky", 2, 1, 0, "1/nm", false), new SignalAxis("kx", 3, 1, 0, "1/nm", false)),
                cube(e, new SignalAxis("E2", 2, 1, 0, "eV", false), x));
        for (Signal s : alone) {
            assertThat(SpectrumImages.navigable(s)).as(s.axes().toString()).isSameAs(s);
        }
        Signal image = new Signal("img", List.of(y, x), "float64", new double[6], null, "");
        assertThat(SpectrumImages.navigable(image)).isSameAs(image);
    }
}
