package org.matdx.platform.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.informatics.TrainRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Informatics in the demo: a band-gap model alice trains on the public oxide band gaps, and a
 * company's model-use-only dataset of ternary oxides (carol's) whose model everyone may predict
 * with while its rows stay hidden: that model is trained with differential privacy (ε = 2, the
 * default), so its predictions do not give the rows away. Both are small, so they train in a few seconds at start-up.
 */
final class BandGapModels implements Seed {
    private record Row(String formula, double gapEv) {
    }

    /** Approximate room-temperature optical gaps of ternary oxides (literature values, rounded). */
    private static final List<Row> COMPANY_ROWS = List.of(
            new Row("CaTiO3", 3.5), new Row("KTaO3", 3.6), new Row("KNbO3", 3.3), new Row("NaNbO3", 3.4),
            new Row("LaAlO3", 5.6), new Row("SrZrO3", 5.6), new Row("BaZrO3", 5.3), new Row("BaSnO3", 3.1),
            new Row("SrSnO3", 4.1), new Row("CaSnO3", 4.4), new Row("ZnGa2O4", 4.4), new Row("MgAl2O4", 7.8),
            new Row("ZnAl2O4", 3.8), new Row("Zn2SnO4", 3.6), new Row("CdIn2O4", 3.1), new Row("LiGaO2", 5.6),
            new Row("LiAlO2", 6.2), new Row("PbTiO3", 3.4), new Row("BiFeO3", 2.7), new Row("LaFeO3", 2.1),
            new Row("YAlO3", 7.5), new Row("Y3Al5O12", 6.5), new Row("ZnWO4", 3.9), new Row("CaWO4", 4.9));

    @Override
    public String name() {
        return "band-gap-models";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        Dataset gaps = ctx.catalog().datasets(alice, null, Catalog.MAX_PAGE).items().stream().map(Catalog.DatasetView::dataset)
                .filter(x -> x.title().equals("Optical band gaps of common oxides")).findFirst().orElse(null);
        if (gaps != null) {
            ctx.models().train(RequestContext.local(alice), request("Band gap of oxides (demo)", gaps), null, (f, s) -> true);
        }

        var carol = ctx.as("carol");
        Dataset company = ctx.catalog().createDataset(RequestContext.local(carol), new NewDataset(
                "Ternary oxide band gaps (company data, model use only)",
                "A company's measured band gaps of ternary oxides, shared for model training only (AIST MPI practice): "
                        + "everyone may use the model trained on it; its records and counts stay with the company.",
                "LicenseRef-model-use-only", "public", null, true, null, null));
        List<NewEntry> entries = new ArrayList<>();
        for (Row r : COMPANY_ROWS) {
            Map<String, JsonNode> props = Map.of("band_gap", Json.object().put("value", r.gapEv()).put("unit", "eV"));
            entries.add(new NewEntry("property_row", r.formula(), r.formula(), props,
                    Json.object().put("method", "optical absorption"), null, null, null, null, null, null));
        }
        ctx.catalog().addEntries(RequestContext.local(carol), company.id(), entries);
        ctx.models().train(RequestContext.local(carol), request("Band gap of ternary oxides (company, model use only)", company), null, (f, s) -> true);
    }

    private static TrainRequest request(String name, Dataset d) {
        // band gaps lie in 0-10 eV whoever measures them: stating it spares the private model's budget
        ObjectNode b = Json.object().put("name", name).put("target", "band_gap").put("members", 5).put("folds", 5)
                .put("search_seconds", 3);
        b.putArray("target_range").add(0).add(10);
        b.putArray("datasets").add(d.id().toString());
        return TrainRequest.parse(b);
    }
}
