package org.matdx.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Thread dumps of the test JVM, virtual threads included, for a request that got no answer: the
 * server runs in the same JVM, so the dump shows where its handler waits.
 */
public final class ThreadDumps {
    private ThreadDumps() {}

    /** Writes a dump under {@code target/thread-dumps/} and returns its path. */
    public static Path write(String why) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "thread-dumps"));
            Path file = dir.resolve(Instant.now().toString().replace(':', '-') + ".txt");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            Files.writeString(file, "\n" + why + "\n", java.nio.file.StandardOpenOption.APPEND);
            System.err.println("thread dump written to " + file + ": " + why);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
