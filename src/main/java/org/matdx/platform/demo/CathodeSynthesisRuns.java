package org.matdx.platform.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import tools.jackson.databind.JsonNode;

/**
 * The battery lab's solid-state synthesis runs of layered cathodes, shared within the lab only.
 * Failed runs are kept with their reasons: they tell the next campaign where not to go.
 */
final class CathodeSynthesisRuns implements Seed {
    private record Run(String formula, double calcinationC, double hours, Double capacity, String outcome, String reason) {
    }

    private static final List<Run> RUNS = List.of(
            new Run("LiCoO2", 900, 12, 148.0, "succeeded", null),
            new Run("LiNi0.8Mn0.1Co0.1O2", 800, 12, 196.0, "succeeded", null),
            new Run("LiNi0.6Mn0.2Co0.2O2", 850, 12, 178.0, "succeeded", null),
            new Run("LiNi0.5Mn0.3Co0.2O2", 900, 12, 165.0, "succeeded", null),
            new Run("LiNi0.3333Mn0.3333Co0.3333O2", 950, 12, 158.0, "succeeded", null),
            new Run("LiNi0.9Mn0.05Co0.05O2", 750, 15, null, "failed", "cation mixing: I(003)/I(104) below 1.2 by XRD"),
            new Run("LiNi0.8Mn0.1Co0.1O2", 950, 12, null, "failed", "Li loss at high temperature; rock-salt impurity"),
            new Run("LiMn2O4", 800, 10, 118.0, "succeeded", null),
            new Run("LiFePO4", 700, 8, 155.0, "succeeded", null),
            new Run("LiFePO4", 550, 8, null, "abandoned", "furnace controller fault at 2 h"));

    @Override
    public String name() {
        return "cathode-synthesis-runs";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        var catalog = ctx.catalog();
        Dataset d = catalog.createDataset(RequestContext.local(alice), new NewDataset("Cathode solid-state synthesis runs (battery lab)",
                "Calcination conditions and first-cycle discharge capacity (0.1 C, 3.0-4.3 V vs Li) of layered "
                        + "and spinel cathodes; failed and abandoned runs kept with their reasons.",
                "LicenseRef-battery-lab-internal", "group", null, false, "battery-lab", null));
        List<NewEntry> entries = new ArrayList<>();
        for (Run r : RUNS) {
            Map<String, JsonNode> props = new LinkedHashMap<>();
            props.put("calcination_temperature", Json.object().put("value", r.calcinationC()).put("unit", "°C"));
            props.put("calcination_time", Json.object().put("value", r.hours()).put("unit", "h"));
            if (r.capacity() != null) {
                props.put("discharge_capacity", Json.object().put("value", r.capacity()).put("unit", "mAh/g"));
            }
            entries.add(new NewEntry("property_row", r.formula() + " at " + (int) r.calcinationC() + " °C", r.formula(),
                    props, Json.object().put("atmosphere", "O2").put("operator", "alice"), null, null, null,
                    r.outcome(), r.reason(), null));
        }
        catalog.addEntries(RequestContext.local(alice), d.id(), entries);
    }
}
