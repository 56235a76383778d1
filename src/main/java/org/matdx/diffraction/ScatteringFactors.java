package org.matdx.diffraction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.matdx.core.Element;
import org.matdx.core.Elements;

/**
 * X-ray atomic form factors of neutral atoms, from the four-Gaussian fits of electron scattering
 * factors by Doyle &amp; Turner, Acta Cryst. A24, 390 (1968) (table {@code scattering-factors.tsv},
 * H to Cf), turned into X-ray form factors by the Mott–Bethe relation
 * {@code f(s) = Z − 8π²a₀ s² Σ aᵢ exp(−bᵢ s²)} with {@code s = sin θ / λ}. This is the form
 * pymatgen's XRDCalculator uses, which MatDX's golden tests compare against.
 */
public final class ScatteringFactors {
    /** 8π² times the Bohr radius, in Å. */
    static final double MOTT_BETHE = 41.78214;

    private static final double[][] COEFFICIENTS = load();

    private ScatteringFactors() {
    }

    /** Whether the table has the element. */
    public static boolean has(Element e) {
        return e.z() < COEFFICIENTS.length && COEFFICIENTS[e.z()] != null;
    }

    /** The form factor (electrons) at {@code s2 = (sin θ / λ)²} in Å⁻². */
    public static double xray(Element e, double s2) {
        double[] c = COEFFICIENTS[e.z()];
        double sum = 0;
        for (int i = 0; i < 8; i += 2) {
            sum += c[i] * Math.exp(-c[i + 1] * s2);
        }
        return e.z() - MOTT_BETHE * s2 * sum;
    }

    private static double[][] load() {
        double[][] out = new double[Elements.all().size() + 1][];
        try (InputStream in = ScatteringFactors.class.getResourceAsStream("scattering-factors.tsv")) {
            if (in == null) {
                throw new IllegalStateException("scattering-factors.tsv is missing from the build");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split("\t");
                int z = Integer.parseInt(f[0]);
                double[] c = new double[8];
                for (int i = 0; i < 8; i++) {
                    c[i] = Double.parseDouble(f[2 + i]);
                }
                out[z] = c;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
