package org.matdx.optimize;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.matdx.core.InvalidInput;
import tools.jackson.databind.JsonNode;

/**
 * Stands in for an instrument in demos and tests: answers a trial with a value from a known
 * test function of the encoded parameters, with measurement noise, or fails it when the
 * parameters are in a declared failure region (e.g. a furnace above its rating cracks the pellet).
 *
 * <p>Functions: {@code peak} — a smooth optimum of height 100 at 0.3/0.7 of each numeric range,
 * in any number of dimensions, best with the first option of each categorical parameter; {@code branin} — the classic three-optimum benchmark on the first two
 * parameters (reported negated, so larger is better). An optional {@code "range": [low, high]}
 * maps the peak's 0–100 onto the quantity's own scale (a relative density between 60 and 99 %).
 */
public record Simulator(String function, double noise, Map<String, Double> failAbove, Double low, Double high) {

    /** A trial's outcome: a value, or a failure with its reason. */
    public record Answer(Double value, String failure) {
    }

    static Simulator parse(JsonNode n, List<Parameter> params) {
        String f = n.path("function").asString("peak");
        if (!f.equals("peak") && !f.equals("branin")) {
            throw new InvalidInput(null, "function must be peak or branin");
        }
        if (f.equals("branin") && params.size() < 2) {
            throw new InvalidInput(null, "branin needs two parameters");
        }
        Map<String, Double> fail = new LinkedHashMap<>();
        n.path("fail_above").properties().forEach(e -> {
            if (params.stream().noneMatch(p -> p.name().equals(e.getKey()))) {
                throw new InvalidInput(null, "fail_above names an unknown parameter '" + e.getKey() + "'");
            }
            fail.put(e.getKey(), e.getValue().asDouble());
        });
        Double low = null;
        Double high = null;
        if (n.has("range")) {
            JsonNode r = n.get("range");
            if (!r.isArray() || r.size() != 2 || !r.get(0).isNumber() || !r.get(1).isNumber() || r.get(0).asDouble() >= r.get(1).asDouble()) {
                throw new InvalidInput(null, "range must be [low, high] with low < high");
            }
            low = r.get(0).asDouble();
            high = r.get(1).asDouble();
        }
        return new Simulator(f, n.path("noise").asDouble(0.5), fail, low, high);
    }

    public Answer answer(ParameterSpace space, String[] raw, Random rnd) {
        for (int i = 0; i < space.parameters().size(); i++) {
            Double limit = failAbove.get(space.parameters().get(i).name());
            if (limit != null && Double.parseDouble(raw[i]) > limit) {
                // what a researcher would write: four significant digits, not the proposal's seventeen
                return new Answer(null, space.parameters().get(i).name() + " " + fourDigits(Double.parseDouble(raw[i]))
                        + " is above " + fourDigits(limit) + ": the sample did not survive (simulated)");
            }
        }
        double[] u = space.encode(raw);
        double v = switch (function) {
            case "branin" -> {
                double x1 = -5 + 15 * u[0];
                double x2 = 15 * u[1];
                double b = 5.1 / (4 * Math.PI * Math.PI);
                double c = 5 / Math.PI;
                double t = 1 / (8 * Math.PI);
                yield -(Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10);
            }
            default -> {
                // a smooth optimum over the numeric parameters (wider in more dimensions, so that it
                // can be found), scaled down a little for each categorical option after the first
                double s = 0;
                int dims = 0;
                int offset = 0;
                double factor = 1;
                for (Parameter p : space.parameters()) {
                    if (p instanceof Parameter.Categorical c) {
                        int chosen = c.options().indexOf(raw[space.parameters().indexOf(p)].strip());
                        factor *= 1 - 0.08 * Math.max(0, chosen);
                    } else {
                        double centre = dims % 2 == 0 ? 0.3 : 0.7;
                        s += (u[offset] - centre) * (u[offset] - centre);
                        dims++;
                    }
                    offset += p.dims();
                }
                double width = 0.2 * Math.sqrt(Math.max(1, dims / 2.0));
                yield 100 * factor * Math.exp(-s / (2 * width * width));
            }
        };
        if (low != null && function.equals("peak")) {
            v = low + (high - low) * v / 100;
        }
        return new Answer(v + noise * rnd.nextGaussian(), null);
    }

    /**
     * A competing objective for multi-objective demos: objective k is the mean of the encoded
     * parameters (×100) for odd k — more of everything costs more — and its complement for even k.
     */
    public double secondary(ParameterSpace space, String[] raw, int k, Random rnd) {
        double[] u = space.encode(raw);
        double m = 0;
        for (double x : u) {
            m += x;
        }
        m = 100 * m / u.length;
        return (k % 2 == 1 ? m : 100 - m) + noise * rnd.nextGaussian();
    }

    private static String fourDigits(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
