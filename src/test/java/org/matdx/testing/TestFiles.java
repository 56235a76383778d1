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

    /**
     * The shared reference data directory ({@code ../shared/data}, or the directory the system
     * property {@code matdx.shared} names — for a worktree that does not sit beside it), or null when absent.
     */
    public static Path shared(String relative) {
        String dir = System.getProperty("matdx.shared");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of("..", "shared", "data");
        Path p = base.resolve(relative).toAbsolutePath().normalize();
        return Files.exists(p) ? p : null;
    }
}
