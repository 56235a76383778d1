package org.matdx.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.matdx.cli.bench.ImagesBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code matdx bench images}: microscope images structured per second. */
@Command(name = "images", description = {
        "Structure distinct 1k×1k 16-bit SEM images end to end (stage, recognise, read, .npy blob, preview with scale bar,",
        "thumbnail, statistics, one transaction each) in a temporary embedded database and report images per second."})
final class ImagesBenchCommand implements Callable<Integer> {
    @Option(names = "--files", defaultValue = "300", description = "Measured images (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--threads", defaultValue = "2", description = "Images in flight at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--size", defaultValue = "1024", description = "Image width and height in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--durable", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "fsync each commit as a production server does (default: ${DEFAULT-VALUE}).")
    boolean durable;

    @Override
    public Integer call() throws Exception {
        if (files < 1 || threads < 1 || size < 16 || size > 4096) {
            throw new IllegalArgumentException("--files and --threads must be positive, --size 16-4096");
        }
        Path dir = Files.createTempDirectory("matdx-bench-images");
        try {
            var results = ImagesBenchmark.run(new ImagesBenchmark.Options(files, threads, size, dir, durable, System.out));
            System.out.printf(Locale.ROOT, "%n| images | count | seconds | images/s | ms per image | CPU ms per image (JVM + PostgreSQL) |%n"
                    + "|---|---:|---:|---:|---:|---:|%n");
            for (var r : results) {
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.1f | %.1f | %.1f |%n", r.kind(), r.files(), r.seconds(), r.perSecond(),
                        1000 * r.seconds() / r.files(), r.cpuMillis());
            }
            var stages = ImagesBenchmark.stages(new ImagesBenchmark.Options(files, threads, size, dir, durable, System.out), 30);
            System.out.printf(Locale.ROOT, "%nCPU per image by structuring stage (one thread, thread CPU time, mean of 30 images after 30 of warm-up):%n"
                    + "%n| stage | CPU ms |%n|---|---:|%n");
            double total = 0;
            for (var e : stages.entrySet()) {
                System.out.printf(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), e.getValue());
                total += e.getValue();
            }
            System.out.printf(Locale.ROOT, "| total of these stages | %.1f |%n", total);
            System.out.printf(Locale.ROOT, "%nload average at the end: %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf(Locale.ROOT, "%n%d threads, %s commits, %d processors%n", threads, durable ? "durable (fsync)" : "non-durable",
                    Runtime.getRuntime().availableProcessors());
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }
}
