package org.matdx.formats.em;

import java.util.LinkedHashMap;
import java.util.Map;
import org.matdx.core.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The acquisition settings every electron-microscope reader maps its vendor tags to, in HyperSpy's
 * units so the values compare with it: beam energy in keV, dwell and exposure time in s, working
 * distance in mm, camera length as the vendor states it (mm), beam current in nA.
 */
record Acquisition(String instrument, String microscopeKind, String mode, Double beamEnergy, Double magnification,
                   Double cameraLength, Double workingDistance, Double dwellTime, Double exposure, Double beamCurrent,
                   String detector, String operator, String specimen, String date) {

    static final Acquisition NONE = new Acquisition(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    Acquisition withInstrument(String s) {
        return new Acquisition(blankToNull(s), microscopeKind, mode, beamEnergy, magnification, cameraLength, workingDistance,
                dwellTime, exposure, beamCurrent, detector, operator, specimen, date);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() || s.equals("[]") ? null : s.strip();
    }

    /** The settings as entry metadata ({@code acquisition}), absent ones left out. */
    ObjectNode json() {
        ObjectNode o = Json.object();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instrument", instrument);
        m.put("microscope", microscopeKind);
        m.put("mode", mode);
        m.put("beam_energy_keV", beamEnergy);
        m.put("magnification", magnification);
        m.put("camera_length_mm", cameraLength);
        m.put("working_distance_mm", workingDistance);
        m.put("dwell_time_s", dwellTime);
        m.put("exposure_s", exposure);
        m.put("beam_current_nA", beamCurrent);
        m.put("detector", detector);
        m.put("operator", operator);
        m.put("specimen", specimen);
        m.put("date", date);
        m.forEach((k, v) -> {
            if (v instanceof Double d && Double.isFinite(d)) {
                o.put(k, d);
            } else if (v instanceof String s && !s.isBlank()) {
                o.put(k, s);
            }
        });
        return o;
    }
}
