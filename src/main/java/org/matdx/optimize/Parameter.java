package org.matdx.optimize;

import java.util.List;
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
                throw new IllegalArgumentException(name + ": high must be above low");
            }
            if (log && low <= 0) {
                throw new IllegalArgumentException(name + ": a log-scale parameter needs a positive low bound");
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
                throw new IllegalArgumentException(name + ": a discrete parameter needs at least two values");
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

    /** A choice among named options (solvent, ligand), one-hot encoded. */
    record Categorical(String name, List<String> options) implements Parameter {
        public Categorical {
            options = List.copyOf(options);
        }

        public int dims() {
            return options.size();
        }

        public void encode(String raw, double[] out, int offset) {
            int i = options.indexOf(raw.strip());
            if (i < 0) {
                throw new IllegalArgumentException(name + ": '" + raw + "' is not one of its options");
            }
            out[offset + i] = 1;
        }
    }

    static String describe(Parameter p) {
        return switch (p) {
            case Continuous c -> String.format(Locale.ROOT, "%s in [%s, %s]%s", c.name(), c.low(), c.high(), c.log() ? " (log)" : "");
            case Discrete d -> d.name() + " in " + d.values();
            case Categorical c -> c.name() + " one of " + c.options().size() + " options";
        };
    }
}
