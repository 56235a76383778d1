package org.matdx.platform.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import tools.jackson.databind.JsonNode;

/**
 * Standard enthalpies of formation of lithium and transition-metal oxides at 298.15 K (CRC
 * Handbook of Chemistry and Physics, "Standard thermodynamic properties of chemical substances"),
 * per mole of atoms, so that /phase-diagram draws real hulls: wüstite (FeO) lies 0.04 eV/atom
 * above Fe + Fe3O4, as its decomposition below 570 °C says it should.
 */
final class FormationEnthalpies implements Seed {
    /** Formula and ΔfH° of the crystal in kJ per mole of formula units. */
    private record Row(String formula, double kjPerMol, String mineral) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("Li2O", -597.9, "lithium oxide"),
            new Row("Li2O2", -634.3, "lithium peroxide"),
            new Row("FeO", -272.0, "wüstite"),
            new Row("Fe2O3", -824.2, "hematite"),
            new Row("Fe3O4", -1118.4, "magnetite"),
            new Row("MnO", -385.2, "manganosite"),
            new Row("Mn3O4", -1387.8, "hausmannite"),
            new Row("Mn2O3", -959.0, "bixbyite"),
            new Row("MnO2", -520.0, "pyrolusite"),
            new Row("CoO", -237.9, "cobalt(II) oxide"),
            new Row("Co3O4", -891.0, "cobalt(II,III) oxide"),
            new Row("NiO", -239.7, "bunsenite"));

    @Override
    public String name() {
        return "formation-enthalpies";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        var catalog = ctx.catalog();
        Dataset d = catalog.createDataset(RequestContext.local(alice), new NewDataset("Standard enthalpies of formation of oxides",
                "Standard enthalpies of formation of crystalline lithium, iron, manganese, cobalt and nickel oxides at "
                        + "298.15 K from the CRC Handbook of Chemistry and Physics, per mole of atoms. Try the phase diagram "
                        + "of Fe-O or Mn-O.",
                "CC-BY-4.0", "public", null, false, null, null));
        List<NewEntry> entries = new ArrayList<>();
        for (Row r : ROWS) {
            double atoms = Composition.parse(r.formula()).numAtoms();
            Map<String, JsonNode> props = Map.of("formation_energy_per_atom",
                    Json.object().put("value", Math.round(r.kjPerMol() / atoms * 100) / 100.0).put("unit", "kJ/mol"));
            entries.add(new NewEntry("property_row", r.formula() + " (" + r.mineral() + ")", r.formula(), props,
                    Json.object().put("quantity", "standard enthalpy of formation, 298.15 K")
                            .put("source", "CRC Handbook of Chemistry and Physics"), null, null, null, null, null, null));
        }
        catalog.addEntries(RequestContext.local(alice), d.id(), entries);
    }
}
