package org.matdx.core;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The project's one JSON configuration (Jackson 3), shared by the store, the API and the CLI. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static JsonNode read(String text) {
        return MAPPER.readTree(text);
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** {"Fe": 2.0, "O": 3.0} in formula order. */
    public static ObjectNode composition(Composition c) {
        ObjectNode n = object();
        c.amounts().forEach((e, a) -> n.put(e.symbol(), a));
        return n;
    }

    public static Composition composition(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isEmpty()) {
            return null;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            m.put(e.getKey(), e.getValue().asDouble());
        }
        return Composition.ofSymbols(m);
    }
}
