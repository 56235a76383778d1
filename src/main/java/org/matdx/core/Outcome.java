package org.matdx.core;

/**
 * How the experiment or calculation behind an entry ended. Failed and abandoned runs are kept
 * and searchable (失敗データ): they are data for the next experiment too.
 */
public sealed interface Outcome permits Outcome.Succeeded, Outcome.Failed, Outcome.Abandoned, Outcome.Withheld {

    String code();

    /** Why it failed or was abandoned; empty for success. */
    String reason();

    record Succeeded() implements Outcome {
        public String code() { return "succeeded"; }
        public String reason() { return ""; }
    }

    record Failed(String reason) implements Outcome {
        public Failed { reason = reason == null ? "" : reason; }
        public String code() { return "failed"; }
    }

    record Abandoned(String reason) implements Outcome {
        public Abandoned { reason = reason == null ? "" : reason; }
        public String code() { return "abandoned"; }
    }

    /**
     * How the run ended is not for this reader: an embargo shows what an entry is, not what it
     * found. Only ever in entries redacted for display; never stored, never parsed.
     */
    record Withheld() implements Outcome {
        public String code() { return "withheld"; }
        public String reason() { return ""; }
    }

    Outcome SUCCEEDED = new Succeeded();
    Outcome WITHHELD = new Withheld();

    /** Whether the reader may know how the run ended (false for an embargoed entry shown to others). */
    default boolean known() {
        return !(this instanceof Withheld);
    }

    static Outcome of(String code, String reason) {
        return switch (code == null ? "succeeded" : code) {
            case "succeeded" -> SUCCEEDED;
            case "failed" -> new Failed(reason);
            case "abandoned" -> new Abandoned(reason);
            default -> throw new IllegalArgumentException(
                    "outcome must be one of succeeded, failed, abandoned; found '" + code + "'");
        };
    }
}
