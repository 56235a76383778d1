package org.matdx.ingest.readers.xrd;

import java.util.Map;
import org.matdx.core.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rigaku's header keys ({@code *MEAS_SCAN_START "10.0000"}, as in RAS files and in the RAS header a
 * RASX archive carries) turned into MatDX's metadata names. Keys we do not map are kept under
 * {@code rigaku}, so nothing the instrument wrote is lost.
 */
final class RigakuHeader {
    private static final Map<String, String> TEXT = Map.ofEntries(
            Map.entry("FILE_SAMPLE", "sample_name"),
            Map.entry("FILE_OPERATOR", "operator"),
            Map.entry("FILE_COMMENT", "comment"),
            Map.entry("FILE_MEMO", "memo"),
            Map.entry("FILE_SYSTEM_NAME", "instrument"),
            Map.entry("HW_XG_TARGET_NAME", "anode"),
            Map.entry("MEAS_COND_XG_WAVE_TYPE", "wavelength_intended"),
            Map.entry("MEAS_SCAN_AXIS_X", "scan_axis"),
            Map.entry("MEAS_SCAN_MODE", "scan_mode"),
            Map.entry("MEAS_SCAN_SPEED_UNIT", "scan_speed_unit"),
            Map.entry("MEAS_SCAN_START_TIME", "measured_at"),
            Map.entry("MEAS_SCAN_END_TIME", "finished_at"),
            Map.entry("HW_COUNTER_SELECT_NAME", "detector"),
            Map.entry("FILE_VERSION", "file_version"));
    private static final Map<String, String> NUMBER = Map.ofEntries(
            Map.entry("HW_XG_WAVE_LENGTH_ALPHA1", "wavelength_kalpha1_angstrom"),
            Map.entry("HW_XG_WAVE_LENGTH_ALPHA2", "wavelength_kalpha2_angstrom"),
            Map.entry("HW_XG_WAVE_LENGTH_BETA", "wavelength_kbeta_angstrom"),
            Map.entry("MEAS_COND_XG_VOLTAGE", "tube_voltage_kv"),
            Map.entry("MEAS_COND_XG_CURRENT", "tube_current_ma"),
            Map.entry("MEAS_SCAN_START", "x_start"),
            Map.entry("MEAS_SCAN_STOP", "x_end"),
            Map.entry("MEAS_SCAN_STEP", "step"),
            Map.entry("MEAS_SCAN_SPEED", "scan_speed"),
            Map.entry("MEAS_DATA_COUNT", "points_declared"));

    private RigakuHeader() {
    }

    /** Adds the header's values to {@code meta}; keys are given without the leading '*'. */
    static void apply(Map<String, String> header, ObjectNode meta) {
        ObjectNode rest = Json.object();
        header.forEach((key, raw) -> {
            String value = raw == null ? "" : raw.strip();
            if (TEXT.containsKey(key)) {
                if (!value.isEmpty() && !meta.has(TEXT.get(key))) {
                    meta.put(TEXT.get(key), value);
                }
            } else if (NUMBER.containsKey(key)) {
                if (meta.has(NUMBER.get(key))) {
                    return;
                }
                try {
                    if (!value.isEmpty()) {
                        meta.put(NUMBER.get(key), Double.parseDouble(value));
                    }
                } catch (NumberFormatException e) {
                    meta.put(NUMBER.get(key), value);
                }
            } else if (!value.isEmpty()) {
                rest.put(key, value);
            }
        });
        if (!rest.isEmpty()) {
            meta.set("rigaku", rest);
        }
    }

    /** The x axis label for Rigaku's scan-axis names. */
    static String axisLabel(String scanAxis) {
        if (scanAxis == null) {
            return "2θ";
        }
        return switch (scanAxis) {
            case "TwoThetaTheta", "TwoThetaOmega", "TwoTheta", "2-Theta/Theta", "2-Theta/Omega", "2Theta/Theta", "TwoThetaChiPhi" -> "2θ";
            case "Omega", "Theta" -> "ω";
            case "Phi" -> "φ";
            case "Chi" -> "χ";
            default -> scanAxis;
        };
    }
}
