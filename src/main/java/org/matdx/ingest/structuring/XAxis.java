package org.matdx.ingest.structuring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Axis;
import org.matdx.core.InvalidInput;
import org.matdx.core.Json;
import org.matdx.core.Quantities;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a measurement's x axis is and on what ground, written to {@code metadata.x_axis} of every
 * entry with series: {@code declared} (the file or its format says), {@code assumed} (a convention,
 * named in {@code why}: a bare {@code .xy} scan is 2θ), {@code stated} (the uploader said so with
 * {@code x_axis}) or {@code unknown} (nothing says; no diffraction peak search runs on it).
 *
 * <p>An uploader's statement fills in what the file leaves open — an unknown or assumed axis —
 * and must agree with what the file declares: a file that says Q uploaded as 2θ is refused, since
 * storing either would be a guess against a stated fact.
 */
public final class XAxis {
    public static final String DECLARED = "declared";
    public static final String ASSUMED = "assumed";
    public static final String STATED = "stated";
    public static final String UNKNOWN = "unknown";

    /** What an uploader may say the x axis of their files is ({@code x_axis=two_theta_deg}). */
    public enum Stated {
        TWO_THETA_DEG("two_theta_deg", Quantities.TWO_THETA, Quantities.DEG),
        Q_INV_ANGSTROM("q_inv_angstrom", Quantities.Q, "1/Å"),
        D_ANGSTROM("d_angstrom", Quantities.D_SPACING, "Å"),
        ENERGY_EV("energy_ev", "energy", "eV"),
        UNKNOWN("unknown", Quantities.UNKNOWN, "");

        public final String code;
        public final String name;
        public final String unit;

        Stated(String code, String name, String unit) {
            this.code = code;
            this.name = name;
            this.unit = unit;
        }

        /**
         * The statement in a request; null when there is none ({@code null}, blank, {@code auto}).
         *
         * @throws InvalidInput (field {@code x_axis}) naming the values allowed
         */
        public static Stated parse(String text) {
            if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("auto")) {
                return null;
            }
            for (Stated s : values()) {
                if (s.code.equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new InvalidInput("x_axis", "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                    + "' is not an x axis; use one of " + codes() + " (or auto: as the file says)");
        }

        public static List<String> codes() {
            return Arrays.stream(values()).map(s -> s.code).toList();
        }
    }

    private XAxis() {
    }

    /**
     * The records with each one's x-axis ground in {@code metadata.x_axis}, the uploader's statement
     * applied where the file leaves the axis open.
     *
     * @throws FormatException when the statement contradicts an axis the file declares
     */
    public static List<Parsed> apply(List<Parsed> records, Stated stated, String file) throws FormatException {
        List<Parsed> out = new ArrayList<>(records.size());
        for (Parsed p : records) {
            out.add(apply(p, stated, file));
        }
        return out;
    }

    private static Parsed apply(Parsed p, Stated stated, String file) throws FormatException {
        if (p.series().isEmpty()) {
            return p;
        }
        ObjectNode metadata = p.metadata() != null && p.metadata().isObject() ? ((ObjectNode) p.metadata()).deepCopy() : Json.object();
        Series first = Quantities.canonical(p.series().get(0));
        String name = first.x().name();
        String source = metadata.path("x_axis_source").asString("");
        String basis;
        String why;
        if (source.isEmpty()) {
            basis = name.equals(Quantities.UNKNOWN) ? UNKNOWN : DECLARED;
            why = basis.equals(UNKNOWN) ? "the file does not say what its x values are" : "the file format defines its axes";
        } else if (source.equals("not stated")) {
            basis = UNKNOWN;
            why = "the file does not say what its x values are";
        } else if (source.startsWith("assumed")) {
            basis = ASSUMED;
            why = "a bare .xy/.xye file with x between 0 and 180 is a 2θ scan in degrees by the convention of those"
                    + " extensions (GSAS, FullProf, TOPAS); the file itself does not say";
        } else {
            basis = DECLARED;
            why = "the file's " + source;
        }
        List<Series> series = p.series();
        if (stated != null) {
            boolean agrees = name.equals(stated.name) && (stated.unit.isEmpty() || first.x().unit().equals(stated.unit));
            if (basis.equals(DECLARED) && stated != Stated.UNKNOWN && !agrees) {
                throw FormatException.inFile(file, "x_axis=" + stated.code + " was stated at upload, but the file declares its x axis"
                        + " as " + Quantities.displayName(name) + (first.x().unit().isEmpty() ? "" : " in " + first.x().unit())
                        + " (" + why + "); upload it without x_axis, or check which file this is");
            }
            if (!basis.equals(DECLARED)) {
                series = restated(p.series(), stated);
                name = stated.name;
                basis = stated == Stated.UNKNOWN ? UNKNOWN : STATED;
                why = "x_axis=" + stated.code + " stated at upload" + (source.startsWith("assumed") ? " (instead of the .xy convention)" : "");
                metadata.put("scan_axis", stated.name);
            } else if (agrees) {
                why += "; x_axis=" + stated.code + " stated at upload agrees";
            }
        }
        Axis x = series.get(0).x();
        metadata.set("x_axis", Json.object().put("name", x.name()).put("unit", x.unit()).put("basis", basis).put("why", why));
        return new Parsed(p.kind(), p.title(), p.composition(), series, p.structure(), p.properties(), metadata, p.signals());
    }

    /**
     * The series with the stated x. A y the file left unnamed becomes the intensity (and its esd)
     * under a diffraction axis; under "unknown" the intensity the .xy convention assumed is unknown too.
     */
    private static List<Series> restated(List<Series> series, Stated stated) {
        boolean diffraction = Quantities.isDiffractionAxis(stated.name);
        List<Series> out = new ArrayList<>();
        for (Series s : series) {
            Axis x = new Axis(stated.name, stated.unit, s.x().valuesUnsafe());
            List<Axis> ys = new ArrayList<>();
            for (int i = 0; i < s.y().size(); i++) {
                Axis y = s.y().get(i);
                String yName = Quantities.canonicalName(y.name());
                if (diffraction && yName.startsWith(Quantities.UNKNOWN)) {
                    y = new Axis(i == 0 ? Quantities.INTENSITY : Quantities.INTENSITY_ESD, y.unit().isEmpty() ? Quantities.COUNTS : y.unit(),
                            y.valuesUnsafe());
                } else if (stated == Stated.UNKNOWN && (yName.equals(Quantities.INTENSITY) || yName.equals(Quantities.INTENSITY_ESD))) {
                    y = new Axis(i == 0 ? Quantities.UNKNOWN : Quantities.UNKNOWN + "_esd", "", y.valuesUnsafe());
                }
                ys.add(y);
            }
            out.add(new Series(s.name(), x, ys));
        }
        return out;
    }
}
