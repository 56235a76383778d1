package org.matdx.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.provider.Arguments;
import org.matdx.formats.FormatException;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitExceeded;
import org.matdx.formats.LimitedInput;
import org.matdx.formats.Reader;

/**
 * The property every fuzz target checks (issue 18): a parser may refuse its input with its own
 * clear error; it may never throw anything else, hang, or allocate without bound. Each input runs
 * on a thread of its own so a hang is seen ({@link #HANG}) and what it allocated can be counted.
 *
 * <p>Seeds are the project's own fixtures plus the files of {@code ../shared/data/corpus} (skipped
 * with a message when it is absent). {@code docs/SECURITY.md} ("Files and fuzzing") says how to
 * run a long session.
 */
public final class Fuzzing {
    /** An input taking more CPU time than this hangs (readers are linear; fuzz inputs are small). */
    public static final Duration HANG = Duration.ofSeconds(10);
    /** A reader that blocks without computing (waits on something that never comes) hangs after this much wall time. */
    static final Duration WALL_LIMIT = Duration.ofSeconds(120);
    /** What one input may allocate: a fixed allowance plus a thousand bytes per input byte. */
    static final long ALLOWANCE = 128L << 20;
    static final long PER_INPUT_BYTE = 1024;
    /** Readers are fuzzed with the default limits, except that corpus seeds of several MB must fit. */
    public static final IngestLimits LIMITS = IngestLimits.DEFAULTS.withMaxReadBytes(16L << 20);

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("fuzz-", 0).factory());

    private Fuzzing() {
    }

    /** The property for a reader: it reads {@code data} as a file called {@code name}, or refuses it clearly. */
    public static void read(Reader reader, String name, byte[] data) {
        check(reader.id(), data.length, () -> {
            try {
                reader.read(name, new LimitedInput(new ByteArrayInputStream(data), name, LIMITS));
            } catch (FormatException | LimitExceeded refused) {
                // the reader's own refusal, naming the file: allowed
                if (refused.getMessage() == null || !refused.getMessage().startsWith(name)) {
                    throw new AssertionError(reader.id() + " refused without naming the file: " + refused.getMessage());
                }
            }
            return null;
        });
    }

    /**
     * The property for any parser: {@code parse} returns, or throws one of {@code allowed}; any
     * other exception, a hang or unbounded allocation is a finding.
     */
    @SafeVarargs
    public static void parse(String what, int inputLength, Callable<?> parse, Class<? extends Throwable>... allowed) {
        check(what, inputLength, () -> {
            try {
                parse.call();
            } catch (Exception | Error t) {
                for (Class<? extends Throwable> a : allowed) {
                    if (a.isInstance(t)) {
                        return null;
                    }
                }
                throw t;
            }
            return null;
        });
    }

    private static void check(String what, int inputLength, Callable<Void> work) {
        check(what, inputLength, work, HANG, WALL_LIMIT);
    }

    static void check(String what, int inputLength, Callable<Void> work, Duration hang, Duration wall) {
        long allocated = once(what, inputLength, work, hang, wall);
        if (allocated > ALLOWANCE + PER_INPUT_BYTE * inputLength) {
            // the first input down a new path loads (and Jazzer instruments) classes on this thread: ask again
            allocated = once(what, inputLength, work, hang, wall);
            if (allocated > ALLOWANCE + PER_INPUT_BYTE * inputLength) {
                throw new AssertionError(what + " allocated " + (allocated >> 20) + " MiB for " + inputLength + " bytes of input");
            }
        }
    }

    private static long once(String what, int inputLength, Callable<Void> work, Duration hang, Duration wall) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.concurrent.atomic.AtomicLong worker = new java.util.concurrent.atomic.AtomicLong(-1);
        java.util.concurrent.atomic.AtomicLong cpuBefore = new java.util.concurrent.atomic.AtomicLong();
        Future<Long> run = RUNNER.submit(() -> {
            // pooled threads carry the CPU time of earlier inputs: count from here
            cpuBefore.set(threads.getCurrentThreadCpuTime());
            worker.set(Thread.currentThread().threadId());
            long before = allocated();
            work.call();
            return allocated() - before;
        });
        // a hang is HANG of the reader's own CPU time, not of the clock: on a loaded machine (CI, several
        // builds) a linear reader's wall time stretches, its CPU time does not; the clock only bounds a
        // reader that blocks without computing
        long wallLimit = System.nanoTime() + wall.toNanos();
        try {
            while (true) {
                try {
                    return run.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    long id = worker.get();
                    long cpu = id < 0 ? 0 : threads.getThreadCpuTime(id) - cpuBefore.get();
                    if (cpu > hang.toNanos() || System.nanoTime() > wallLimit) {
                        run.cancel(true);
                        throw new AssertionError(what + " did not finish " + inputLength + " bytes within " + hang.toMillis()
                                + " ms of CPU time" + (cpu > hang.toNanos() ? "" : " (nor " + wall.toMillis() + " ms of wall time)"));
                    }
                }
            }
        } catch (InterruptedException e) {
            run.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof Error err ? err : new AssertionError(what + " threw " + c, c);
        }
    }


    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * Seeds: the fixtures given, then every file of {@code ../shared/data/corpus/<dir>} whose name
     * ends in one of {@code extensions} (case-insensitive). While fuzzing, files over 256 KiB are
     * left out: libFuzzer mutates small inputs far faster, and the regression run reads them all.
     */
    public static Stream<Arguments> seeds(List<byte[]> fixtures, String dir, String... extensions) {
        List<byte[]> all = new ArrayList<>(fixtures);
        Path corpus = dir == null ? null : TestFiles.shared("corpus/" + dir);
        if (dir == null) {
            // no reference files of this kind
        } else if (corpus == null) {
            System.out.println("fuzz seeds: ../shared/data/corpus/" + dir + " is absent; seeding with the project's fixtures only");
        } else {
            boolean fuzzing = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty();
            try (Stream<Path> files = Files.walk(corpus)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (Stream.of(extensions).anyMatch(x -> n.endsWith(x.toLowerCase(Locale.ROOT)))
                            && !(fuzzing && Files.size(p) > 256 * 1024)) {
                        all.add(Files.readAllBytes(p));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.stream().map(b -> Arguments.of((Object) b));
    }

    /**
     * Zip containers are hard to mutate into something that still unzips: an input that is not a
     * zip itself is cut at NUL bytes into the contents of the named parts, which are then zipped,
     * so the fuzzer reaches the readers of the parts. A zip stays as it is.
     */
    public static byte[] asContainer(byte[] data, String... partNames) {
        if (data.length >= 2 && data[0] == 'P' && data[1] == 'K') {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            int start = 0;
            int part = 0;
            for (int i = 0; i <= data.length && part < partNames.length; i++) {
                if (i == data.length || data[i] == 0) {
                    zip.putNextEntry(new ZipEntry(partNames[part++]));
                    zip.write(data, start, i - start);
                    zip.closeEntry();
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A file of the test resources (the readers' own fixtures). */
    public static byte[] resource(String path) {
        try (var in = Fuzzing.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The contents of the named parts of a zip, joined by NUL bytes: the seed form of {@link #asContainer}. */
    public static byte[] parts(byte[] zip, String... partNames) {
        java.util.Map<String, byte[]> found = new java.util.HashMap<>();
        try (var z = org.apache.commons.compress.archivers.zip.ZipFile.builder()
                .setSeekableByteChannel(new org.apache.commons.compress.utils.SeekableInMemoryByteChannel(zip)).get()) {
            for (var e : java.util.Collections.list(z.getEntries())) {
                try (var in = z.getInputStream(e)) {
                    found.put(e.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < partNames.length; i++) {
            if (i > 0) {
                out.write(0);
            }
            out.writeBytes(found.getOrDefault(partNames[i], new byte[0]));
        }
        return out.toByteArray();
    }
}
