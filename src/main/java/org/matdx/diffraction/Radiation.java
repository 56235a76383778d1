package org.matdx.diffraction;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;

/**
 * The X-rays a pattern is measured or simulated with: a Kα1 wavelength, and for a laboratory tube
 * without a primary monochromator the Kα2 line with its intensity relative to Kα1 (½ by the
 * 2p3/2 : 2p1/2 occupancy). Wavelengths of the anodes are those of Hölzer et al., Phys. Rev. A 56,
 * 4554 (1997) for Cr, Fe, Co, Cu and of Deslattes et al., Rev. Mod. Phys. 75, 35 (2003) for Mo and Ag
 * (docs/SOURCES.md).
 *
 * @param name     what the user chose ("CuKa", "MoKa1", "1.2398 Å")
 * @param kAlpha1  the (main) wavelength in Å
 * @param kAlpha2  the second line in Å, or NaN for one wavelength
 * @param ratio    intensity of Kα2 relative to Kα1 (0 for one wavelength)
 */
public record Radiation(String name, double kAlpha1, double kAlpha2, double ratio) {
    /** Wavelengths outside this range (Å) are not powder diffraction with X-rays in any instrument MatDX reads. */
    public static final double MIN_WAVELENGTH = 0.05;
    public static final double MAX_WAVELENGTH = 5.0;

    private static final Map<String, double[]> ANODES = new LinkedHashMap<>();

    static {
        ANODES.put("Cu", new double[] {1.540598, 1.544426});
        ANODES.put("Mo", new double[] {0.709317, 0.713607});
        ANODES.put("Co", new double[] {1.788996, 1.792835});
        ANODES.put("Cr", new double[] {2.289726, 2.293651});
        ANODES.put("Fe", new double[] {1.936041, 1.939973});
        ANODES.put("Ag", new double[] {0.559407, 0.563798});
    }

    public static final Radiation CU_KA = anode("Cu");

    public Radiation {
        if (!(kAlpha1 >= MIN_WAVELENGTH && kAlpha1 <= MAX_WAVELENGTH)) {
            throw Problem.invalid("radiation", "the wavelength must be between " + MIN_WAVELENGTH + " and " + MAX_WAVELENGTH
                    + " Å; found " + kAlpha1);
        }
        if (!Double.isNaN(kAlpha2) && !(kAlpha2 >= MIN_WAVELENGTH && kAlpha2 <= MAX_WAVELENGTH && Math.abs(kAlpha2 / kAlpha1 - 1) < 0.05)) {
            throw Problem.invalid("radiation", "Kα2 must be a wavelength within 5 % of Kα1; found " + kAlpha2);
        }
        if (!(ratio >= 0 && ratio <= 1) || Double.isNaN(kAlpha2) && ratio != 0) {
            throw Problem.invalid("radiation", "the Kα2/Kα1 ratio must be between 0 and 1 (and 0 without Kα2); found " + ratio);
        }
    }

    /** Kα1 and Kα2 of an anode, ratio ½. */
    public static Radiation anode(String element) {
        double[] w = ANODES.get(element);
        if (w == null) {
            throw Problem.invalid("radiation", "no tabulated Kα lines for '" + element + "'; choose " + String.join(", ", ANODES.keySet())
                    + " or give a wavelength in Å");
        }
        return new Radiation(element + "Ka", w[0], w[1], 0.5);
    }

    /** One wavelength (a monochromated tube, a synchrotron): no Kα2. */
    public static Radiation monochromatic(double wavelength) {
        return new Radiation(String.format(Locale.ROOT, "%.6g Å", wavelength), wavelength, Double.NaN, 0);
    }

    /**
     * {@code Cu}, {@code CuKa} (Kα1 + Kα2), {@code CuKa1} (Kα1 only), likewise for Mo, Co, Cr, Fe, Ag,
     * or a wavelength in Å ({@code 0.7293}); null or blank is Cu Kα.
     */
    public static Radiation parse(String text) {
        if (text == null || text.isBlank()) {
            return CU_KA;
        }
        String t = text.strip().replace("α", "a").replace(" ", "");
        try {
            return monochromatic(Double.parseDouble(t.replaceAll("(?i)(Å|A|angstrom)$", "")));
        } catch (NumberFormatException e) {
            // a name, below
        }
        String lower = t.toLowerCase(Locale.ROOT);
        for (String el : ANODES.keySet()) {
            String e = el.toLowerCase(Locale.ROOT);
            if (lower.equals(e) || lower.equals(e + "ka") || lower.equals(e + "ka12")) {
                return anode(el);
            }
            if (lower.equals(e + "ka1")) {
                double[] w = ANODES.get(el);
                return new Radiation(el + "Ka1", w[0], Double.NaN, 0);
            }
        }
        throw Problem.invalid("radiation", "'" + text + "' is not a radiation; write CuKa, CuKa1, MoKa, CoKa, CrKa, FeKa, AgKa "
                + "or a wavelength in Å such as 0.7293");
    }

    public boolean doublet() {
        return !Double.isNaN(kAlpha2) && ratio > 0;
    }

    /** Where a reflection at {@code twoTheta} (degrees, for Kα1) appears for Kα2, or NaN beyond 180°. */
    public double kAlpha2Position(double twoTheta) {
        double s = kAlpha2 / kAlpha1 * Math.sin(Math.toRadians(twoTheta / 2));
        return s >= 1 ? Double.NaN : 2 * Math.toDegrees(Math.asin(s));
    }

    /**
     * The radiation of a measured pattern from its XRD metadata ({@code wavelength_angstrom},
     * {@code anode}), Cu Kα when it says nothing. A Kα1 wavelength alone that is an anode's Kα1 is
     * taken as that anode's doublet: many exports name only Kα1 although the tube's Kα2 is in the
     * data; fitting refines the Kα2 share (to zero where a monochromator removed it).
     */
    public static Radiation fromMetadata(JsonNode metadata) {
        JsonNode w = metadata == null ? null : metadata.get("wavelength_angstrom");
        if (w == null || !w.path("k_alpha1").isNumber()) {
            String anode = metadata == null ? null : metadata.path("anode").asString(null);
            return anode != null && ANODES.containsKey(anode) ? anode(anode) : CU_KA;
        }
        double k1 = w.get("k_alpha1").asDouble();
        if (w.path("k_alpha2").isNumber()) {
            double k2 = w.get("k_alpha2").asDouble();
            double ratio = w.path("ratio").isNumber() ? w.get("ratio").asDouble() : 0.5;
            return new Radiation(String.format(Locale.ROOT, "Kα1 %.6g Å + Kα2 %.6g Å", k1, k2), k1, k2, ratio);
        }
        for (var e : ANODES.entrySet()) {
            if (Math.abs(e.getValue()[0] - k1) < 2e-4) {
                return new Radiation(e.getKey() + "Ka", k1, e.getValue()[1], 0.5);
            }
        }
        return monochromatic(k1);
    }

    /** The same lines with another Kα2 share (a refined one). */
    public Radiation withRatio(double r) {
        return new Radiation(name, kAlpha1, kAlpha2, Double.isNaN(kAlpha2) ? 0 : r);
    }
}
