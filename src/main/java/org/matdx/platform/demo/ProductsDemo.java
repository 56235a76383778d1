package org.matdx.platform.demo;

import java.util.UUID;
import org.matdx.catalog.Catalog;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.lca.ExampleProducts;

/**
 * Products in the demo (issue 27): the worked pouch cell of docs/lca.md with a signed passport, and
 * an NdFeB rotor magnet whose magnet phase is the element-strategy dataset's (Nd,Dy)2Fe14B entry —
 * a part read from the hub through the access gate — used as a sub-assembly of a motor.
 */
final class ProductsDemo implements Seed {
    @Override
    public String name() {
        return "products";
    }

    @Override
    public void load(DemoContext ctx) {
        var alice = ctx.as("alice");
        Catalog catalog = ctx.catalog();
        Dataset d = catalog.datasets(alice, null, Catalog.MAX_PAGE).items().stream().map(Catalog.DatasetView::dataset)
                .filter(x -> x.title().equals("Element strategy: magnets, electrodes and catalysts")).findFirst().orElse(null);
        if (d == null) {
            return;
        }
        var cell = ctx.products().create(RequestContext.local(alice), d.id(), Json.readUntrusted(ExampleProducts.batteryCell(), ""));
        ctx.products().exportPassport(RequestContext.local(alice), cell.id());

        UUID dyMagnet = catalog.entries(RequestContext.local(alice), d.id(), null, 100).items().stream()
                .map(Catalog.EntryView::entry)
                .filter(e -> e.composition() != null && e.composition().reducedFormula().contains("Dy"))
                .map(Entry::id).findFirst().orElse(null);
        String phase = dyMagnet == null ? "\"formula\": \"Nd1.8Dy0.2Fe14B\"" : "\"entry\": \"" + dyMagnet + "\"";
        var magnet = ctx.products().create(RequestContext.local(alice), d.id(), Json.readUntrusted("""
                {"name": "NdFeB rotor magnet", "functional_unit": "1 magnet", "electricity": "cn",
                 "components": [
                   {"name": "magnet phase", "mass_kg": 0.0950, %s},
                   {"name": "Ni-Cu-Ni coating", "components": [
                     {"name": "nickel", "mass_kg": 0.0030, "formula": "Ni"},
                     {"name": "copper", "mass_kg": 0.0020, "formula": "Cu"}]}],
                 "steps": [{"name": "strip casting, hydrogen decrepitation, jet milling and sintering", "electricity_kwh": 1.2}]}
                """.formatted(phase), ""));
        ctx.products().create(RequestContext.local(alice), d.id(), Json.readUntrusted("""
                {"name": "traction motor (magnet set and winding)", "functional_unit": "1 motor", "electricity": "world",
                 "components": [
                   {"name": "rotor magnets", "mass_kg": 1.2, "product": "%s"},
                   {"name": "stator winding", "mass_kg": 4.5, "formula": "Cu", "recycled_fraction": 0.3}]}
                """.formatted(magnet.id()), ""));
    }
}
