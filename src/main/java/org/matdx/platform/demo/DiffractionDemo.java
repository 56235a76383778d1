package org.matdx.platform.demo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.diffraction.CandidateQuery;
import org.matdx.diffraction.PhaseIdentifier;
import org.matdx.diffraction.PowderDiffraction;
import org.matdx.diffraction.Radiation;
import org.matdx.diffraction.ReferencePhases;
import org.matdx.diffraction.Simulation;
import org.matdx.diffraction.StickPattern;
import org.matdx.diffraction.SyntheticPatterns;
import org.matdx.formats.cif.CifReader;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Powder diffraction in the demo: the shipped reference phases as a public dataset of structure
 * entries (registered as CIFs, as a user would), two more scans of the facility's LiCoO2 powders — one
 * with a Co3O4 impurity — and the phases of every facility scan identified and stored, so that the
 * entry pages show simulated patterns, fitted phases and search finds {@code phase=LiCoO2}.
 */
final class DiffractionDemo implements Seed {
    private static final Logger LOG = LoggerFactory.getLogger(DiffractionDemo.class);
    static final String FACILITY = "Shared XRD facility: battery and oxide powders";

    @Override
    public String name() {
        return "diffraction";
    }

    @Override
    public void load(DemoContext ctx) {
        Caller alice = ctx.as("alice");
        Ingest ingest = ctx.ingest();
        Dataset refs = ctx.catalog().createDataset(RequestContext.local(alice), new NewDataset("Powder diffraction reference phases",
                "Crystal structures of common phases (elements, oxides, battery materials, minerals) written from published lattice "
                        + "parameters and atomic positions, cited in each CIF: the candidates of phase identification.",
                "CC-BY-4.0", "public", null, false, null, null));
        for (ReferencePhases.Reference r : ReferencePhases.all()) {
            var invoice = Json.object();
            invoice.putObject("basic").put("data_name", formula(r) + " — " + r.name()).put("date", "2026-04-01")
                    .put("description", r.source());
            IngestResult res = ingest.ingestFile(RequestContext.local(alice), refs.id(), ingest.stage(r.file(),
                    new ByteArrayInputStream(ReferencePhases.bytes(r)), false), List.of(),
                    new Ingest.Options("structure.cif", invoice, "en"));
            if (!res.ok()) {
                LOG.info("Diffraction demo skipped {}: {}", r.file(), res.error());
            }
        }
        UUID facility = ctx.catalog().datasets(alice, null, 200).items().stream()
                .filter(v -> v.dataset().title().equals(FACILITY)).map(v -> v.dataset().id()).findFirst().orElse(null);
        if (facility == null) {
            return;
        }
        // two more scans of the cathode powders: one phase-pure, one with the spinel Co3O4 left from a short calcination
        scan(ingest, alice, facility, "LCO-2026-057.xy", "LCO-2026-057", "calcined 900 °C, 12 h, air", 57, 1.0);
        scan(ingest, alice, facility, "LCO-2026-058.xy", "LCO-2026-058", "calcined 750 °C, 2 h, air: short", 58, 0.86);
        List<UUID> scans = new ArrayList<>();
        ctx.catalog().entries(RequestContext.local(alice), facility, null, 200).items().stream()
                .filter(v -> v.entry().kind() == EntryKind.MEASUREMENT).forEach(v -> scans.add(v.entry().id()));
        CandidateQuery q = new CandidateQuery(List.of(refs.id()), null, List.of(), true, CandidateQuery.DEFAULT_LIMIT);
        int identified = 0;
        for (UUID id : scans) {
            try {
                ctx.diffraction().identifyAndStore(RequestContext.local(alice), id, q, PhaseIdentifier.Options.DEFAULT);
                identified++;
            } catch (Problem e) {
                LOG.info("Diffraction demo: no analysis of {}: {}", id, e.getMessage());
            }
        }
        LOG.info("Diffraction demo: {} reference phases, phases identified in {} scans", ReferencePhases.all().size(), identified);
    }

    private static String formula(ReferencePhases.Reference r) {
        try {
            return new CifReader().read(r.file(), new ByteArrayInputStream(ReferencePhases.bytes(r))).get(0).structure().composition()
                    .reducedFormula();
        } catch (Exception e) {
            return r.key();
        }
    }

    /** A LiCoO2 scan (the rest Co3O4) generated from the shipped structures, registered with its invoice. */
    private static void scan(Ingest ingest, Caller alice, UUID dataset, String file, String sample, String description, long seed,
                             double licoo2) {
        Simulation sim = new Simulation(Radiation.CU_KA.kAlpha1(), 8, 92, Map.of(), null);
        List<SyntheticPatterns.Component> mix = new ArrayList<>();
        mix.add(SyntheticPatterns.Component.of(sticks("licoo2.cif", sim), licoo2));
        if (licoo2 < 1) {
            mix.add(SyntheticPatterns.Component.of(sticks("co3o4.cif", sim), 1 - licoo2));
        }
        String xy = SyntheticPatterns.xy(SyntheticPatterns.pattern(mix, SyntheticPatterns.Scan.laboratory(), new SplittableRandom(seed)), sample);
        var invoice = Json.object();
        invoice.putObject("basic").put("data_name", sample + " (" + description + ")").put("date", "2026-10-21")
                .put("instrument", "Rigaku SmartLab");
        invoice.putObject("sample").put("name", sample).put("composition", "LiCoO2").put("description", description);
        IngestResult r = ingest.ingestFile(RequestContext.local(alice), dataset, ingest.stage(file, new ByteArrayInputStream(xy.getBytes(StandardCharsets.UTF_8)),
                false), List.of(), new Ingest.Options("auto", invoice, "en"));
        if (!r.ok()) {
            LOG.info("Diffraction demo skipped {}: {}", file, r.error());
        }
    }

    private static StickPattern sticks(String file, Simulation sim) {
        try {
            var s = new CifReader().read(file, ReferencePhases.open(file)).get(0).structure();
            return PowderDiffraction.simulate(s, sim);
        } catch (Exception e) {
            throw new IllegalStateException("shipped reference " + file + ": " + e.getMessage(), e);
        }
    }
}
