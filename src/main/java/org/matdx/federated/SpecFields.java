package org.matdx.federated;

import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;

/** The optional fields of a spec a coordinator sends (trainings and campaigns), each a 400 naming the field when wrong. */
final class SpecFields {
    private SpecFields() {
    }

    static String text(JsonNode j, String f) {
        JsonNode v = j.get(f);
        if (v == null || !v.isString()) {
            throw Problem.invalid(f, "a string");
        }
        return v.asString();
    }

    static boolean bool(JsonNode j, String f, boolean def) {
        JsonNode v = j.get(f);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isBoolean()) {
            throw Problem.invalid(f, "true or false");
        }
        return v.asBoolean();
    }

    static int integer(JsonNode j, String f, int def) {
        JsonNode v = j.get(f);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw Problem.invalid(f, "a whole number");
        }
        return v.asInt();
    }

    /** Any number (ranges are checked by the spec itself). */
    static double number(JsonNode j, String f, double def) {
        JsonNode v = j.get(f);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isNumber()) {
            throw Problem.invalid(f, "a number");
        }
        return v.asDouble();
    }

    /** A finite number. */
    static double finite(JsonNode j, String f, double def) {
        JsonNode v = j.get(f);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw Problem.invalid(f, "a finite number");
        }
        return v.asDouble();
    }
}
