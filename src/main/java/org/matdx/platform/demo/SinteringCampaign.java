package org.matdx.platform.demo;

import org.matdx.catalog.NewDataset;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;

/**
 * A closed-loop campaign already under way: the battery lab (alice) optimises the sintering of an oxide
 * electrolyte pellet (temperature, hold time, heating rate, and the sintering aid) for relative
 * density, with a simulated furnace that cracks pellets above 1,250 °C. Eighteen trials have run,
 * failures included; the campaign waits for its next batch so a visitor can step it on.
 */
final class SinteringCampaign implements Seed {
    static final String CONFIG = """
            {"name": "LLZO pellet sintering",
             "parameters": [
               {"name": "temperature", "type": "continuous", "low": 1000, "high": 1300, "unit": "°C"},
               {"name": "hold_time", "type": "continuous", "low": 0.5, "high": 24, "log": true, "unit": "h"},
               {"name": "heating_rate", "type": "continuous", "low": 1, "high": 10, "unit": "K/min"},
               {"name": "sintering_aid", "type": "categorical", "options": ["none", "Al2O3", "Ga2O3", "Li3BO3"]}],
             "objective": {"name": "relative_density", "goal": "maximize", "unit": "%"},
             "batch": 3, "initial": 6, "acquisition": "log_ei",
             "stop": {"budget": 60, "target": 99.0, "ei_threshold": 0.05, "patience": 3},
             "simulator": {"function": "peak", "noise": 0.4, "range": [60, 98], "fail_above": {"temperature": 1250}}}""";

    @Override
    public String name() {
        return "sintering-campaign";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        Dataset d = ctx.catalog().createDataset(RequestContext.local(alice), new NewDataset("LLZO sintering campaign (battery lab)",
                "Closed-loop optimisation of Li7La3Zr2O12 pellet density; every trial, failed ones included, is an entry.",
                "CC-BY-4.0", "group", null, false, "battery-lab", null));
        var campaigns = ctx.campaigns();
        var c = campaigns.create(RequestContext.local(alice), d.id(), Json.read(CONFIG));
        campaigns.simulate(RequestContext.local(alice), c.id(), 18);
    }
}
