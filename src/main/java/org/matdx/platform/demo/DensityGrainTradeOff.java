package org.matdx.platform.demo;

import org.matdx.catalog.NewDataset;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;

/**
 * A campaign with two objectives, so the campaign page shows a Pareto plot: the battery lab
 * (alice) wants dense pellets with fine grains — higher sintering temperature and longer holds
 * densify but coarsen. Fifteen simulated trials have run; the non-dominated ones form the front.
 */
final class DensityGrainTradeOff implements Seed {
    static final String CONFIG = """
            {"name": "LLZO density against grain size",
             "parameters": [
               {"name": "temperature", "type": "continuous", "low": 1000, "high": 1250},
               {"name": "hold_time", "type": "continuous", "low": 0.5, "high": 12}],
             "objectives": [{"name": "relative_density", "goal": "maximize", "unit": "%"},
                            {"name": "grain_size", "goal": "minimize", "unit": "µm"}],
             "batch": 3, "initial": 6, "stop": {"budget": 45},
             "simulator": {"function": "peak", "noise": 0.4, "range": [62, 98.5]}}""";

    @Override
    public String name() {
        return "density-grain-trade-off";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        Dataset d = ctx.catalog().createDataset(RequestContext.local(alice), new NewDataset("LLZO density and grain size (battery lab)",
                "Two-objective optimisation of Li7La3Zr2O12 pellets: relative density up, grain size down.",
                "CC-BY-4.0", "group", null, false, "battery-lab", null));
        var campaigns = ctx.campaigns();
        var c = campaigns.create(RequestContext.local(alice), d.id(), Json.read(CONFIG));
        campaigns.simulate(RequestContext.local(alice), c.id(), 15);
    }
}
