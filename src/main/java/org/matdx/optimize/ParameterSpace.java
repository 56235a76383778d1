package org.matdx.optimize;

import java.util.List;

/**
 * The parameters of a campaign and the constraints between them. {@code simplex}: the
 * continuous parameters are fractions of a mixture that sum to one (a composition). A row that
 * gives them as amounts instead (volumes of five dyes, grams of three powders) is read as the
 * proportions those amounts make: a mixture is the same mixture at twice the scale.
 */
public record ParameterSpace(List<Parameter> parameters, boolean simplex) {
    public ParameterSpace {
        parameters = List.copyOf(parameters);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("a campaign needs at least one parameter");
        }
    }

    public int dims() {
        return parameters.stream().mapToInt(Parameter::dims).sum();
    }

    /** A row of raw values (one per parameter, as text) in the model's unit cube. */
    public double[] encode(String[] raw) {
        if (raw.length < parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " values, found " + raw.length);
        }
        double[] out = new double[dims()];
        double scale = simplex ? amounts(raw) : 1;
        int offset = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (scale != 1 && p instanceof Parameter.Continuous c) {
                out[offset] = c.unit(Double.parseDouble(raw[i].strip()) / scale);
            } else {
                p.encode(raw[i], out, offset);
            }
            offset += p.dims();
        }
        return out;
    }

    /**
     * The sum of a mixture's fractions as a row gives them, or 1 when they already sum to one (to
     * rounding: proposals keep their points bit for bit) or cannot be read as amounts (negative,
     * non-finite, all zero, not a number): those rows are encoded as they stand, as without the
     * simplex, and whoever checks the values sees them unchanged.
     */
    private double amounts(String[] raw) {
        double sum = 0;
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i) instanceof Parameter.Continuous) {
                double v;
                try {
                    v = Double.parseDouble(raw[i].strip());
                } catch (NumberFormatException e) {
                    return 1;
                }
                if (!(v >= 0) || !Double.isFinite(v)) {
                    return 1;
                }
                sum += v;
            }
        }
        return sum > 0 && Double.isFinite(sum) && Math.abs(sum - 1) > 1e-9 ? sum : 1;
    }
}
