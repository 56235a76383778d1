package org.matdx.optimize;

import java.util.List;
import org.matdx.core.InvalidInput;
import java.util.Locale;

/**
 * One thing an experimenter can set. Each kind knows how to place its values in the unit
 * interval(s) the surrogate model works in.
 */
public sealed interface Parameter permits Parameter.Continuous, Parameter.Discrete, Parameter.Categorical {
    String name();

    /** How many model dimensions the parameter takes. */
    int dims();

    /** Writes the encoded value of {@code raw} into {@code out} from {@code offset}. */
    void encode(String raw, double[] out, int offset);

    /** A real-valued setting between low and high, optionally on a log scale (e.g. concentrations). */
    record Continuous(String name, double low, double high, boolean log) implements Parameter {
        public Continuous {
            if (!(high > low)) {
                throw new InvalidInput(null, name + ": high must be above low");
            }
            if (log && low <= 0) {
                throw new InvalidInput(null, name + ": a log-scale parameter needs a positive low bound");
            }
        }

        public int dims() {
            return 1;
        }

        public void encode(String raw, double[] out, int offset) {
            out[offset] = unit(Double.parseDouble(raw.strip()));
        }

        public double unit(double v) {
            return log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
        }

        public double value(double u) {
            return log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        }
    }

    /** A setting from a fixed list of numbers (e.g. number of mixing cycles). */
    record Discrete(String name, List<Double> values) implements Parameter {
        public Discrete {
            values = List.copyOf(values);
            if (values.size() < 2) {
                throw new InvalidInput(null, name + ": a discrete parameter needs at least two values");
            }
        }

        public int dims() {
            return 1;
        }

        public void encode(String raw, double[] out, int offset) {
            double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            out[offset] = (Double.parseDouble(raw.strip()) - min) / (max - min);
        }
    }

    /**
     * A choice among named options (solvent, ligand, A-site cation), one-hot encoded, or — when the
     * user gives each option a vector of {@code descriptors} (dielectric constant, boiling point;
     * ionic radius, electronegativity) — placed by those, each scaled to [0, 1] over the options,
     * so the surrogate learns that similar options behave alike.
     */
    record Categorical(String name, List<String> options, List<List<Double>> descriptors) implements Parameter {
        public Categorical {
            options = List.copyOf(options);
            if (descriptors != null) {
                descriptors = descriptors.stream().map(List::copyOf).toList();
                if (descriptors.size() != options.size()) {
                    throw new InvalidInput(null, name + ": give descriptors for every option");
                }
                int n = descriptors.get(0).size();
                if (n == 0 || descriptors.stream().anyMatch(d -> d.size() != n || d.stream().anyMatch(x -> x == null || !Double.isFinite(x)))) {
                    throw new InvalidInput(null, name + ": every option needs the same number of finite descriptor values");
                }
            }
        }

        public Categorical(String name, List<String> options) {
            this(name, options, null);
        }

        public int dims() {
            return descriptors == null ? options.size() : descriptors.get(0).size();
        }

        public void encode(String raw, double[] out, int offset) {
            int i = options.indexOf(raw.strip());
            if (i < 0) {
                throw new InvalidInput(null, name + ": '" + raw + "' is not one of its options");
            }
            if (descriptors == null) {
                out[offset + i] = 1;
                return;
            }
            for (int k = 0; k < dims(); k++) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (List<Double> d : descriptors) {
                    min = Math.min(min, d.get(k));
                    max = Math.max(max, d.get(k));
                }
                out[offset + k] = max > min ? (descriptors.get(i).get(k) - min) / (max - min) : 0.5;
            }
        }
    }

    static String describe(Parameter p) {
        return switch (p) {
            case Continuous c -> String.format(Locale.ROOT, "%s in [%s, %s]%s", c.name(), c.low(), c.high(), c.log() ? " (log)" : "");
            case Discrete d -> d.name() + " in " + d.values();
            case Categorical c -> c.name() + " one of " + c.options().size() + " options"
                    + (c.descriptors() == null ? "" : " (" + c.dims() + " descriptors)");
        };
    }
}
