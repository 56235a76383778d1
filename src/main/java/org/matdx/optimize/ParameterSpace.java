package org.matdx.optimize;

import java.util.List;

/**
 * The parameters of a campaign and the constraints between them. {@code simplex}: the
 * continuous parameters are fractions of a mixture that sum to one (a composition).
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
        int offset = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            p.encode(raw[i], out, offset);
            offset += p.dims();
        }
        return out;
    }
}
