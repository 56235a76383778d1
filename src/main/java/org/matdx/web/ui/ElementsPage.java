package org.matdx.web.ui;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.matdx.core.Problem;
import org.matdx.elementstrategy.PeriodicTableView;
import tools.jackson.databind.JsonNode;
import org.matdx.elementstrategy.ElementResources;

/**
 * The element heat map: any element property or supply-risk score on the periodic table, with
 * its unit and source. The figures come from the same view as {@code /api/v1/periodic-table}.
 */
public final class ElementsPage {
    static final String DEFAULT = "hhi_production";

    /** One coloured cell; {@code value} is null where the table has no figure. */
    public record HeatCell(PeriodicGrid.Cell cell, Double value, String colour, String textColour, String band) {
    }

    public record View(PeriodicTableView.Quantity quantity, List<PeriodicTableView.Quantity> quantities, List<HeatCell> cells,
                Double min, Double max, boolean logScale, String source) {
        /** The quantity's name in the page's language; the API keeps the English label of {@link PeriodicTableView}. */
        public String label(Page page, PeriodicTableView.Quantity q) {
            return page.t(labelKey(q));
        }

        /** A footprint without a published figure is unassessed, not merely missing (never read as zero). */
        public String noValueKey() {
            return quantity.code().equals("ghg_kg_co2eq_per_kg") || quantity.code().equals("ced_mj_per_kg")
                    ? "elements.unassessed" : "elements.no_value";
        }
    }

    static String labelKey(PeriodicTableView.Quantity q) {
        return "quantity." + q.code();
    }

    private final PeriodicTableView table;

    ElementsPage(ElementResources data) {
        this.table = new PeriodicTableView(data);
    }

    void show(Context ctx) {
        String code = ctx.queryParamAsClass("p", String.class).getOrDefault(DEFAULT);
        PeriodicTableView.Quantity quantity = table.quantity(code)
                .orElseThrow(() -> Problem.notFound("element property", code));
        JsonNode view = table.view(code).orElseThrow();
        Map<String, JsonNode> bySymbol = new HashMap<>();
        view.get("elements").forEach(n -> bySymbol.put(n.get("symbol").asString(), n));
        Double min = view.has("min") ? view.get("min").asDouble() : null;
        Double max = view.has("max") ? view.get("max").asDouble() : null;
        // Abundances and prices span many decades: a linear scale would show one hot cell.
        boolean log = min != null && min > 0 && max / min > 1000;
        List<HeatCell> cells = PeriodicGrid.cells().stream().map(c -> {
            JsonNode n = bySymbol.get(c.symbol());
            if (n == null || n.get("value") == null || n.get("value").isNull()) {
                return new HeatCell(c, null, "#eef1f4", "#59636e", null);
            }
            double v = n.get("value").asDouble();
            double t = max == null || max.equals(min) ? 0.5
                    : log ? (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min)) : (v - min) / (max - min);
            String band = n.has("band") ? n.get("band").asString() : null;
            return new HeatCell(c, v, Colours.viridis(t), Colours.readableOn(Colours.viridis(t)), band);
        }).toList();
        JsonNode src = view.get("source");
        String source = src == null ? "" : src.path("citation").asString("");
        Pages.render(ctx, "elements.jte", Map.of("view",
                new View(quantity, table.quantities(), cells, min, max, log, source)));
    }
}
