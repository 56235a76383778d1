package org.matdx.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.core.CompositionFuzzTest;
import org.matdx.core.UnitsFuzzTest;
import org.matdx.ingest.InvoiceFuzzTest;
import org.matdx.ingest.TableCsvFuzzTest;
import org.matdx.ingest.TableXlsxFuzzTest;
import org.matdx.formats.cif.CifFuzzTest;
import org.matdx.formats.jcamp.JcampFuzzTest;
import org.matdx.formats.qd.QdDatFuzzTest;
import org.matdx.formats.vasp.VasprunFuzzTest;
import org.matdx.formats.xps.SpecsXyFuzzTest;
import org.matdx.formats.xps.VamasFuzzTest;
import org.matdx.formats.xrd.BrmlFuzzTest;
import org.matdx.formats.xrd.BrukerRawFuzzTest;
import org.matdx.formats.xrd.RasFuzzTest;
import org.matdx.formats.xrd.RasxFuzzTest;
import org.matdx.formats.xrd.TwoColumnFuzzTest;
import org.matdx.formats.xrd.XrdmlFuzzTest;
import org.matdx.optimade.filter.FilterFuzzTest;

/**
 * Every fuzz target in one run, as {@code mvn verify} (and so CI) fuzzes them: Jazzer fuzzes one
 * target per JVM, and one JVM start for all of them keeps the suite short. The first byte of an
 * input picks the target, the rest is that target's input; every target's seeds and regression
 * inputs ({@code <Target>Inputs/} in the test resources) are seeds here too, so they all run
 * first. For a long session of one target run that target's own class (docs/SECURITY.md).
 */
class AllParsersFuzzTest {
    record Target(Class<?> type, Consumer<byte[]> run, Supplier<Stream<Arguments>> seeds) {
    }

    static final List<Target> TARGETS = List.of(
            new Target(XrdmlFuzzTest.class, XrdmlFuzzTest::target, XrdmlFuzzTest::seeds),
            new Target(RasxFuzzTest.class, RasxFuzzTest::target, RasxFuzzTest::seeds),
            new Target(RasFuzzTest.class, RasFuzzTest::target, RasFuzzTest::seeds),
            new Target(BrmlFuzzTest.class, BrmlFuzzTest::target, BrmlFuzzTest::seeds),
            new Target(BrukerRawFuzzTest.class, BrukerRawFuzzTest::target, BrukerRawFuzzTest::seeds),
            new Target(TwoColumnFuzzTest.class, TwoColumnFuzzTest::target, TwoColumnFuzzTest::seeds),
            new Target(VamasFuzzTest.class, VamasFuzzTest::target, VamasFuzzTest::seeds),
            new Target(SpecsXyFuzzTest.class, SpecsXyFuzzTest::target, SpecsXyFuzzTest::seeds),
            new Target(JcampFuzzTest.class, JcampFuzzTest::target, JcampFuzzTest::seeds),
            new Target(CifFuzzTest.class, CifFuzzTest::target, CifFuzzTest::seeds),
            new Target(VasprunFuzzTest.class, VasprunFuzzTest::target, VasprunFuzzTest::seeds),
            new Target(QdDatFuzzTest.class, QdDatFuzzTest::target, QdDatFuzzTest::seeds),
            new Target(TableCsvFuzzTest.class, TableCsvFuzzTest::target, TableCsvFuzzTest::seeds),
            new Target(TableXlsxFuzzTest.class, TableXlsxFuzzTest::target, TableXlsxFuzzTest::seeds),
            new Target(CompositionFuzzTest.class, CompositionFuzzTest::target, CompositionFuzzTest::seeds),
            new Target(UnitsFuzzTest.class, UnitsFuzzTest::target, UnitsFuzzTest::seeds),
            new Target(FilterFuzzTest.class, FilterFuzzTest::target, FilterFuzzTest::seeds),
            new Target(InvoiceFuzzTest.class, InvoiceFuzzTest::target, InvoiceFuzzTest::seeds),
            new Target(org.matdx.formats.em.DmFuzzTest.class, org.matdx.formats.em.DmFuzzTest::target,
                    org.matdx.formats.em.DmFuzzTest::seeds),
            new Target(org.matdx.formats.em.EmsaFuzzTest.class, org.matdx.formats.em.EmsaFuzzTest::target,
                    org.matdx.formats.em.EmsaFuzzTest::seeds),
            new Target(org.matdx.formats.em.TiffFuzzTest.class, org.matdx.formats.em.TiffFuzzTest::target,
                    org.matdx.formats.em.TiffFuzzTest::seeds),
            new Target(org.matdx.formats.em.TiaFuzzTest.class, org.matdx.formats.em.TiaFuzzTest::target,
                    org.matdx.formats.em.TiaFuzzTest::seeds),
            new Target(org.matdx.formats.em.BrukerSpxFuzzTest.class, org.matdx.formats.em.BrukerSpxFuzzTest::target,
                    org.matdx.formats.em.BrukerSpxFuzzTest::seeds),
            new Target(org.matdx.formats.em.JeolEdsFuzzTest.class, org.matdx.formats.em.JeolEdsFuzzTest::target,
                    org.matdx.formats.em.JeolEdsFuzzTest::seeds),
            new Target(org.matdx.formats.em.EmdFuzzTest.class, org.matdx.formats.em.EmdFuzzTest::target,
                    org.matdx.formats.em.EmdFuzzTest::seeds),
            new Target(org.matdx.formats.em.BcfFuzzTest.class, org.matdx.formats.em.BcfFuzzTest::target,
                    org.matdx.formats.em.BcfFuzzTest::seeds));

    static Stream<Arguments> seeds() {
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < TARGETS.size(); i++) {
            Target t = TARGETS.get(i);
            byte selector = (byte) i;
            t.seeds().get().forEach(a -> all.add(Arguments.of((Object) prefixed(selector, (byte[]) a.get()[0]))));
            regressionInputs(t.type()).forEach(b -> all.add(Arguments.of((Object) prefixed(selector, b))));
        }
        return all.stream();
    }

    @MethodSource("seeds")
    @FuzzTest
    void fuzz(byte[] data) {
        if (data.length == 0) {
            return;
        }
        TARGETS.get((data[0] & 0xff) % TARGETS.size()).run().accept(Arrays.copyOfRange(data, 1, data.length));
    }

    private static byte[] prefixed(byte selector, byte[] b) {
        byte[] out = new byte[b.length + 1];
        out[0] = selector;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    /** Files Jazzer (or a person) put in {@code <Target>Inputs/}: findings of earlier sessions. */
    static List<byte[]> regressionInputs(Class<?> target) {
        var url = target.getResource(target.getSimpleName() + "Inputs");
        if (url == null || !"file".equals(url.getProtocol())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(Path.of(url.toURI()))) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
