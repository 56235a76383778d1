package org.matdx.formats;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Files of the shared reference corpus ({@code ../shared/data/corpus}); tests skip when it is absent. */
public final class Corpus {
    private Corpus() {
    }

    public static Path file(String relative) {
        Path p = Path.of("..", "shared", "data", "corpus").resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "../shared/data/corpus/" + relative + " is absent: skipping");
        return p;
    }
}
