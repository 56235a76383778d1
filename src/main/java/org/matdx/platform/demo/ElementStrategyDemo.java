package org.matdx.platform.demo;

import java.util.ArrayList;
import java.util.List;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.elementstrategy.ScreenJson;
import org.matdx.elementstrategy.ScreenRequest;
import org.matdx.jobs.JobHandler;
import tools.jackson.databind.node.ObjectNode;

/**
 * Element strategy in the demo: a public set of permanent-magnet and electrode compositions whose
 * supply-risk, cost and carbon scores are computed as they are stored, and a saved substitution
 * screen of In2O3 (transparent electrodes rely on indium) against the demo band-gap data.
 */
final class ElementStrategyDemo implements Seed {
    private record Row(String formula, String title, String use) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("Nd2Fe14B", "Nd2Fe14B (sintered NdFeB magnet phase)", "permanent magnet"),
            new Row("Nd1.8Dy0.2Fe14B", "(Nd,Dy)2Fe14B (Dy for coercivity at 150 °C)", "permanent magnet"),
            new Row("SmCo5", "SmCo5", "permanent magnet"),
            new Row("Sm2Co17", "Sm2Co17", "permanent magnet"),
            new Row("Sm2Fe17N3", "Sm2Fe17N3 (nitrided, bonded magnets)", "permanent magnet"),
            new Row("Fe16N2", "α″-Fe16N2 (rare-earth-free candidate)", "permanent magnet"),
            new Row("MnBi", "MnBi (rare-earth-free candidate)", "permanent magnet"),
            new Row("BaFe12O19", "Ba hexaferrite", "permanent magnet"),
            new Row("LiCoO2", "LiCoO2 cathode", "battery cathode"),
            new Row("LiNi0.8Mn0.1Co0.1O2", "NMC811 cathode", "battery cathode"),
            new Row("LiFePO4", "LiFePO4 cathode", "battery cathode"),
            new Row("LiMn2O4", "LiMn2O4 spinel cathode", "battery cathode"),
            new Row("NaFePO4", "NaFePO4 (sodium-ion)", "battery cathode"),
            new Row("IrO2", "IrO2 (PEM electrolyser anode)", "electrocatalyst"),
            new Row("Pt", "Pt (fuel-cell / electrolyser cathode)", "electrocatalyst"),
            new Row("In1.8Sn0.2O3", "ITO (transparent electrode)", "transparent conductor"),
            new Row("ZnO", "ZnO (host of Al-doped ZnO, an ITO replacement)", "transparent conductor"));

    @Override
    public String name() {
        return "element-strategy";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        Catalog catalog = ctx.catalog();
        Dataset d = catalog.createDataset(RequestContext.local(alice), new NewDataset("Element strategy: magnets, electrodes and catalysts",
                "Compositions of permanent magnets, battery cathodes, electrocatalysts and transparent conductors, "
                        + "with their supply-risk (HHI), critical-element, cost and carbon scores computed by MatDX "
                        + "(元素戦略). Also a saved substitution screen for indium in In2O3.",
                "CC-BY-4.0", "public", null, false, null, null));
        List<NewEntry> entries = new ArrayList<>();
        for (Row r : ROWS) {
            entries.add(new NewEntry("property_row", r.title(), r.formula(), null,
                    Json.object().put("application", r.use()), null, null, null, null, null, null));
        }
        catalog.addEntries(RequestContext.local(alice), d.id(), entries);

        // a saved screen: replace indium in In2O3 keeping the band gap near SnO2's 3.6 eV (transparency),
        // minimising supply concentration; Zn and Sn are the industry's ITO alternatives (AZO, FTO)
        Dataset gaps = catalog.datasets(alice, null, Catalog.MAX_PAGE).items().stream().map(Catalog.DatasetView::dataset)
                .filter(x -> x.title().equals("Optical band gaps of common oxides")).findFirst().orElse(null);
        if (gaps == null) {
            return;
        }
        ObjectNode request = Json.object().put("formula", "In2O3").put("risk", "hhi_production").put("kappa", 1.0);
        request.putObject("goal").put("target", 3.6);
        request.putArray("with").add("Zn").add("Sn");
        request.putObject("model").putObject("baseline").put("dataset", gaps.id().toString()).put("property", "band_gap");
        var screens = ctx.screens();
        ScreenJson.Spec spec = ScreenJson.parse(request, ScreenRequest.DEFAULT_MAX);
        ObjectNode result = screens.run(spec, screens.model(RequestContext.local(alice), spec.model()),
                new JobHandler.Progress() {
                    @Override
                    public void report(double fraction, String message) {
                    }

                    @Override
                    public boolean cancelled() {
                        return false;
                    }
                });
        result.set("request", request);
        catalog.addEntries(RequestContext.local(alice), d.id(), List.of(new NewEntry("calculation",
                "Substitution screen: indium in In2O3 (band gap near 3.6 eV vs HHI of production)", "In2O3", null,
                Json.object().put("method", "substitution screen").put("model", result.get("model").asString()),
                null, result, null, null, null, null)));
    }
}
