package org.matdx.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

public final class TestFiles {
    private TestFiles() {
    }

    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files: the OS cleans up eventually
        }
    }

    /** The shared reference data directory ({@code ../shared/data}), or null when absent. */
    public static Path shared(String relative) {
        Path p = Path.of("..", "shared", "data").resolve(relative).toAbsolutePath().normalize();
        return Files.exists(p) ? p : null;
    }
}
