package org.matdx.informatics;

import java.util.Locale;

/** What a model predicts: a number, or the probability that a yes/no label is yes. */
public enum Task {
    REGRESSION, CLASSIFICATION;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Task of(String code) {
        for (Task t : values()) {
            if (t.code().equals(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("task must be 'regression' or 'classification'; found '" + code + "'");
    }

    /**
     * A yes/no label as 1 or 0: {@code true}/{@code false}, {@code yes}/{@code no} (any case) and the
     * numbers 1 and 0 (also written {@code 1.0}, {@code 0.0}); null for anything else.
     */
    public static Double label(String cell) {
        String s = cell.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "true", "yes" -> {
                return 1.0;
            }
            case "false", "no" -> {
                return 0.0;
            }
            default -> {
                try {
                    double v = Double.parseDouble(s);
                    if (v == 1 || v == 0) {
                        return v == 1 ? 1.0 : 0.0;
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
    }

    /**
     * The task a target column asks for when nobody said: classification when every value is a
     * yes/no label ({@link #label}) and both classes occur — a column of only 0s and 1s is a label,
     * not a measurement, and scoring it by MAE would mislead; regression otherwise.
     */
    public static Task infer(double[] y) {
        boolean zero = false;
        boolean one = false;
        for (double v : y) {
            if (v == 0) {
                zero = true;
            } else if (v == 1) {
                one = true;
            } else {
                return REGRESSION;
            }
        }
        return zero && one ? CLASSIFICATION : REGRESSION;
    }

    /** Why {@link #infer} chose what it chose, for a message to the user. */
    public static String inferredBecause(Task t) {
        return t == CLASSIFICATION ? "every target is a yes/no label (0/1, true/false or yes/no)"
                : "the targets are numbers other than only 0 and 1";
    }
}
