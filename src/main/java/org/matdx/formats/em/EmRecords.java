package org.matdx.formats.em;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.matdx.core.Axis;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Quantity;
import org.matdx.core.Series;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.Parsed;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry per signal, built alike for every microscope format: the calibrated axes and the
 * acquisition settings land in the metadata ({@code instrument} where search looks for it), the
 * numbers a microscopist filters by become properties with units ({@code pixel_size},
 * {@code beam_energy}, {@code magnification}, {@code dwell_time}, …), and a 1-D spectrum is also a
 * series, so it plots and searches like every other curve.
 */
final class EmRecords {
    static final Set<String> LENGTH_UNITS = Set.of("m", "mm", "µm", "um", "nm", "Å", "pm");
    static final Set<String> RECIPROCAL_UNITS = Set.of("1/m", "1/mm", "1/µm", "1/nm", "1/Å", "1/pm");

    private EmRecords() {
    }

    static List<Parsed> of(String format, List<Signal> signals, Acquisition acq, JsonNode original) {
        List<Parsed> out = new ArrayList<>();
        for (Signal s : signals) {
            out.add(of(format, s, acq, original));
        }
        return out;
    }

    static Parsed of(String format, Signal s, Acquisition acq, JsonNode original) {
        ObjectNode m = Json.object();
        m.put("format", format);
        if (acq.instrument() != null) {
            m.put("instrument", acq.instrument());
        }
        ObjectNode a = acq.json();
        if (!a.isEmpty()) {
            m.set("acquisition", a);
        }
        m.set("signal", describe(s));
        if (original != null && !original.isMissingNode() && !original.isNull()) {
            m.set("original_metadata", original);
        }
        Map<String, Quantity> p = new LinkedHashMap<>();
        put(p, "beam_energy", acq.beamEnergy(), "keV");
        put(p, "magnification", acq.magnification(), "");
        put(p, "camera_length", acq.cameraLength(), "mm");
        put(p, "working_distance", acq.workingDistance(), "mm");
        put(p, "dwell_time", acq.dwellTime(), "s");
        put(p, "exposure_time", acq.exposure(), "s");
        put(p, "beam_current", acq.beamCurrent(), "nA");
        List<SignalAxis> sig = s.signalAxes();
        if (sig.size() == 2 && LENGTH_UNITS.contains(sig.get(1).units()) && sig.get(1).scale() > 0) {
            SignalAxis x = sig.get(1);
            SignalAxis y = sig.get(0);
            put(p, "pixel_size", x.scale(), unit(x.units()));
            put(p, "field_of_view", x.scale() * x.size(), unit(x.units()));
            if (y.units().equals(x.units()) && y.scale() > 0) {
                put(p, "field_of_view_y", y.scale() * y.size(), unit(y.units()));
            }
        }
        if (sig.size() == 1 && !sig.get(0).units().isEmpty() && sig.get(0).scale() > 0) {
            put(p, "channel_width", sig.get(0).scale(), sig.get(0).units());
            put(p, "channels", (double) sig.get(0).size(), "");
        }
        List<SignalAxis> nav = s.navigationAxes();
        if (sig.size() == 1 && nav.size() == 2 && LENGTH_UNITS.contains(nav.get(1).units()) && nav.get(1).scale() > 0) {
            put(p, "pixel_size", nav.get(1).scale(), unit(nav.get(1).units()));
        }
        List<Series> series = new ArrayList<>();
        if (nav.isEmpty() && sig.size() == 1 && !s.isComplex() && !s.isColour()) {
            SignalAxis x = sig.get(0);
            double[] xs = new double[x.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = x.at(i);
            }
            String xName = x.name().isEmpty() || x.name().equals("<undefined>") ? "channel" : x.name();
            series.add(new Series(s.title(), new Axis(xName, x.units(), xs), List.of(new Axis(s.quantity().isEmpty() ? "intensity"
                    : s.quantity(), "", s.values()))));
        }
        String title = s.title().isBlank() ? null : s.title();
        return new Parsed(EntryKind.MEASUREMENT, title, null, series, null, p, m, List.of(s));
    }

    static String unit(String u) {
        return u.equals("um") ? "µm" : u;
    }

    private static void put(Map<String, Quantity> p, String name, Double v, String unit) {
        if (v != null && Double.isFinite(v)) {
            p.put(name, Quantity.of(v, unit));
        }
    }

    /** Shape, dtype and axes: what HyperSpy's axes_manager shows, which the tests compare with. */
    static ObjectNode describe(Signal s) {
        ObjectNode o = Json.object();
        o.put("kind", s.kind()).put("dtype", s.dtype()).put("title", s.title());
        if (!s.quantity().isEmpty()) {
            o.put("quantity", s.quantity());
        }
        ArrayNode shape = o.putArray("shape");
        for (int d : s.shape()) {
            shape.add(d);
        }
        ArrayNode axes = o.putArray("axes");
        for (SignalAxis a : s.axes()) {
            axes.addObject().put("name", a.name()).put("size", a.size()).put("scale", a.scale()).put("offset", a.offset())
                    .put("units", a.units()).put("navigate", a.navigate());
        }
        return o;
    }
}
