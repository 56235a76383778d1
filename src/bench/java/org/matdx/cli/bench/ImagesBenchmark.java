package org.matdx.cli.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.formats.Reader;
import org.matdx.formats.em.TiffReader;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.structuring.ImageStages;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;

/**
 * Structuring throughput for microscope images: {@code files} distinct 1024×1024 16-bit SEM images
 * (FEI-tagged TIFF, 2 MiB each) registered end to end — staged, recognised, read, the array written
 * as a .npy blob, preview with scale bar, thumbnail, statistics, one transaction per image — with
 * {@code threads} in flight, then the same with the particle analysis template.
 */
public final class ImagesBenchmark {
    private ImagesBenchmark() {
    }

    public record Options(int files, int threads, int size, Path dataDir, boolean durable, PrintStream out) {
    }

    /** CPU milliseconds per image: per structuring stage (one thread), and end to end for the JVM and PostgreSQL together. */
    public record Cpu(Map<String, Double> stages, double plain, double particles) {
    }

    /**
     * Per stage, on one thread over {@code n} images after a warm-up: thread CPU time, which a
     * loaded machine does not inflate the way it inflates wall time.
     */
    public static Map<String, Double> stages(Options o, int n) throws Exception {
        Reader tiff = new TiffReader();
        Map<String, Double> sum = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            sum.clear();
            for (int i = 0; i < n; i++) {
                byte[] b = tiff(o.size(), 500_000L + i);
                ImageStages.cpu(tiff, "bench.tif", b).forEach((k, v) -> sum.merge(k, v / 1e6 / n, Double::sum));
            }
        }
        return sum;
    }

    /** CPU time of this JVM, every thread of it, in milliseconds (PostgreSQL: {@link #postgresCpuMillis}). */
    static double jvmCpuMillis() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
    }

    /**
     * The embedded PostgreSQL's CPU time under {@code dataDir}, in milliseconds, from /proc (0 elsewhere):
     * the postmaster (pg_ctl detaches it from this JVM, so it is found by its postmaster.pid), the time
     * of its children that have ended, and its live children (the pooled connections' backends, the
     * WAL writer, the checkpointer).
     */
    static double postgresCpuMillis(Path dataDir) {
        try {
            Path pidFile = dataDir.resolve("postgres").resolve("pgdata").resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return 0;
            }
            long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            String[] f = stat(postmaster);
            if (f == null) {
                return 0;
            }
            // utime, stime, cutime, cstime in clock ticks of 10 ms
            double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10.0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.toList()) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String[] c = stat(Long.parseLong(name));
                    if (c != null && Long.parseLong(c[1]) == postmaster) {
                        ms += (Long.parseLong(c[11]) + Long.parseLong(c[12])) * 10.0;
                    }
                }
            }
            return ms;
        } catch (IOException | RuntimeException e) {
            return 0; // not Linux, or no embedded database: only the JVM is counted
        }
    }

    /**
     * CPU milliseconds of each live thread of this JVM (id → name, time), from /proc/self/task; empty
     * where there is no /proc.
     */
    static Map<Long, Map.Entry<String, Double>> threadCpuMillis() {
        Map<Long, Map.Entry<String, Double>> out = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(Long.parseLong(t.getFileName().toString()),
                            Map.entry(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0));
                } catch (IOException | RuntimeException e) {
                    // the thread has just ended
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * Where the JVM's CPU time between two {@link #threadCpuMillis} snapshots went, by kind of
     * thread: the ingest threads (their pool has usually ended by the second snapshot, so they are
     * also the part of {@code totalMillis} no live thread accounts for), the readers they hand files
     * to, the blob store's fsync threads, the JIT compilers, the garbage collector and VM thread, the rest.
     */
    static Map<String, Double> byKind(Map<Long, Map.Entry<String, Double>> before, Map<Long, Map.Entry<String, Double>> after,
                                      double totalMillis) {
        if (after.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String k : List.of("ingest", "readers", "fsync", "JIT", "GC+VM", "other")) {
            out.put(k, 0.0);
        }
        double seen = 0;
        for (var e : after.entrySet()) {
            var was = before.get(e.getKey());
            double ms = e.getValue().getValue() - (was == null ? 0 : was.getValue());
            String n = e.getValue().getKey();
            String kind = n.startsWith("pool-") ? "ingest" : n.startsWith("reader-") ? "readers"
                    : n.startsWith("blob-") ? "fsync"
                    : n.startsWith("C1 ") || n.startsWith("C2 ") ? "JIT"
                    : n.startsWith("GC ") || n.startsWith("G1 ") || n.startsWith("VM ") ? "GC+VM" : "other";
            out.merge(kind, ms, Double::sum);
            seen += ms;
        }
        out.merge("ingest", Math.max(0, totalMillis - seen), Double::sum);
        return out;
    }

    /** The fields of /proc/pid/stat after the command name (index 0 is the state, 1 the parent), or null. */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // the process has just ended: its time is in its parent's cutime
        }
    }

    public static List<IngestBenchmark.Result> run(Options o) throws Exception {
        PlatformConfig config = PlatformConfig.defaults(o.dataDir()).withDemo(false).withWorkers(0).withDurable(o.durable());
        List<IngestBenchmark.Result> results = new ArrayList<>();
        try (Platform p = Platform.start(config)) {
            User u = p.accounts().createUser(Bootstrap.SYSTEM, "bench", "Image benchmark", null, null, null, false);
            Caller caller = new Caller.Account(u, p.users().memberships(u.id()), Scope.WRITE);
            UUID dataset = p.catalog().createDataset(RequestContext.cli(caller), new NewDataset("image benchmark", "", "CC0-1.0", "private", null,
                    false, null, null)).id();
            Ingest ingest = p.ingest();
            o.out().printf(Locale.ROOT, "generating %d + %d distinct %d×%d 16-bit images…%n", o.files(), o.files() / 4, o.size(), o.size());
            IngestBenchmark.measure(ingest, caller, dataset, images(o, 0, Math.min(20, o.files())), ".tif", o.threads(), "auto"); // warm-up
            List<byte[]> plain = images(o, 1, o.files());
            Map<Long, Map.Entry<String, Double>> t0 = threadCpuMillis();
            double j0 = jvmCpuMillis();
            double p0 = postgresCpuMillis(o.dataDir());
            var r = IngestBenchmark.measure(ingest, caller, dataset, plain, ".tif", o.threads(), "auto");
            double jvm = (jvmCpuMillis() - j0) / plain.size();
            double pg = (postgresCpuMillis(o.dataDir()) - p0) / plain.size();
            Map<String, Double> byKind = byKind(t0, threadCpuMillis(), jvm * plain.size());
            results.add(r.withKind(o.size() + "×" + o.size() + " uint16 SEM TIFF (em.tiff): .npy blob + preview + thumbnail + statistics")
                    .withCpu(jvm + pg));
            o.out().printf(Locale.ROOT, "plain images, CPU ms per image: JVM %.1f, PostgreSQL %.1f; ingest threads blocked %.1f ms per image%n",
                    jvm, pg, r.blockedMillis());
            if (!byKind.isEmpty()) {
                StringBuilder line = new StringBuilder("  the JVM's by thread:");
                byKind.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.1f,", k, v / plain.size())));
                o.out().println(line.substring(0, line.length() - 1));
            }
            List<byte[]> particles = images(o, 2, Math.max(1, o.files() / 4));
            j0 = jvmCpuMillis();
            p0 = postgresCpuMillis(o.dataDir());
            r = IngestBenchmark.measure(ingest, caller, dataset, particles, ".tif", o.threads(), "em.particles");
            results.add(r.withKind("same, with particle segmentation (em.particles: Otsu, watershed, sizes)")
                    .withCpu((jvmCpuMillis() - j0 + postgresCpuMillis(o.dataDir()) - p0) / particles.size()));
        }
        return results;
    }

    /** {@code n} different images: a few hundred bright particles on a noisy background, FEI calibration 2 nm per pixel. */
    static List<byte[]> images(Options o, int run, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(tiff(o.size(), 1000L * run + i));
        }
        return out;
    }

    static byte[] tiff(int size, long seed) {
        Random r = new Random(seed);
        short[] px = new short[size * size];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (800 + r.nextInt(200));
        }
        for (int k = 0; k < size * size / 4000; k++) {
            int cx = r.nextInt(size);
            int cy = r.nextInt(size);
            int rad = 3 + r.nextInt(8);
            for (int y = Math.max(0, cy - rad); y < Math.min(size, cy + rad); y++) {
                for (int x = Math.max(0, cx - rad); x < Math.min(size, cx + rad); x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad) {
                        px[y * size + x] = (short) (20000 + r.nextInt(2000));
                    }
                }
            }
        }
        byte[] fei = ("[System]\r\nSystemType=Benchmark SEM\r\n[Beam]\r\nHV=10000\r\n[Scan]\r\nPixelWidth=2e-09\r\nPixelHeight=2e-09\r\n\0")
                .getBytes(StandardCharsets.US_ASCII);
        int tags = 10;
        int feiAt = 8 + 2 + 12 * tags + 4;
        int dataAt = feiAt + fei.length;
        ByteBuffer b = ByteBuffer.allocate(dataAt + 2 * px.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) tags);
        int[][] e = {{256, 4, 1, size}, {257, 4, 1, size}, {258, 3, 1, 16}, {259, 3, 1, 1}, {262, 3, 1, 1}, {273, 4, 1, dataAt},
                {277, 3, 1, 1}, {278, 4, 1, size}, {279, 4, 1, 2 * px.length}, {34682, 2, fei.length, feiAt}};
        for (int[] t : e) {
            b.putShort((short) t[0]).putShort((short) t[1]).putInt(t[2]);
            if (t[1] == 3) {
                b.putShort((short) t[3]).putShort((short) 0);
            } else {
                b.putInt(t[3]);
            }
        }
        b.putInt(0).put(fei);
        for (short s : px) {
            b.putShort(s);
        }
        return b.array();
    }
}
