package org.matdx.informatics;

/** What a model predicts: a number, or the probability that a yes/no label is yes. */
public enum Task {
    REGRESSION, CLASSIFICATION;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Task of(String code) {
        for (Task t : values()) {
            if (t.code().equals(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("task must be 'regression' or 'classification'; found '" + code + "'");
    }
}
