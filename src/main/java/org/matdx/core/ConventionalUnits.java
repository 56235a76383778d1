package org.matdx.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The unit MatDX uses for a dimension when nobody names one: a number without a unit in a search
 * ({@code property=band_gap>3} is 3 eV), the order of a property sort, and the unit OPTIMADE serves a
 * property in. The table is fixed — the units materials scientists customarily write — so that how
 * a value is compared or shown never depends on what anybody else has stored (issue 18: one user's
 * {@code zzgap} in K changed how everyone's eV values were served). Dimensions without an entry use
 * coherent SI, written in base units ({@code m^2 kg s^-3 A^-1}).
 *
 * @see Units
 */
public final class ConventionalUnits {

    /**
     * A dimension's conventional unit and its name in identifiers ({@code eV} → {@code ev},
     * {@code S/cm} → {@code s_per_cm}): lower-case letters, digits and single underscores.
     */
    public record Conventional(Units.Unit unit, String slug) {
    }

    private static final Map<Dimension, Conventional> TABLE = new LinkedHashMap<>();
    private static final Map<String, Conventional> BY_SLUG = new LinkedHashMap<>();

    static {
        put("", "");
        put("Å", "angstrom");
        put("g", "g");
        put("s", "s");
        put("A", "a");
        put("K", "k");
        put("mol", "mol");
        put("cd", "cd");
        put("cm^2", "cm2");
        put("cm^3", "cm3");
        put("cm^-1", "per_cm");
        put("Hz", "hz");
        put("m/s", "m_per_s");
        put("N", "n");
        put("eV", "ev");
        put("W", "w");
        put("GPa", "gpa");
        put("C", "c");
        put("V", "v");
        put("Ω", "ohm");
        put("S", "siemens");
        put("Ω cm", "ohm_cm");
        put("S/cm", "s_per_cm");
        put("F", "farad");
        put("A/cm^2", "a_per_cm2");
        put("T", "tesla");
        put("A/m", "a_per_m");
        put("μB", "bohr_magneton");
        put("A m^2/kg", "a_m2_per_kg");
        put("g/cm^3", "g_per_cm3");
        put("mAh/g", "mah_per_g");
        put("Wh/kg", "wh_per_kg");
        put("m^2/g", "m2_per_g");
        put("g/mol", "g_per_mol");
        put("eV/atom", "ev_per_atom");
        put("mol/L", "mol_per_l");
        put("J/K", "j_per_k");
        put("J/(g K)", "j_per_g_k");
        put("J/(mol K)", "j_per_mol_k");
        put("W/(m K)", "w_per_m_k");
        put("1/K", "per_k");
        put("μV/K", "uv_per_k");
        put("cm^2/(V s)", "cm2_per_v_s");
        put("K/min", "k_per_min");
        put("cm^2/s", "cm2_per_s");
        put("Pa s", "pa_s");
        put("cm^-3", "per_cm3");
    }

    private static void put(String unit, String slug) {
        Units.Unit u = Units.parse(unit);
        Conventional c = new Conventional(u, slug);
        if (TABLE.putIfAbsent(u.dimension(), c) != null) {
            throw new IllegalStateException("two conventional units for " + u.dimension().describe());
        }
        BY_SLUG.put(slug, c);
    }

    private ConventionalUnits() {
    }

    /** The conventional unit of {@code d}: from the table, else coherent SI in base units. */
    public static Conventional of(Dimension d) {
        Conventional c = TABLE.get(d);
        if (c != null) {
            return c;
        }
        return new Conventional(new Units.Unit(d.baseForm(), 1, 0, d), siSlug(d));
    }

    /** The conventional unit whose slug this is ({@link #of}'s slugs are names of one unit each), if any. */
    public static Optional<Conventional> bySlug(String slug) {
        Conventional c = BY_SLUG.get(slug);
        if (c != null) {
            return Optional.of(c);
        }
        try {
            Dimension d = fromSiSlug(slug);
            return TABLE.containsKey(d) || d.isDimensionless() ? Optional.empty() : Optional.of(of(d));
        } catch (IllegalArgumentException notOne) {
            return Optional.empty();
        }
    }

    private static final String[] SYMBOLS = {"m", "kg", "s", "a", "k", "mol", "cd"};

    /** {@code m^2 kg s^-3 A^-1} → {@code si_m2_kg_per_s3_a}. */
    private static String siSlug(Dimension d) {
        int[] e = {d.length(), d.mass(), d.time(), d.current(), d.temperature(), d.amount(), d.luminous()};
        StringBuilder num = new StringBuilder();
        StringBuilder den = new StringBuilder();
        for (int i = 0; i < e.length; i++) {
            if (e[i] != 0) {
                StringBuilder to = e[i] > 0 ? num : den;
                to.append(to.isEmpty() ? "" : "_").append(SYMBOLS[i]).append(Math.abs(e[i]) == 1 ? "" : Math.abs(e[i]));
            }
        }
        return "si_" + (num.isEmpty() ? "1" : num) + (den.isEmpty() ? "" : "_per_" + den);
    }

    private static Dimension fromSiSlug(String slug) {
        if (!slug.startsWith("si_")) {
            throw new IllegalArgumentException(slug);
        }
        String[] halves = slug.substring(3).split("_per_", -1);
        if (halves.length > 2) {
            throw new IllegalArgumentException(slug);
        }
        int[] e = new int[7];
        for (int h = 0; h < halves.length; h++) {
            if (h == 0 && halves[0].equals("1")) {
                continue;
            }
            for (String part : halves[h].split("_")) {
                int i = 0;
                while (i < SYMBOLS.length && !(part.startsWith(SYMBOLS[i]) && part.substring(SYMBOLS[i].length()).matches("\\d*")
                        && !(SYMBOLS[i].equals("m") && part.startsWith("mol")))) {
                    i++;
                }
                if (i == SYMBOLS.length) {
                    throw new IllegalArgumentException(slug);
                }
                String digits = part.substring(SYMBOLS[i].length());
                int exp = digits.isEmpty() ? 1 : Integer.parseInt(digits);
                e[i] += h == 0 ? exp : -exp;
            }
        }
        Dimension d = new Dimension(e[0], e[1], e[2], e[3], e[4], e[5], e[6]);
        if (!siSlug(d).equals(slug)) {
            throw new IllegalArgumentException(slug);
        }
        return d;
    }
}
