package org.matdx.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The physical dimension of a unit as exponents of the SI base quantities: length (m), mass
 * (kg), time (s), electric current (A), temperature (K), amount of substance (mol) and
 * luminous intensity (cd). Two quantities can be compared or converted only when their
 * dimensions are equal.
 */
public record Dimension(int length, int mass, int time, int current, int temperature, int amount, int luminous) {

    public static final Dimension NONE = new Dimension(0, 0, 0, 0, 0, 0, 0);
    public static final Dimension LENGTH = new Dimension(1, 0, 0, 0, 0, 0, 0);
    public static final Dimension MASS = new Dimension(0, 1, 0, 0, 0, 0, 0);
    public static final Dimension TIME = new Dimension(0, 0, 1, 0, 0, 0, 0);
    public static final Dimension CURRENT = new Dimension(0, 0, 0, 1, 0, 0, 0);
    public static final Dimension TEMPERATURE = new Dimension(0, 0, 0, 0, 1, 0, 0);
    public static final Dimension AMOUNT = new Dimension(0, 0, 0, 0, 0, 1, 0);
    public static final Dimension LUMINOUS = new Dimension(0, 0, 0, 0, 0, 0, 1);

    /** Names a materials scientist would use for the dimensions that come up in practice. */
    private static final Map<Dimension, String> NAMES = new LinkedHashMap<>();

    static {
        name("dimensionless", NONE);
        name("length", LENGTH);
        name("mass", MASS);
        name("time", TIME);
        name("electric current", CURRENT);
        name("temperature", TEMPERATURE);
        name("amount of substance", AMOUNT);
        name("luminous intensity", LUMINOUS);
        name("area", of(2, 0, 0, 0, 0, 0));
        name("volume", of(3, 0, 0, 0, 0, 0));
        name("wavenumber", of(-1, 0, 0, 0, 0, 0));
        name("frequency", of(0, 0, -1, 0, 0, 0));
        name("velocity", of(1, 0, -1, 0, 0, 0));
        name("force", of(1, 1, -2, 0, 0, 0));
        name("energy", of(2, 1, -2, 0, 0, 0));
        name("power", of(2, 1, -3, 0, 0, 0));
        name("pressure", of(-1, 1, -2, 0, 0, 0));
        name("electric charge", of(0, 0, 1, 1, 0, 0));
        name("voltage", of(2, 1, -3, -1, 0, 0));
        name("electric resistance", of(2, 1, -3, -2, 0, 0));
        name("electrical conductance", of(-2, -1, 3, 2, 0, 0));
        name("electrical resistivity", of(3, 1, -3, -2, 0, 0));
        name("electrical conductivity", of(-3, -1, 3, 2, 0, 0));
        name("capacitance", of(-2, -1, 4, 2, 0, 0));
        name("current density", of(-2, 0, 0, 1, 0, 0));
        name("magnetic flux density", of(0, 1, -2, -1, 0, 0));
        name("magnetic field strength", of(-1, 0, 0, 1, 0, 0));
        name("magnetic moment", of(2, 0, 0, 1, 0, 0));
        name("magnetization per mass", of(2, -1, 0, 1, 0, 0));
        name("density", of(-3, 1, 0, 0, 0, 0));
        name("specific capacity", of(0, -1, 1, 1, 0, 0));
        name("specific energy", of(2, 0, -2, 0, 0, 0));
        name("specific surface area", of(2, -1, 0, 0, 0, 0));
        name("molar mass", new Dimension(0, 1, 0, 0, 0, -1, 0));
        name("molar energy", new Dimension(2, 1, -2, 0, 0, -1, 0));
        name("concentration", new Dimension(-3, 0, 0, 0, 0, 1, 0));
        name("heat capacity", new Dimension(2, 1, -2, 0, -1, 0, 0));
        name("specific heat capacity", new Dimension(2, 0, -2, 0, -1, 0, 0));
        name("molar heat capacity", new Dimension(2, 1, -2, 0, -1, -1, 0));
        name("thermal conductivity", new Dimension(1, 1, -3, 0, -1, 0, 0));
        name("thermal expansion coefficient", new Dimension(0, 0, 0, 0, -1, 0, 0));
        name("Seebeck coefficient", new Dimension(2, 1, -3, -1, -1, 0, 0));
        name("carrier mobility", of(0, -1, 2, 1, 0, 0));
        name("heating rate", new Dimension(0, 0, -1, 0, 1, 0, 0));
        name("diffusion coefficient", of(2, 0, -1, 0, 0, 0));
        name("dynamic viscosity", of(-1, 1, -1, 0, 0, 0));
        name("carrier concentration", of(-3, 0, 0, 0, 0, 0));
    }

    private static Dimension of(int l, int m, int t, int i, int th, int n) {
        return new Dimension(l, m, t, i, th, n, 0);
    }

    private static void name(String name, Dimension d) {
        NAMES.putIfAbsent(d, name);
    }

    public Dimension times(Dimension o) {
        return new Dimension(length + o.length, mass + o.mass, time + o.time, current + o.current,
                temperature + o.temperature, amount + o.amount, luminous + o.luminous);
    }

    public Dimension pow(int n) {
        return new Dimension(length * n, mass * n, time * n, current * n, temperature * n, amount * n, luminous * n);
    }

    public boolean isDimensionless() {
        return equals(NONE);
    }

    /** "energy", "electrical conductivity", … or, for unusual dimensions, the SI base form such as "m^2 kg^-1". */
    public String describe() {
        String n = NAMES.get(this);
        return n != null ? n : baseForm();
    }

    /** The dimension written in SI base units, e.g. {@code m^2 kg s^-2}; "1" for dimensionless. */
    public String baseForm() {
        StringBuilder sb = new StringBuilder();
        append(sb, "m", length);
        append(sb, "kg", mass);
        append(sb, "s", time);
        append(sb, "A", current);
        append(sb, "K", temperature);
        append(sb, "mol", amount);
        append(sb, "cd", luminous);
        return sb.isEmpty() ? "1" : sb.toString();
    }

    private static void append(StringBuilder sb, String symbol, int exp) {
        if (exp == 0) {
            return;
        }
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(symbol);
        if (exp != 1) {
            sb.append('^').append(exp);
        }
    }

    /** Parses {@link #baseForm()} back; used where dimensions are stored as text. */
    public static Dimension parseBaseForm(String text) {
        int[] e = new int[7];
        if (!text.equals("1")) {
            for (String part : text.split(" ")) {
                int caret = part.indexOf('^');
                String sym = caret < 0 ? part : part.substring(0, caret);
                int exp = caret < 0 ? 1 : Integer.parseInt(part.substring(caret + 1));
                int i = switch (sym) {
                    case "m" -> 0;
                    case "kg" -> 1;
                    case "s" -> 2;
                    case "A" -> 3;
                    case "K" -> 4;
                    case "mol" -> 5;
                    case "cd" -> 6;
                    default -> throw new IllegalArgumentException("not an SI base unit: " + sym);
                };
                e[i] += exp;
            }
        }
        return new Dimension(e[0], e[1], e[2], e[3], e[4], e[5], e[6]);
    }

    @Override
    public String toString() {
        return describe();
    }
}
