package org.matdx.optimade;

import java.util.Set;
import org.matdx.core.Json;
import org.matdx.optimade.PropertyDef.Type;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What {@code /info/<type>} says of an entry type's properties. */
final class PropertyDefinitions {
    static final String PROPERTY_SCHEMA = "https://schemas.optimade.org/meta/v1.2/optimade/property_definition.json";

    private PropertyDefinitions() {
    }

    /**
     * The data of {@code /info/<type>}: every property as a v1.2 Property Definition ({@code $id},
     * {@code $schema}, {@code x-optimade-definition}, type, unit, and what sorts and filters).
     * Parts of a list of dictionaries ({@code authors.lastname}) are described inside their parent.
     */
    static ObjectNode info(EntryType t) {
        ObjectNode data = Json.object().put("type", "info").put("id", t.name()).put("description", t.description());
        ObjectNode props = data.putObject("properties");
        for (PropertyDef def : t.properties().values()) {
            if (def.name().contains(".")) {
                continue;
            }
            ObjectNode p = props.putObject(def.name());
            boolean standard = StandardProperties.isStandard(t.name(), def.name());
            p.put("$id", standard ? "https://schemas.optimade.org/defs/v1.2/properties/optimade/" + t.name() + "/" + def.name()
                    : "urn:matdx:optimade:v1.2:properties:" + t.name() + ":" + def.name());
            p.put("$schema", PROPERTY_SCHEMA);
            p.putObject("x-optimade-definition").put("label", def.name() + (standard ? "_optimade_" : "_") + t.name())
                    .put("kind", "property").put("format", "1.2").put("version", "1.2.0").put("name", def.name());
            p.put("title", def.name().replace('_', ' ').strip());
            p.put("description", def.description());
            describeType(p, def.type(), !Set.of("id", "type").contains(def.name()));
            if (def.type() == Type.TIMESTAMP) {
                p.put("format", "date-time");
            }
            if (def.itemType() != null) {
                ObjectNode items = p.putObject("items");
                describeType(items, def.itemType(), false);
                if (def.itemType() == Type.DICTIONARY) {
                    ObjectNode parts = items.putObject("properties");
                    String prefix = def.name() + ".";
                    t.properties().values().stream().filter(d -> d.name().startsWith(prefix)).forEach(d -> {
                        ObjectNode part = parts.putObject(d.name().substring(prefix.length()));
                        part.put("description", d.description());
                        describeType(part, d.itemType() != null ? d.itemType() : d.type(), true);
                        part.putObject("x-optimade-implementation").put("query-support", "all mandatory");
                    });
                }
            }
            p.put("x-optimade-unit", def.unit());
            if (!Set.of("inapplicable", "dimensionless").contains(def.unit())) {
                p.put("unit", def.unit());
                p.putArray("x-optimade-unit-definitions").addObject().put("symbol", def.unit()).put("title", def.unit())
                        .put("description", "The unit " + def.unit() + ", as GNU units writes it.")
                        .putObject("standard").put("name", "gnu units").put("version", "3.09").put("symbol", def.unit());
            }
            p.put("sortable", def.sortable());
            ObjectNode impl = p.putObject("x-optimade-implementation").put("sortable", def.sortable());
            if (def.queryable()) {
                impl.put("query-support", "all mandatory");
            } else {
                // served whole; a filter can ask whether it is known, and reach parts of it by name
                impl.put("query-support", "partial");
                impl.putArray("query-support-operators").add("IS KNOWN").add("IS UNKNOWN");
            }
        }
        data.putArray("formats").add("json");
        ArrayNode fields = data.putObject("output_fields_by_format").putArray("json");
        t.properties().keySet().stream().filter(n -> !n.contains(".")).forEach(fields::add);
        return data;
    }

    private static void describeType(ObjectNode p, Type type, boolean nullable) {
        ArrayNode json = p.putArray("type").add(type.jsonSchemaType());
        if (nullable) {
            json.add("null");
        }
        p.put("x-optimade-type", type.code);
    }
}
