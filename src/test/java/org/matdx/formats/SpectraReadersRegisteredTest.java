package org.matdx.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.matdx.formats.jcamp.JcampReader;
import org.matdx.formats.xps.SpecsXyReader;
import org.matdx.formats.xps.VamasReader;
import org.matdx.testing.TestFiles;

/** The spectroscopy readers are found through ServiceLoader, and on the corpus each claims by content only its own files. */
class SpectraReadersRegisteredTest {

    @Test
    void serviceLoaderFindsTheSpectroscopyReaders() {
        List<String> ids = ServiceLoader.load(Reader.class).stream().map(p -> p.get().id()).toList();
        assertThat(ids).contains("xps.vamas", "xps.specs-xy", "spectrum.jcamp");
    }

    @Test
    void onTheCorpusEachFileIsClaimedByContentByItsOwnReaderOnly() throws Exception {
        Path xps = TestFiles.shared("corpus/xps");
        Path jcamp = TestFiles.shared("corpus/jcamp");
        Assumptions.assumeTrue(xps != null && jcamp != null, "../shared/data/corpus/{xps,jcamp} absent: skipping");
        List<Reader> readers = List.of(new VamasReader(), new SpecsXyReader(), new JcampReader());
        Map<String, String> expected = Map.of("regular.vms", "xps.vamas", "irregular.vms", "xps.vamas",
                "FeO_analyzed.vms", "xps.vamas", "MgFe2O4_small.xy", "xps.specs-xy", "PE1800.DX", "spectrum.jcamp",
                "ethanol_nmr.jdx", "spectrum.jcamp", "BRUKNTUP.DX", "spectrum.jcamp", "kratos.vms", "", "DX-DIR.TXT", "");
        for (var e : expected.entrySet()) {
            Path p = Stream.of(xps, jcamp).map(d -> d.resolve(e.getKey())).filter(Files::exists).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(p);
            byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 65536));
            String claimed = readers.stream().filter(r -> r.recognise(e.getKey(), head) == Recognition.CONTENT)
                    .map(Reader::id).collect(Collectors.joining(","));
            assertThat(claimed).as(e.getKey()).isEqualTo(e.getValue());
        }
    }
}
