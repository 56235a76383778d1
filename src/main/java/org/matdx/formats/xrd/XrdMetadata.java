package org.matdx.formats.xrd;

import org.matdx.core.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The metadata object every XRD reader fills, with the same snake_case keys whatever the format:
 * {@code wavelength_angstrom} ({@code k_alpha1}, {@code k_alpha2}, {@code k_beta}, {@code ratio}),
 * {@code anode}, {@code scan_axis}, {@code two_theta_start}/{@code two_theta_end}, {@code step},
 * {@code time_per_step_s}, {@code sample_name}, {@code operator}, {@code measured_at},
 * {@code instrument}, {@code software_version}. Absent or blank values are left out, never guessed.
 */
final class XrdMetadata {
    final ObjectNode node = Json.object();

    XrdMetadata(String format) {
        node.put("format", format);
    }

    XrdMetadata text(String key, String value) {
        if (value != null && !value.isBlank()) {
            node.put(key, value.strip());
        }
        return this;
    }

    XrdMetadata number(String key, Double value) {
        if (value != null && Double.isFinite(value)) {
            node.put(key, value);
        }
        return this;
    }

    XrdMetadata integer(String key, long value) {
        node.put(key, value);
        return this;
    }

    /** Kα1, Kα2, Kβ in ångström and the Kα2/Kα1 intensity ratio; zero or missing values are dropped. */
    XrdMetadata wavelengths(Double kAlpha1, Double kAlpha2, Double kBeta, Double ratio) {
        ObjectNode w = Json.object();
        putPositive(w, "k_alpha1", kAlpha1);
        putPositive(w, "k_alpha2", kAlpha2);
        putPositive(w, "k_beta", kBeta);
        if (ratio != null && Double.isFinite(ratio) && ratio >= 0 && kAlpha2 != null && kAlpha2 > 0) {
            w.put("ratio", ratio);
        }
        if (!w.isEmpty()) {
            node.set("wavelength_angstrom", w);
        }
        return this;
    }

    /** The scan range of the (first) scan on the diffraction axis, whichever way the file gives it. */
    XrdMetadata range(String axisName, double start, double end, Double step) {
        String prefix = axisName.equals(XrdAxes.TWO_THETA) ? "two_theta" : axisName;
        node.put(prefix + "_start", start);
        node.put(prefix + "_end", end);
        number("step", step);
        return this;
    }

    ObjectNode build() {
        return node;
    }

    private static void putPositive(ObjectNode n, String key, Double v) {
        if (v != null && Double.isFinite(v) && v > 0) {
            n.put(key, v);
        }
    }

    /** A number from a header value, or null when blank or not a number (headers often hold "" or "-"). */
    static Double parse(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
