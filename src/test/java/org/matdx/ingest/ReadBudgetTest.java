package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.core.RequestContext;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.ZipBombs;
import org.matdx.testing.ZipBombs.Member;
import org.matdx.formats.IngestLimits;

/**
 * Every reader works within a time budget per file (issue 18, finding 7): a file that takes
 * longer is refused naming the file and the limit, nothing of it is stored, and the reader's
 * thread really stops rather than running on unseen. Each reader family gets a file large enough
 * to take far longer than the 25 ms budget this platform allows.
 */
class ReadBudgetTest {
    static TestPlatform tp;
    static TestPlatform.Person ana;
    static UUID dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start(c -> c.withIngestLimits(IngestLimits.DEFAULTS.withReadBudget(Duration.ofMillis(25))
                .withMaxSites(1_000_000)));
        ana = tp.person("ana");
        dataset = tp.platform().catalog().createDataset(RequestContext.local(ana.caller(tp.platform())), new org.matdx.catalog.NewDataset("slow", "",
                null, "private", null, false, null, null)).id();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("xrd.xy", "slow.xy", lines(300_000, i -> String.format(Locale.ROOT, "%.3f %d", 10 + i * 1e-5, i % 977))),
                Arguments.of("structure.cif", "slow.cif", cif(40_000)),
                Arguments.of("table.csv", "slow.csv", ("composition,T (K)\n" + new String(lines(150_000,
                        i -> "Fe2O3," + (300 + i % 500)), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)),
                Arguments.of("spectrum.jcamp", "slow.jdx", ("##TITLE=slow\n##JCAMP-DX=5.01\n##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n"
                        + "##NPOINTS=200000\n##XYDATA=(XY..XY)\n" + new String(lines(200_000,
                        i -> (400 + i * 1e-3) + "," + (i % 1000) * 1e-3), StandardCharsets.UTF_8) + "##END=\n")
                        .getBytes(StandardCharsets.UTF_8)),
                Arguments.of("magnet.qd-dat", "slow.dat", ("[Header]\nTITLE,slow\nBYAPP,Resistivity,1.0,2.3\n[Data]\n"
                        + "Comment,Time Stamp (sec),Temperature (K),Magnetic Field (Oe),Bridge 1 Resistivity (Ohm-cm)\n"
                        + new String(lines(150_000, i -> "," + i + "," + (300 - i * 1e-4) + ",0.0," + (1e-3 + i * 1e-9)),
                        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)),
                Arguments.of("xrd.rasx", "slow.rasx", ZipBombs.zip(Member.of("Data0/MesurementConditions0.xml",
                        "<MeasurementConditions/>"), Member.of("Data0/Profile0.txt", lines(200_000,
                        i -> String.format(Locale.ROOT, "%.4f\t%d\t1", 10 + i * 1e-5, i % 977))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void aFileOverTheBudgetIsRefusedAndItsReaderStops(String template, String name, byte[] content) throws Exception {
        Ingest ingest = tp.platform().ingest();
        long entries = count("SELECT count(*) FROM entries");
        long blobs = count("SELECT count(*) FROM blobs");
        Upload u = ingest.stage(name, new java.io.ByteArrayInputStream(content), false);
        IngestResult r = ingest.ingestFile(RequestContext.local(ana.caller(tp.platform())), dataset, u, List.of(),
                new Ingest.Options(template, null, "en"));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo(name + ": reading took longer than the 25 ms allowed for one file (a limit of this"
                + " MatDX installation; its operator sets it with --read-budget-s)");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(entries);
        assertThat(count("SELECT count(*) FROM blobs")).isEqualTo(blobs);
        // the abandoned reader does not run on: its input refuses further reads and loops check the interrupt
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!busyReaders().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(busyReaders()).as("reader threads still working").isEmpty();
    }

    /** Reader threads still inside a reader (idle pool threads wait in the executor). */
    static List<String> busyReaders() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("reader-"))
                .filter(e -> Stream.of(e.getValue()).anyMatch(f -> f.getClassName().startsWith("org.matdx.formats")
                        || f.getClassName().startsWith("org.matdx.formats.ReadBudget")))
                .map(e -> e.getKey().getName() + " at " + e.getValue()[0])
                .toList();
    }

    static byte[] lines(int n, IntFunction<String> line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 16);
        for (int i = 0; i < n; i++) {
            out.writeBytes(line.apply(i).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** P1 with many atom sites: nothing to expand, only a long loop to read. */
    static byte[] cif(int sites) {
        String head = "data_slow\n_cell_length_a 50\n_cell_length_b 50\n_cell_length_c 50\n_cell_angle_alpha 90\n"
                + "_cell_angle_beta 90\n_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'P 1'\nloop_\n"
                + "_symmetry_equiv_pos_as_xyz\n'x,y,z'\nloop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n"
                + "_atom_site_fract_y\n_atom_site_fract_z\n";
        return (head + new String(lines(sites, i -> String.format(Locale.ROOT, "Fe%d Fe %.5f %.5f %.5f", i, (i % 97) / 97.0,
                (i / 97 % 97) / 97.0, (i / 9409) / 50.0)), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    static long count(String sql) {
        return tp.platform().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
