package org.matdx.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Reference files in ../shared/data: tests that read them skip, with a message, when they are absent. */
public final class SharedData {
    private SharedData() {
    }

    /** The directory or file under ../shared/data, or the test is skipped. */
    public static Path require(String relative) {
        Path p = TestFiles.shared(relative);
        Assumptions.assumeTrue(p != null, "reference data ../shared/data/" + relative + " is absent: skipped (see ../shared/README.md)");
        return p;
    }

    /** The first 64 KiB of a file, as readers see it for recognition. */
    public static byte[] head(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(org.matdx.formats.Readers.HEAD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
