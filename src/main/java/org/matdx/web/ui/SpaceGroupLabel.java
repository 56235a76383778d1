package org.matdx.web.ui;

import org.matdx.core.CrystalSystem;
import tools.jackson.databind.JsonNode;

/**
 * How an entry page names a structure's space group: the symbol its CIF gave, the IT number and
 * the crystal system ("F m -3 m (225), cubic"), from the same stored values search reads (V180),
 * so what the page shows is what {@code space_group=} finds. Null when the entry declares none.
 */
public final class SpaceGroupLabel {
    private SpaceGroupLabel() {
    }

    /** The label, or null; the crystal system is the key of its translated name. */
    public static Label of(JsonNode metadata, JsonNode data) {
        JsonNode n = metadata == null ? null : metadata.get("space_group_number");
        if (n == null || !n.isNumber()) {
            n = data == null ? null : data.path("optimade").get("space_group_it_number");
        }
        if (n == null || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > CrystalSystem.SPACE_GROUPS) {
            return null;
        }
        JsonNode symbol = metadata == null ? null : metadata.get("space_group_hm");
        if (symbol == null || !symbol.isString()) {
            symbol = data == null ? null : data.path("optimade").get("space_group_symbol_hermann_mauguin");
        }
        String text = symbol != null && symbol.isString() && !symbol.asString().isBlank()
                ? symbol.asString().strip() + " (" + n.asInt() + ")" : String.valueOf(n.asInt());
        return new Label(text, n.asInt(), "crystal_system." + CrystalSystem.of(n.asInt()).label());
    }

    /** The symbol and number, the number alone (for the search link) and the crystal system's message key. */
    public record Label(String text, int number, String systemKey) {
    }
}
