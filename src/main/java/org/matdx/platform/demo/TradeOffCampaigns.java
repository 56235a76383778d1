package org.matdx.platform.demo;

import org.matdx.catalog.NewDataset;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;

/**
 * Two campaigns that weigh objectives against each other. The battery lab (alice) dopes LLZO with
 * gallium and aluminium (together at most 0.3 per formula unit, a linear constraint) and sinters
 * each batch of three pellets in one furnace run (temperature shared across the batch), trading
 * relative density against the energy a run costs by expected hypervolume improvement. And a
 * (Mg, Zn)O window-layer search whose objective is the band gap predicted by alice's demo model,
 * against a measured conductivity.
 */
final class TradeOffCampaigns implements Seed {
    static final String DOPED_LLZO = """
            {"name": "Ga/Al-doped LLZO: density against energy",
             "parameters": [
               {"name": "temperature", "type": "continuous", "low": 1000, "high": 1250},
               {"name": "hold_time", "type": "continuous", "low": 1, "high": 24, "log": true},
               {"name": "Ga", "type": "continuous", "low": 0, "high": 0.3},
               {"name": "Al", "type": "continuous", "low": 0, "high": 0.3}],
             "constraints": [{"terms": {"Ga": 1, "Al": 1}, "le": 0.3},
                             {"terms": {"temperature": 1, "hold_time": 10}, "le": 1400}],
             "batch_fixed": ["temperature"],
             "objectives": [{"name": "relative_density", "goal": "maximize", "unit": "%"},
                            {"name": "energy_cost", "goal": "minimize", "unit": "kWh"}],
             "acquisition": "ehvi", "batch": 3, "initial": 6,
             "stop": {"budget": 45},
             "simulator": {"function": "peak", "noise": 0.3, "range": [70, 97]}}""";

    static final String WINDOW_LAYER = """
            {"name": "(Mg,Zn)O window layer: predicted gap against conductivity",
             "parameters": [{"name": "Mg", "type": "continuous", "low": 0, "high": 1},
                            {"name": "Zn", "type": "continuous", "low": 0, "high": 1}],
             "simplex": true, "composition_base": "O",
             "constraints": [{"terms": {"Mg": 1}, "le": 0.6}],
             "objectives": [{"name": "band_gap", "source": "model", "model": "%s", "goal": "maximize", "unit": "eV"},
                            {"name": "conductivity", "goal": "maximize", "unit": "S/cm"}],
             "acquisition": "ehvi", "initial": 4, "stop": {"budget": 20},
             "simulator": {"function": "peak", "noise": 0.2}}""";

    @Override
    public String name() {
        return "trade-off-campaigns";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        Dataset d = ctx.catalog().createDataset(RequestContext.local(alice), new NewDataset("Doped LLZO and window-layer campaigns (battery lab)",
                "Multi-objective closed-loop campaigns with linear constraints, a furnace temperature shared per batch, "
                        + "and a model-predicted objective; every trial is an entry.",
                "CC-BY-4.0", "group", null, false, "battery-lab", null));
        var campaigns = ctx.campaigns();
        var llzo = campaigns.create(RequestContext.local(alice), d.id(), Json.read(DOPED_LLZO));
        campaigns.simulate(RequestContext.local(alice), llzo.id(), 18);
        ctx.models().list(alice, null, 200).items().stream()
                .filter(m -> m.model().name().equals("Band gap of oxides (demo)")).findFirst()
                .ifPresent(m -> {
                    var window = campaigns.create(RequestContext.local(alice), d.id(), Json.read(WINDOW_LAYER.formatted(m.model().id())));
                    campaigns.simulate(RequestContext.local(alice), window.id(), 10);
                });
    }
}
