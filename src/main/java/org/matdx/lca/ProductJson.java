package org.matdx.lca;

import java.util.Map;
import org.matdx.core.Element;
import org.matdx.core.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON forms of products and their footprints: what the API returns and {@code matdx product … --json} prints. */
public final class ProductJson {
    private ProductJson() {
    }

    public static ObjectNode product(Product p) {
        ObjectNode n = Json.object().put("id", p.id().toString()).put("dataset_id", p.datasetId().toString())
                .put("name", p.name()).put("revision", p.revision()).put("created_at", p.createdAt().toString())
                .put("updated_at", p.updatedAt().toString());
        n.put("created_by", p.createdBy() == null ? null : p.createdBy().toString());
        n.set("bom", p.bomJson());
        return n;
    }

    public static ObjectNode footprint(ProductFootprint f) {
        ObjectNode n = Json.object().put("name", f.name()).put("functional_unit", f.functionalUnit()).put("mass_kg", f.massKg());
        n.set("gwp_kg_co2eq", figure(f.gwp(), "kg CO2-eq"));
        n.set("materials_gwp_kg_co2eq", figure(f.materialsGwp(), "kg CO2-eq"));
        n.put("process_gwp_kg_co2eq", f.processGwp()).put("electricity_kwh", f.electricityKwh());
        n.set("ced_mj", figure(f.ced(), "MJ"));
        n.set("hhi_production", figure(f.hhiProduction(), ""));
        n.set("hhi_reserve", figure(f.hhiReserve(), ""));
        ObjectNode crit = n.putObject("critical");
        f.critical().forEach((l, c) -> {
            ObjectNode x = crit.putObject(l.code()).put("list", l.title()).put("mass_kg", c.massKg()).put("mass_fraction", c.massFraction());
            x.set("elements_kg", elements(c.elements()));
        });
        ObjectNode rec = n.putObject("recycled_content").put("mass_kg", f.recycled().massKg())
                .put("mass_fraction", f.recycled().massFraction()).put("declared_mass_fraction", f.recycled().declaredMassFraction())
                .put("allocation", f.allocation().code()).put("allocation_method", f.allocation().description());
        rec.set("element_share", elements(f.recycled().elementShare()));
        n.set("element_mass_kg", elements(f.elementMassKg()));
        n.putObject("electricity").put("code", f.electricity().code()).put("name", f.electricity().name())
                .put("g_co2eq_per_kwh", f.electricity().gCo2eqPerKwh()).put("year", f.electricity().year())
                .put("source", f.electricity().source());
        ArrayNode parts = n.putArray("parts");
        double total = f.gwp().lowerBound();
        for (ProductFootprint.Part p : f.parts()) {
            ObjectNode x = parts.addObject().put("path", p.path()).put("name", p.name()).put("mass_kg", p.massKg())
                    .put("material", p.material()).put("visible", p.visible());
            num(x, "gwp_kg_co2eq", p.gwp());
            num(x, "gwp_share", p.gwp() == null || total == 0 ? null : p.gwp() / total);
            num(x, "gwp_kg_co2eq_per_kg", p.gwpPerKg());
            num(x, "ced_mj", p.ced());
            num(x, "recycled_fraction", p.recycledFraction());
            x.put("basis", p.basis()).put("note", p.note());
        }
        ArrayNode steps = n.putArray("steps");
        for (ProductFootprint.Step s : f.steps()) {
            steps.addObject().put("path", s.path()).put("name", s.name()).put("electricity_kwh", s.electricityKwh())
                    .put("electricity", s.electricity().name()).put("g_co2eq_per_kwh", s.electricity().gCo2eqPerKwh())
                    .put("gwp_kg_co2eq", s.gwp()).put("gwp_share", total == 0 ? 0 : s.gwp() / total);
        }
        ArrayNode src = n.putArray("sources");
        f.sources().forEach(src::add);
        return n;
    }

    public static ObjectNode whatIf(WhatIf w) {
        ObjectNode n = Json.object().put("component", w.path());
        n.set("base", footprint(w.base()));
        n.set("variant", footprint(w.variant()));
        ObjectNode delta = n.putObject("change");
        delta(delta, "gwp_kg_co2eq", w.base().gwp(), w.variant().gwp());
        delta(delta, "ced_mj", w.base().ced(), w.variant().ced());
        delta(delta, "hhi_production", w.base().hhiProduction(), w.variant().hhiProduction());
        delta(delta, "hhi_reserve", w.base().hhiReserve(), w.variant().hhiReserve());
        w.base().critical().forEach((l, c) -> delta.put("critical_fraction_" + l.code(),
                w.variant().critical().get(l).massFraction() - c.massFraction()));
        delta.put("recycled_mass_fraction", w.variant().recycled().massFraction() - w.base().recycled().massFraction());
        return n;
    }

    private static void delta(ObjectNode n, String key, ProductFootprint.Figure a, ProductFootprint.Figure b) {
        num(n, key, a.assessed() && b.assessed() ? b.value() - a.value() : null);
    }

    static ObjectNode figure(ProductFootprint.Figure f, String unit) {
        ObjectNode n = Json.object();
        num(n, "value", f.value());
        n.put("status", f.assessed() ? "assessed" : "unassessed").put("lower_bound", f.lowerBound()).put("unit", unit);
        ArrayNode u = n.putArray("unassessed");
        f.unassessed().forEach(u::add);
        return n;
    }

    private static ObjectNode elements(Map<Element, Double> m) {
        ObjectNode n = Json.object();
        m.forEach((e, v) -> n.put(e.symbol(), v));
        return n;
    }

    private static void num(ObjectNode n, String key, Double v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }
}
