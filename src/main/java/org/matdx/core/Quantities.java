package org.matdx.core;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controlled vocabulary of axis names and units that every reader's series are stored in
 * (docs/formats.md, "Axis vocabulary"), so that search, plots and diffraction treat a 2θ scan from
 * an XRDML file and one from a two-column text alike. Known quantities get one snake_case name
 * ({@code two_theta}, {@code q}, {@code binding_energy}, {@code photon_energy}, …) and one unit
 * spelling ({@code deg}, {@code counts/s}, {@code 1/Å}, …); names outside the vocabulary are kept as
 * the file wrote them, and an axis whose meaning the file does not state is {@link #UNKNOWN}.
 *
 * <p>Stored entries from before the vocabulary ({@code 2θ} in {@code °}) are mapped on read with
 * {@link #canonical(Axis)}, so old and new data answer the same way.
 */
public final class Quantities {
    public static final String TWO_THETA = "two_theta";
    public static final String Q = "q";
    public static final String D_SPACING = "d_spacing";
    public static final String INTENSITY = "intensity";
    public static final String INTENSITY_ESD = "intensity_esd";
    public static final String WAVELENGTH = "wavelength";
    public static final String TEMPERATURE = "temperature";
    public static final String PHOTON_ENERGY = "photon_energy";
    public static final String BINDING_ENERGY = "binding_energy";
    public static final String KINETIC_ENERGY = "kinetic_energy";
    public static final String SAMPLE_HEIGHT = "z";
    /** An axis the file does not say the meaning of; nothing physical is assumed about it. */
    public static final String UNKNOWN = "unknown";

    public static final String DEG = "deg";
    public static final String COUNTS = "counts";
    public static final String COUNTS_PER_SECOND = "counts/s";

    /** A quantity with its unit in the vocabulary; {@code known} is false when the name was kept as written. */
    public record Named(String name, String unit, boolean known) {
    }

    // Keys are labels folded by fold(): lower case, without blanks, '-', '_', '.', '(' ')'.
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("2θ", TWO_THETA), Map.entry("2theta", TWO_THETA), Map.entry("twotheta", TWO_THETA),
            Map.entry("2th", TWO_THETA), Map.entry("tth", TWO_THETA), Map.entry("2thetaangle", TWO_THETA),
            Map.entry("2θangle", TWO_THETA), Map.entry("2thetaomega", TWO_THETA), Map.entry("2θω", TWO_THETA),
            Map.entry("omega", "omega"), Map.entry("ω", "omega"), Map.entry("chi", "chi"), Map.entry("χ", "chi"),
            Map.entry("phi", "phi"), Map.entry("φ", "phi"),
            Map.entry("q", Q), Map.entry("scatteringvector", Q), Map.entry("momentumtransfer", Q),
            Map.entry("d", D_SPACING), Map.entry("dspacing", D_SPACING), Map.entry("dvalue", D_SPACING),
            Map.entry("intensity", INTENSITY), Map.entry("counts", INTENSITY), Map.entry("int", INTENSITY),
            Map.entry("i", INTENSITY), Map.entry("yobs", INTENSITY), Map.entry("iobs", INTENSITY),
            Map.entry("intensityesd", INTENSITY_ESD), Map.entry("esd", INTENSITY_ESD), Map.entry("sigma", INTENSITY_ESD),
            Map.entry("error", INTENSITY_ESD), Map.entry("sigmai", INTENSITY_ESD),
            Map.entry("wavelength", WAVELENGTH), Map.entry("lambda", WAVELENGTH), Map.entry("λ", WAVELENGTH),
            Map.entry("temperature", TEMPERATURE), Map.entry("temp", TEMPERATURE),
            Map.entry("photonenergy", PHOTON_ENERGY), Map.entry("excitationenergy", PHOTON_ENERGY),
            Map.entry("bindingenergy", BINDING_ENERGY), Map.entry("be", BINDING_ENERGY),
            Map.entry("kineticenergy", KINETIC_ENERGY), Map.entry("ke", KINETIC_ENERGY),
            Map.entry("z", SAMPLE_HEIGHT), Map.entry("sampleheight", SAMPLE_HEIGHT));

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("°", DEG), Map.entry("deg", DEG), Map.entry("degree", DEG), Map.entry("degrees", DEG),
            Map.entry("cps", COUNTS_PER_SECOND), Map.entry("counts/s", COUNTS_PER_SECOND), Map.entry("counts/sec", COUNTS_PER_SECOND),
            Map.entry("c/s", COUNTS_PER_SECOND), Map.entry("countspersecond", COUNTS_PER_SECOND),
            Map.entry("counts", COUNTS), Map.entry("cts", COUNTS), Map.entry("count", COUNTS),
            Map.entry("a.u.", "arb. units"), Map.entry("au", "arb. units"), Map.entry("arb.units", "arb. units"),
            Map.entry("arbitraryunits", "arb. units"), Map.entry("arb.u.", "arb. units"),
            Map.entry("nm", "nm"), Map.entry("å", "Å"), Map.entry("angstrom", "Å"),
            Map.entry("angstroms", "Å"),
            Map.entry("1/nm", "1/nm"), Map.entry("nm^-1", "1/nm"), Map.entry("nm-1", "1/nm"), Map.entry("nm⁻¹", "1/nm"),
            Map.entry("1/å", "1/Å"), Map.entry("å^-1", "1/Å"), Map.entry("å-1", "1/Å"), Map.entry("å⁻¹", "1/Å"), Map.entry("angstroms^-1", "1/Å"),
            Map.entry("angstrom^-1", "1/Å"), Map.entry("1/angstrom", "1/Å"),
            Map.entry("ev", "eV"), Map.entry("k", "K"), Map.entry("kelvin", "K"), Map.entry("°c", "°C"),
            Map.entry("mm", "mm"), Map.entry("µm", "µm"), Map.entry("um", "µm"), Map.entry("s", "s"), Map.entry("sec", "s"));

    /** Names a diffraction pattern's x axis can have; a peak search or phase analysis needs one of them. */
    private static final Set<String> DIFFRACTION_AXES = Set.of(TWO_THETA, Q, D_SPACING);

    private Quantities() {
    }

    /**
     * Whether a peak search means something on an axis so named: a scattering axis, or a
     * diffractometer angle (a rocking curve's width is what its peak search is for).
     */
    public static boolean hasBraggPeaks(String name) {
        String n = name == null ? UNKNOWN : canonicalName(name);
        return isDiffractionAxis(n) || n.equals("omega") || n.equals("chi") || n.equals("phi");
    }

    /** Whether an axis so named is the scattering axis of a diffraction pattern (2θ, Q or d), old spellings included. */
    public static boolean isDiffractionAxis(String name) {
        return name != null && DIFFRACTION_AXES.contains(canonicalName(name));
    }

    /** The vocabulary's name for a quantity label, or the label as written when it is not in the vocabulary. */
    public static String canonicalName(String label) {
        if (label == null) {
            return UNKNOWN;
        }
        String known = NAMES.get(fold(label));
        return known != null ? known : label.strip();
    }

    /** The vocabulary's spelling of a unit, or the unit as written when it is not in the vocabulary. */
    public static String canonicalUnit(String unit) {
        if (unit == null) {
            return "";
        }
        String u = unit.strip();
        String known = UNITS.get(u.toLowerCase(Locale.ROOT).replace(" ", ""));
        return known != null ? known : u;
    }

    /** Names and units this product stored before the vocabulary, and what they are now. */
    private static final Map<String, String> LEGACY_NAMES = Map.of("2θ", TWO_THETA, "intensity esd", INTENSITY_ESD,
            "binding energy", BINDING_ENERGY, "kinetic energy", KINETIC_ENERGY);

    /**
     * A stored axis name in the vocabulary: only the spellings earlier versions wrote ({@code 2θ},
     * {@code binding energy} …) change, so what an import or API caller stored stays as it was.
     */
    public static String storedName(String name) {
        return name == null ? null : LEGACY_NAMES.getOrDefault(name, name);
    }

    /** A stored unit in the vocabulary: {@code °} (the two-column reader's, before) is {@code deg}. */
    public static String storedUnit(String unit) {
        return "°".equals(unit) ? DEG : unit;
    }

    private static final Map<String, String> DISPLAY = Map.of(TWO_THETA, "2θ", "omega", "ω", "chi", "χ", "phi", "φ", Q, "Q",
            D_SPACING, "d", INTENSITY_ESD, "σ(intensity)");

    /** How a page or plot names a quantity: {@code two_theta} → 2θ, {@code binding_energy} → binding energy. */
    public static String displayName(String name) {
        if (name == null) {
            return "";
        }
        String shown = DISPLAY.get(name);
        return shown != null ? shown : NAMES.containsValue(name) ? name.replace('_', ' ') : name;
    }

    /** How a page or plot writes a unit: {@code deg} → °. */
    public static String displayUnit(String unit) {
        return DEG.equals(unit) ? "°" : unit == null ? "" : unit;
    }

    /** "2θ / °", "binding energy / eV", "Moment / emu": an axis label for people. */
    public static String label(String name, String unit) {
        String u = displayUnit(unit);
        return u.isEmpty() ? displayName(name) : displayName(name) + " / " + u;
    }

    /** The same axis in the vocabulary (same values), as structuring stores it. */
    public static Axis canonical(Axis a) {
        String name = canonicalName(a.name());
        String unit = canonicalUnit(a.unit());
        return name.equals(a.name()) && unit.equals(a.unit()) ? a : new Axis(name, unit, a.valuesUnsafe());
    }

    public static Series canonical(Series s) {
        return new Series(s.name(), canonical(s.x()), s.y().stream().map(Quantities::canonical).toList());
    }

    private static final Pattern BRACKETED_UNIT = Pattern.compile("^(.*?)\\s*[(\\[]\\s*([^()\\[\\]]*)\\s*[)\\]]\\s*$");
    private static final Pattern SLASH_UNIT = Pattern.compile("^(.*?[^\\s/])\\s*/\\s*([^/]+)$");
    // pyFAI's column titles: 2th_deg, q_nm^-1, q_A^-1, d*2_A^-2, r_mm, chi_deg
    private static final Pattern UNDERSCORE_UNIT = Pattern.compile("^(2th|q|r|chi|d|d\\*2)_(deg|rad|nm\\^-1|a\\^-1|mm|nm|a|a\\^-2|nm\\^-2)$",
            Pattern.CASE_INSENSITIVE);

    /**
     * A column title as a file writes it — {@code Wavelength}, {@code 2Theta (deg)}, {@code Q [1/A]},
     * {@code Temperature/K}, {@code 2th_deg} — with a unit from a separate units row when there is one.
     */
    public static Named fromLabel(String label, String unitRow) {
        String l = label == null ? "" : label.strip();
        String unit = unitRow == null || unitRow.isBlank() ? null : unitRow.strip();
        Matcher m;
        if ((m = UNDERSCORE_UNIT.matcher(l)).matches()) {
            l = m.group(1).equalsIgnoreCase("2th") ? "2theta" : m.group(1);
            unit = unit != null ? unit : m.group(2);
        } else if ((m = BRACKETED_UNIT.matcher(l)).matches() && !m.group(1).isBlank()) {
            l = m.group(1);
            unit = unit != null ? unit : m.group(2);
        } else if ((m = SLASH_UNIT.matcher(l)).matches() && !l.contains(" per ") && UNITS.containsKey(m.group(2).strip().toLowerCase(Locale.ROOT))) {
            l = m.group(1);
            unit = unit != null ? unit : m.group(2);
        }
        String folded = fold(l);
        String name = NAMES.get(folded);
        if (name == null && folded.equals("t") && unit != null && (fold(unit).equals("k") || fold(unit).equals("°c"))) {
            name = TEMPERATURE; // a bare "T" is temperature only when its unit says so
        }
        String u = canonicalUnit(unit);
        if (name != null && (name.equals(Q) || name.equals(D_SPACING)) && unit != null) {
            // beside a scattering vector or a d-spacing, "A" is ångström (elsewhere it may be ampere)
            String a = unit.strip().toLowerCase(Locale.ROOT);
            u = switch (a) {
                case "a" -> "Å";
                case "1/a", "a^-1", "a-1" -> "1/Å";
                default -> u;
            };
        }
        if (name == null) {
            return new Named(l.isEmpty() ? UNKNOWN : l, u, false);
        }
        if (u.isEmpty() && (name.equals(TWO_THETA) || name.equals("omega") || name.equals("chi") || name.equals("phi"))) {
            u = DEG; // angles written without a unit are degrees in every diffraction program we know of
        }
        if (name.equals(INTENSITY) && folded.equals("counts") && u.isEmpty()) {
            u = COUNTS;
        }
        return new Named(name, u, true);
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.()\\[\\]]", "").replace("two-theta", "twotheta");
    }
}
