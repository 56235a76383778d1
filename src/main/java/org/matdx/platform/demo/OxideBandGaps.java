package org.matdx.platform.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import tools.jackson.databind.JsonNode;

/**
 * A public dataset of room-temperature optical band gaps of common oxides (textbook values,
 * rounded; polymorph noted where it matters).
 */
final class OxideBandGaps implements Seed {
    private record Row(String formula, double gapEv, String note) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("ZnO", 3.37, "wurtzite"),
            new Row("TiO2", 3.2, "anatase"),
            new Row("TiO2", 3.0, "rutile"),
            new Row("SnO2", 3.6, "rutile"),
            new Row("Ga2O3", 4.8, "beta"),
            new Row("In2O3", 2.9, "bixbyite"),
            new Row("MgO", 7.8, "rock salt"),
            new Row("Al2O3", 8.8, "corundum"),
            new Row("SiO2", 8.9, "alpha quartz"),
            new Row("ZrO2", 5.0, "monoclinic"),
            new Row("HfO2", 5.7, "monoclinic"),
            new Row("NiO", 3.8, "rock salt"),
            new Row("Cu2O", 2.17, "cuprite"),
            new Row("CuO", 1.2, "tenorite"),
            new Row("Fe2O3", 2.1, "hematite"),
            new Row("WO3", 2.7, "monoclinic"),
            new Row("BaTiO3", 3.2, "tetragonal perovskite"),
            new Row("SrTiO3", 3.25, "cubic perovskite"),
            new Row("LiNbO3", 3.8, "trigonal"),
            new Row("CeO2", 3.2, "fluorite"),
            new Row("Y2O3", 5.6, "bixbyite"),
            new Row("CdO", 2.2, "rock salt"),
            new Row("Bi2O3", 2.8, "alpha"),
            new Row("V2O5", 2.3, "orthorhombic"),
            new Row("Ta2O5", 4.0, "orthorhombic"),
            new Row("MoO3", 3.0, "orthorhombic"),
            new Row("Li7La3Zr2O12", 6.0, "cubic garnet (estimate from optical absorption)"));

    @Override
    public String name() {
        return "oxide-band-gaps";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        var catalog = ctx.catalog();
        Dataset d = catalog.createDataset(RequestContext.local(alice), new NewDataset("Optical band gaps of common oxides",
                "Room-temperature optical band gaps of binary and ternary oxides, textbook values rounded to "
                        + "two significant figures. A small open dataset for trying search and models.",
                "CC-BY-4.0", "public", null, false, null, null));
        List<NewEntry> entries = new ArrayList<>();
        for (Row r : ROWS) {
            Map<String, JsonNode> props = Map.of("band_gap", Json.object().put("value", r.gapEv()).put("unit", "eV"));
            entries.add(new NewEntry("property_row", r.formula() + " (" + r.note() + ")", r.formula(), props,
                    Json.object().put("polymorph", r.note()).put("method", "optical absorption"), null, null,
                    null, null, null, null));
        }
        catalog.addEntries(RequestContext.local(alice), d.id(), entries);
    }
}
