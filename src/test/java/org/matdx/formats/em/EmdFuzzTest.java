package org.matdx.formats.em;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matdx.testing.Fuzzing;

/** Fuzz target (issue 24): fuzz.emd — refused clearly or read; never another exception, a hang or unbounded allocation. */
public class EmdFuzzTest {
    public static Stream<Arguments> seeds() {
        List<byte[]> fixtures = new ArrayList<>();
        try {
            for (String name : List.of("velox_haadf_stack.emd", "ncem_spectrum_image.emd", "hostile_group_loop.emd",
                    "hostile_huge_dimensions.emd", "hostile_lzf.emd", "hostile_external_link.emd")) {
                fixtures.add(EmdReaderTest.fixture(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Fuzzing.seeds(fixtures, "em/emd_files", ".emd");
    }

    public static void target(byte[] data) {
        Fuzzing.read(new EmdReader(), "fuzz.emd", data);
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] data) {
        target(data);
    }
}
