package org.matdx.formats.vasp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Throughput and memory of {@link VasprunReader} on a large file: the given vasprun.xml with its
 * {@code <calculation>} repeated N times (a long relaxation). Run with a small heap to show that
 * reading streams: {@code java -Xmx64m -cp target/classes:target/test-classes:target/lib/*
 * org.matdx.formats.vasp.VasprunThroughput ../shared/data/corpus/vasp/AlN_vasprun.xml 500}.
 */
public final class VasprunThroughput {
    private VasprunThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path big = Files.createTempFile("vasprun-bench", ".xml");
        try {
            write(source, copies, big);
            VasprunReader reader = new VasprunReader();
            for (int run = 0; run < 3; run++) {
                System.gc();
                long t0 = System.nanoTime();
                var parsed = reader.read("vasprun.xml", new BufferedInputStream(Files.newInputStream(big), 1 << 16)).getFirst();
                double s = (System.nanoTime() - t0) / 1e9;
                Runtime rt = Runtime.getRuntime();
                System.out.printf("run %d: %.1f MB in %.2f s = %.0f MB/s; %d ionic steps; heap in use %d MB of max %d MB%n", run,
                        Files.size(big) / 1e6, s, Files.size(big) / 1e6 / s, parsed.metadata().get("ionic_steps").asInt(),
                        (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
            }
        } finally {
            Files.deleteIfExists(big);
        }
    }

    private static void write(Path source, int copies, Path target) throws IOException {
        String text = Files.readString(source, StandardCharsets.ISO_8859_1);
        int start = text.indexOf(" <calculation>");
        int end = text.lastIndexOf("</calculation>") + "</calculation>\n".length();
        byte[] head = text.substring(0, start).getBytes(StandardCharsets.ISO_8859_1);
        byte[] calc = text.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = text.substring(end).getBytes(StandardCharsets.ISO_8859_1);
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(head);
            for (int i = 0; i < copies; i++) {
                out.write(calc);
            }
            out.write(tail);
        }
    }
}
