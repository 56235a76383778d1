package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matdx.core.Element;

/**
 * Colours of atoms in the structure viewer. Each element starts from the colour crystallographers
 * know from Jmol (the CPK tradition: O red, N blue, Ti grey, Ba green; docs/SOURCES.md); elements
 * beyond that table get a golden-angle hue. Conventional colours are not always distinguishable
 * within one structure (the lanthanides are all pale green, Sr and Ca both bright green, and red
 * O against green Ba is one colour to a deuteranope), so {@link #forStructure} keeps an element's
 * conventional colour only when it differs enough from those already given — in normal vision and
 * for protanopes and deuteranopes — and otherwise takes one from the Okabe–Ito palette.
 */
public final class ElementColours {
    /** Jmol's default colours, Z = 1 … 96, as 0xRRGGBB. */
    private static final int[] JMOL = {
            0xFFFFFF, 0xD9FFFF, 0xCC80FF, 0xC2FF00, 0xFFB5B5, 0x909090, 0x3050F8, 0xFF0D0D, 0x90E050, 0xB3E3F5,
            0xAB5CF2, 0x8AFF00, 0xBFA6A6, 0xF0C8A0, 0xFF8000, 0xFFFF30, 0x1FF01F, 0x80D1E3, 0x8F40D4, 0x3DFF00,
            0xE6E6E6, 0xBFC2C7, 0xA6A6AB, 0x8A99C7, 0x9C7AC7, 0xE06633, 0xF090A0, 0x50D050, 0xC88033, 0x7D80B0,
            0xC28F8F, 0x668F8F, 0xBD80E3, 0xFFA100, 0xA62929, 0x5CB8D1, 0x702EB0, 0x00FF00, 0x94FFFF, 0x94E0E0,
            0x73C2C9, 0x54B5B5, 0x3B9E9E, 0x248F8F, 0x0A7D8C, 0x006985, 0xC0C0C0, 0xFFD98F, 0xA67573, 0x668080,
            0x9E63B5, 0xD47A00, 0x940094, 0x429EB0, 0x57178F, 0x00C900, 0x70D4FF, 0xFFFFC7, 0xD9FFC7, 0xC7FFC7,
            0xA3FFC7, 0x8FFFC7, 0x61FFC7, 0x45FFC7, 0x30FFC7, 0x1FFFC7, 0x00FF9C, 0x00E675, 0x00D452, 0x00BF38,
            0x00AB24, 0x4DC2FF, 0x4DA6FF, 0x2194D6, 0x267DAB, 0x266696, 0x175487, 0xD0D0E0, 0xFFD123, 0xB8B8D0,
            0xA6544D, 0x575961, 0x9E4FB5, 0xAB5C00, 0x754F45, 0x428296, 0x420066, 0x007D00, 0x70ABFA, 0x00BAFF,
            0x00A1FF, 0x008FFF, 0x0080FF, 0x006BFF, 0x545CF2, 0x785CE3};

    /** Okabe & Ito's palette (2008), chosen to stay apart for the common colour-vision deficiencies. */
    private static final int[] OKABE_ITO = {0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7,
            0x000000, 0x999999};

    /** Below this CIE76 ΔE two swatches are easily confused at the size of an atom on screen. */
    static final double MIN_DIFFERENCE = 20;

    private ElementColours() {
    }

    /** The conventional colour of an element, as #rrggbb. */
    public static String conventional(Element e) {
        return hex(conventionalRgb(e));
    }

    private static int conventionalRgb(Element e) {
        if (e.z() >= 1 && e.z() <= JMOL.length) {
            return JMOL[e.z() - 1];
        }
        return Integer.parseInt(Colours.hsl(e.z() * 137.508, 0.6, 0.55).substring(1), 16);
    }

    /**
     * One colour per element of a structure, in the order given (put the most common first: it
     * keeps its conventional colour), every pair at least {@link #MIN_DIFFERENCE} apart for normal,
     * protan and deutan vision where the palette allows it.
     */
    public static Map<Element, String> forStructure(List<Element> elements) {
        Map<Element, String> out = new LinkedHashMap<>();
        List<Integer> taken = new ArrayList<>();
        for (Element e : elements) {
            int chosen = conventionalRgb(e);
            if (closest(chosen, taken) < MIN_DIFFERENCE) {
                int best = chosen;
                double bestDistance = closest(chosen, taken);
                for (int candidate : OKABE_ITO) {
                    double d = closest(candidate, taken);
                    if (d > bestDistance) {
                        best = candidate;
                        bestDistance = d;
                    }
                    if (d >= MIN_DIFFERENCE) {
                        break;
                    }
                }
                chosen = best;
            }
            taken.add(chosen);
            out.put(e, hex(chosen));
        }
        return out;
    }

    /** The smallest difference between {@code rgb} and any taken colour, in any of the three visions. */
    static double closest(int rgb, List<Integer> taken) {
        double min = Double.MAX_VALUE;
        for (int t : taken) {
            min = Math.min(min, difference(rgb, t));
        }
        return min;
    }

    /** CIE76 ΔE between two colours, the smallest of normal, protan and deutan vision. */
    static double difference(int a, int b) {
        double min = Double.MAX_VALUE;
        for (double[][] vision : VISIONS) {
            double[] la = lab(simulate(linear(a), vision));
            double[] lb = lab(simulate(linear(b), vision));
            min = Math.min(min, Math.sqrt(sq(la[0] - lb[0]) + sq(la[1] - lb[1]) + sq(la[2] - lb[2])));
        }
        return min;
    }

    // Viénot, Brettel & Mollon (1999), Color Res. Appl. 24, 243: dichromat simulation in linear sRGB.
    private static final double[][] NORMAL = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    private static final double[][] PROTAN = {{0.11238, 0.88762, 0}, {0.11238, 0.88762, 0}, {0.00401, -0.00401, 1}};
    private static final double[][] DEUTAN = {{0.29275, 0.70725, 0}, {0.29275, 0.70725, 0}, {-0.02234, 0.02234, 1}};
    private static final double[][][] VISIONS = {NORMAL, PROTAN, DEUTAN};

    private static double[] linear(int rgb) {
        double[] c = {(rgb >> 16 & 0xFF) / 255.0, (rgb >> 8 & 0xFF) / 255.0, (rgb & 0xFF) / 255.0};
        for (int i = 0; i < 3; i++) {
            c[i] = c[i] <= 0.04045 ? c[i] / 12.92 : Math.pow((c[i] + 0.055) / 1.055, 2.4);
        }
        return c;
    }

    private static double[] simulate(double[] c, double[][] m) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            r[i] = Math.max(0, Math.min(1, m[i][0] * c[0] + m[i][1] * c[1] + m[i][2] * c[2]));
        }
        return r;
    }

    /** Linear sRGB → CIELAB (D65). */
    private static double[] lab(double[] c) {
        double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
        double y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        double z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static double sq(double v) {
        return v * v;
    }

    static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xFFFFFF);
    }

    static int rgb(String hex) {
        return Integer.parseInt(hex.substring(1), 16);
    }
}
