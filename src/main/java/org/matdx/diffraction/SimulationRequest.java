package org.matdx.diffraction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Problem;
import org.matdx.core.Structure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request for a simulated powder pattern, as query parameters or JSON fields with the same names:
 * {@code radiation} (CuKa, MoKa1, 0.7293 …), {@code two_theta_min}, {@code two_theta_max},
 * {@code debye_waller} ({@code Na:1.5,Cl:1.2}, B in Å²), {@code monochromator_two_theta}, and for a
 * full profile {@code profile=true} with {@code step}, {@code u}, {@code v}, {@code w}, {@code eta}.
 * Every problem is reported at once, naming the parameter.
 */
public record SimulationRequest(Radiation radiation, Simulation simulation, boolean profile, double step, Profiles.Shape shape) {
    /** A profile has at most this many points. */
    public static final int MAX_PROFILE_POINTS = 100_000;

    public static SimulationRequest parse(Map<String, String> p) {
        List<Problem.Issue> issues = new ArrayList<>();
        for (String k : p.keySet()) {
            if (!List.of("radiation", "two_theta_min", "two_theta_max", "debye_waller", "monochromator_two_theta", "profile", "step",
                    "u", "v", "w", "eta").contains(k)) {
                issues.add(new Problem.Issue(k, "is not a simulation parameter; use radiation, two_theta_min, two_theta_max, "
                        + "debye_waller, monochromator_two_theta, profile, step, u, v, w, eta"));
            }
        }
        Radiation r = Radiation.CU_KA;
        try {
            r = Radiation.parse(p.get("radiation"));
        } catch (Problem e) {
            issues.addAll(e.issues());
        }
        double min = number(p, "two_theta_min", 5, issues);
        double max = number(p, "two_theta_max", 90, issues);
        Map<Element, Double> dw = new HashMap<>();
        String dwText = p.get("debye_waller");
        if (dwText != null && !dwText.isBlank()) {
            for (String part : dwText.split(",")) {
                String[] kv = part.split(":");
                var el = kv.length == 2 ? Elements.bySymbol(kv[0].strip()) : Optional.<Element>empty();
                Double b = kv.length == 2 ? parse(kv[1]) : null;
                if (el.isEmpty() || b == null) {
                    issues.add(new Problem.Issue("debye_waller", "'" + part + "' is not Element:B (e.g. Na:1.5)"));
                } else {
                    dw.put(el.get(), b);
                }
            }
        }
        Double mono = p.containsKey("monochromator_two_theta") ? number(p, "monochromator_two_theta", 0, issues) : null;
        boolean profile = "true".equalsIgnoreCase(p.getOrDefault("profile", "false"));
        double step = number(p, "step", 0.02, issues);
        Profiles.Shape d = Profiles.Shape.LABORATORY;
        Profiles.Shape shape = new Profiles.Shape(0, 0, number(p, "u", d.u(), issues), number(p, "v", d.v(), issues),
                number(p, "w", d.w(), issues), number(p, "eta", d.eta(), issues));
        if (!(step >= 0.001 && step <= 1)) {
            issues.add(new Problem.Issue("step", "must be between 0.001 and 1°"));
        } else if (profile && (max - min) / step > MAX_PROFILE_POINTS) {
            issues.add(new Problem.Issue("step", "gives more than " + MAX_PROFILE_POINTS + " points; take a coarser step or a narrower range"));
        }
        if (!(shape.eta() >= 0 && shape.eta() <= 1)) {
            issues.add(new Problem.Issue("eta", "must be between 0 (Gaussian) and 1 (Lorentzian)"));
        }
        if (!(Math.abs(shape.u()) <= 1 && Math.abs(shape.v()) <= 1 && shape.w() > 0 && shape.w() <= 1)) {
            issues.add(new Problem.Issue("w", "Caglioti U, V must be within ±1 °² and W within (0, 1] °²"));
        }
        Simulation sim = null;
        if (issues.isEmpty()) {
            try {
                sim = new Simulation(r.kAlpha1(), min, max, dw, mono);
            } catch (Problem e) {
                issues.addAll(e.issues());
            }
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        return new SimulationRequest(r, sim, profile, step, shape);
    }

    /** The same from a JSON object's scalar fields (numbers or strings; {@code debye_waller} may be an object). */
    public static SimulationRequest parse(JsonNode body) {
        Map<String, String> p = new HashMap<>();
        if (body != null && body.isObject()) {
            for (var f : body.properties()) {
                if (f.getKey().equals("structure")) {
                    continue;
                }
                if (f.getKey().equals("debye_waller") && f.getValue().isObject()) {
                    List<String> parts = new ArrayList<>();
                    f.getValue().properties().forEach(e -> parts.add(e.getKey() + ":" + e.getValue().asString()));
                    p.put("debye_waller", String.join(",", parts));
                } else if (f.getValue().isValueNode()) {
                    p.put(f.getKey(), f.getValue().asString());
                } else {
                    throw Problem.invalid(f.getKey(), "must be a number or text");
                }
            }
        }
        return parse(p);
    }

    /** The pattern of a structure as the API serves it: lines, and the full profile when asked. */
    public ObjectNode run(Structure s) {
        StickPattern sticks = PowderDiffraction.simulate(s, simulation);
        ObjectNode o = DiffractionJson.sticks(sticks, radiation.name());
        o.put("formula", s.composition().reducedFormula());
        if (profile) {
            int n = (int) Math.floor((simulation.twoThetaMax() - simulation.twoThetaMin()) / step) + 1;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = simulation.twoThetaMin() + i * step;
            }
            o.set("profile", DiffractionJson.profile(x, Profiles.pattern(x, sticks, radiation, shape, 1), shape));
        }
        return o;
    }

    private static double number(Map<String, String> p, String key, double fallback, List<Problem.Issue> issues) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        Double d = parse(v);
        if (d == null) {
            issues.add(new Problem.Issue(key, "must be a finite number; found '" + v + "'"));
            return fallback;
        }
        return d;
    }

    private static Double parse(String v) {
        try {
            double d = Double.parseDouble(v.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
