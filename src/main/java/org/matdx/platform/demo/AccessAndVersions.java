package org.matdx.platform.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.matdx.access.Visibility;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import tools.jackson.databind.JsonNode;

/**
 * Tiered access to try out: an ARIM-style embargoed dataset of the battery lab (others see its
 * title and formulas, the lab sees everything, until two years from loading), a company's
 * model-use-only dataset (only its owner sees it), and version 1 of the open band-gap dataset,
 * published with a citation and a DataCite test-prefix DOI.
 */
final class AccessAndVersions implements Seed {
    /** DataCite's test prefix: a DOI that resolves nowhere, as demo data should. */
    static final String DEMO_DOI = "10.5072/matdx-demo.oxide-band-gaps";

    @Override
    public String name() {
        return "access-and-versions";
    }

    @Override
    public void load(DemoContext ctx) {
        var catalog = ctx.catalog();
        var alice = ctx.as("alice");

        // ARIM: instrument data stay with the lab for about two years, then open
        var embargoEnd = ctx.policy().today().plusYears(2);
        Dataset xrd = catalog.createDataset(RequestContext.local(alice), new NewDataset("Lattice parameters of Li-rich layered oxides (ARIM, embargoed)",
                "Rietveld lattice parameters of Li-rich NMC cathode powders measured at an ARIM facility. "
                        + "Under embargo: others see titles and formulas until " + embargoEnd + "; the battery lab sees everything.",
                "CC-BY-4.0", "embargoed", embargoEnd, false, "battery-lab", null));
        List<NewEntry> rows = new ArrayList<>();
        double[][] cells = {{2.853, 14.24}, {2.861, 14.26}, {2.868, 14.29}, {2.874, 14.31}};
        String[] formulas = {"Li1.2Mn0.54Ni0.13Co0.13O2", "Li1.17Mn0.5Ni0.17Co0.17O2", "Li1.13Mn0.47Ni0.2Co0.2O2",
                "Li1.1Mn0.43Ni0.23Co0.23O2"};
        for (int i = 0; i < formulas.length; i++) {
            rows.add(new NewEntry("property_row", formulas[i] + " (R-3m cell)", formulas[i], Map.of(
                    "a", quantity(cells[i][0], "Å"), "c", quantity(cells[i][1], "Å")),
                    Json.object().put("facility", "ARIM (demo)").put("instrument", "SmartLab XRD")
                            .put("operator", "A. Tanaka"), null, null, null, null, null, null));
        }
        catalog.addEntries(RequestContext.local(alice), xrd.id(), rows);

        // a company's competitive data: it may train shared models, nobody else sees a record of it
        var dan = ctx.accounts().createUser(ctx.system(), "dan", "Dan Kobayashi (Example Materials Corp.)", "dan@example.com",
                null, DemoPeople.PASSWORD, false);
        var danCaller = new Caller.Account(dan, ctx.users().memberships(dan.id()), Scope.ADMIN);
        Dataset company = catalog.createDataset(RequestContext.local(danCaller), new NewDataset("Garnet electrolyte sintering outcomes (model use only)",
                "Room-temperature Li-ion conductivity of doped LLZO pellets after sintering. Example Materials Corp. "
                        + "shares these for model training only: records, counts and files stay with the company.",
                "LicenseRef-ExampleCorp-ModelUseOnly", "public", null, true, null, null));
        List<NewEntry> garnets = new ArrayList<>();
        Object[][] llzo = {{"Li6.4La3Zr1.4Ta0.6O12", 1.0e-3}, {"Li6.25Al0.25La3Zr2O12", 4.0e-4},
                {"Li6.5La3Zr1.5Nb0.5O12", 8.0e-4}, {"Li6.4Ga0.2La3Zr2O12", 1.3e-3}, {"Li7La3Zr2O12", 2.0e-6}};
        for (Object[] g : llzo) {
            garnets.add(new NewEntry("property_row", g[0] + " pellet", (String) g[0], Map.of(
                    "ionic_conductivity", quantity((Double) g[1], "S/cm")),
                    Json.object().put("sintering", "1200 °C, 12 h, MgO crucible"), null, null, null, null, null, null));
        }
        catalog.addEntries(RequestContext.local(danCaller), company.id(), garnets);

        // the open band-gap dataset, published as citable version 1
        Dataset gaps = ctx.datasets().list(ctx.policy().datasetFilter(alice, "d", Visibility.OWNER), null, 500)
                .stream().filter(d -> d.title().equals("Optical band gaps of common oxides")).findFirst().orElse(null);
        if (gaps != null) {
            ctx.sharing().putCoworker(RequestContext.local(alice), gaps.id(), "bob", "coauthor");
            ctx.versions().publish(RequestContext.local(alice), gaps.id(), DEMO_DOI);
        }
    }

    private static JsonNode quantity(double value, String unit) {
        return Json.object().put("value", value).put("unit", unit);
    }
}
