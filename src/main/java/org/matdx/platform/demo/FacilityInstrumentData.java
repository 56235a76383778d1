package org.matdx.platform.demo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.ingest.BatchSheet;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.matdx.ingest.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared-facility dataset registered the way a technician would: one XRD scan with an invoice
 * and a new sample (with its QR label), a batch from a spreadsheet of invoices, a run directory
 * with a log attached and a restricted proposal, a CIF and a table of experiments. The files
 * are generated here (synthetic but realistic patterns), not copied from anywhere. Formats whose
 * reader is not installed in this build are skipped with a log line.
 */
final class FacilityInstrumentData implements Seed {
    private static final Logger LOG = LoggerFactory.getLogger(FacilityInstrumentData.class);

    @Override
    public String name() {
        return "facility-instrument-data";
    }

    @Override
    public void load(DemoContext ctx) {
        Ingest ingest = ctx.ingest();
        Caller alice = ctx.as("alice");
        Dataset d = ctx.catalog().createDataset(RequestContext.local(alice), new NewDataset("Shared XRD facility: battery and oxide powders",
                "Powder diffraction and tables registered through templates and invoices (送り状) at the shared "
                        + "X-ray facility; each measurement links to its sample.", "CC-BY-4.0", "public", null, false,
                null, null));
        List<IngestResult> results = new ArrayList<>();
        // one file + invoice, with a new sample
        var invoice = Json.read("""
                {"basic": {"data_name": "LiCoO2 cathode powder, as calcined", "owner": "alice", "instrument": "Rigaku SmartLab",
                           "date": "2026-10-14", "description": "Cu Kα, Bragg-Brentano, 10-90° 2θ"},
                 "sample": {"name": "LCO-2026-041", "composition": "LiCoO2", "description": "calcined 900 °C, 12 h, air"},
                 "custom": {"measurement_mode": "reflection", "tube_voltage": 40, "tube_current": 30, "scan_speed": 2}}""");
        results.add(ingest.ingestFile(RequestContext.local(alice), d.id(), text(ingest, "LCO-2026-041.xy",
                SyntheticPatterns.xrdXy(SyntheticPatterns.LICOO2, 0.02, 0.14, 41), false), List.of(),
                new Ingest.Options("auto", invoice, "en")));
        // a batch: one invoice per spreadsheet row
        String sheet = """
                file,template,data_name,date,instrument,sample_name,sample_composition,tube_voltage,measurement_mode
                si-std-0914.xy,xrd.xy,Si standard (daily alignment),2026-09-14,Rigaku SmartLab,Si SRM piece,Si,40,reflection
                p25-500C.xy,xrd.xy,P25 annealed 500 °C,2026-09-15,Rigaku SmartLab,P25-500,TiO2,40,reflection
                p25-900C.xy,xrd.xy,P25 annealed 900 °C (rutile),2026-09-15,Rigaku SmartLab,P25-900,TiO2,40,reflection
                """;
        try {
            BatchSheet bs = BatchSheet.read("facility-batch.csv", new ByteArrayInputStream(sheet.getBytes(StandardCharsets.UTF_8)));
            List<Upload> files = List.of(
                    text(ingest, "si-std-0914.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.10, 914), false),
                    text(ingest, "p25-500C.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.35, 500), false),
                    text(ingest, "p25-900C.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.12, 900), false));
            results.addAll(ingest.ingestBatch(RequestContext.local(alice), d.id(), bs, files, "en", Ingest.Progress.NONE));
        } catch (Exception e) {
            throw new IllegalStateException("demo batch sheet: " + e.getMessage(), e);
        }
        // a run directory: main file recognised, log attached, proposal kept restricted
        List<Upload> tree = List.of(
                text(ingest, "beamtime-2026-11/lco-cycled.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.LICOO2, 0.02, 0.2, 77), false),
                text(ingest, "beamtime-2026-11/run.log", "09:02 sample mounted\n09:10 alignment ok\n09:12 scan start\n", false),
                text(ingest, "beamtime-2026-11/proposal.txt", "Proposal 2026B-117 (confidential until publication)\n", true));
        results.addAll(ingest.ingestTree(RequestContext.local(alice), d.id(), tree, new Ingest.Options("auto", null, "en"),
                Ingest.Progress.NONE));
        // a structure and a table of experiments
        results.add(ingest.ingestFile(RequestContext.local(alice), d.id(), text(ingest, "rutile.cif", RUTILE_CIF, false), List.of(),
                new Ingest.Options("auto", null, "en")));
        results.add(ingest.ingestFile(RequestContext.local(alice), d.id(), text(ingest, "sintering-runs.csv", """
                name,composition,sintering T (°C),time (h),relative density [%],conductivity [S/cm]
                LLZO-01,Li7La3Zr2O12,1100,6,91.2,2.1e-4
                LLZO-02,Li7La3Zr2O12,1200,6,95.8,4.6e-4
                LLZTO-01,Li6.4La3Zr1.4Ta0.6O12,1150,12,96.5,7.9e-4
                """, false), List.of(), new Ingest.Options("auto",
                Json.read("{\"basic\": {\"data_name\": \"Garnet electrolyte sintering\", \"date\": \"2026-08-30\"}}"), "en")));
        long ok = results.stream().filter(IngestResult::ok).count();
        LOG.info("Facility demo: {} of {} files structured", ok, results.size());
        results.stream().filter(r -> !r.ok()).forEach(r -> LOG.info("Facility demo skipped {}: {}", r.source(), r.error()));
    }

    private static Upload text(Ingest ingest, String name, String content, boolean restricted) {
        return ingest.stage(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), restricted);
    }

    /** Rutile TiO2, P4₂/mnm (No. 136), a = 4.5937 Å, c = 2.9587 Å, O at x = 0.3048 (Burdett et al., JACS 109, 3639, 1987). */
    static final String RUTILE_CIF = """
            data_rutile
            _chemical_name_mineral 'Rutile'
            _chemical_formula_sum 'O2 Ti'
            _cell_length_a 4.5937
            _cell_length_b 4.5937
            _cell_length_c 2.9587
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _symmetry_space_group_name_H-M 'P 42/m n m'
            _symmetry_Int_Tables_number 136
            loop_
            _symmetry_equiv_pos_as_xyz
            'x,y,z'
            '-x,-y,z'
            '-y+1/2,x+1/2,z+1/2'
            'y+1/2,-x+1/2,z+1/2'
            '-x+1/2,y+1/2,-z+1/2'
            'x+1/2,-y+1/2,-z+1/2'
            'y,x,-z'
            '-y,-x,-z'
            '-x,-y,-z'
            'x,y,-z'
            'y+1/2,-x+1/2,-z+1/2'
            '-y+1/2,x+1/2,-z+1/2'
            'x+1/2,-y+1/2,z+1/2'
            '-x+1/2,y+1/2,z+1/2'
            '-y,-x,z'
            'y,x,z'
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            _atom_site_occupancy
            Ti1 Ti 0 0 0 1
            O1 O 0.3048(3) 0.3048(3) 0 1
            """;
}
