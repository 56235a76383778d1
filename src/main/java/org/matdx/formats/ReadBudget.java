package org.matdx.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reader on one file within its time budget ({@link IngestLimits#readBudget()}). The reader
 * works on a thread of its own; when the budget is spent the caller gets a refusal at once and the
 * reader's thread is interrupted. The work then really stops: its input ({@link LimitedInput})
 * refuses every further read past the deadline, the file channel underneath closes on the
 * interrupt, and loops that work in memory call {@link #check()}. Inputs are bounded too
 * (bytes, zip members, sites), and every reader is linear in them, so even a loop without a check
 * ends soon after.
 */
public final class ReadBudget {
    private static final Logger LOG = LoggerFactory.getLogger(ReadBudget.class);
    private static final ExecutorService READERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("reader-", 0).factory());

    private ReadBudget() {
    }

    /** The reader stopped because its thread was interrupted at the end of its budget; nobody reads its result. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("reading stopped: over its time budget", null, false, false);
        }
    }

    /**
     * Reads {@code file} with {@code reader} under {@code limits}.
     *
     * @throws FormatException the reader's own refusal, or a file too deeply nested or too large for memory
     * @throws LimitExceeded   a limit was reached, the time budget included
     */
    public static List<Parsed> read(Reader reader, String fileName, Path file, IngestLimits limits)
            throws FormatException, IOException {
        return read(reader, fileName, file, limits, Reader.Companions.NONE);
    }

    /** As {@link #read(Reader, String, Path, IngestLimits)}, with the upload's other files at hand. */
    public static List<Parsed> read(Reader reader, String fileName, Path file, IngestLimits limits, Reader.Companions companions)
            throws FormatException, IOException {
        long budget = limits.readBudget().toNanos();
        long deadline = System.nanoTime() + budget;
        Future<List<Parsed>> run = READERS.submit(() -> {
            try (InputStream in = new LimitedInput(new BufferedInputStream(Files.newInputStream(file)), fileName, limits,
                    deadline)) {
                return reader.read(fileName, in, companions);
            }
        });
        try {
            return run.get(budget, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw LimitedInput.overTime(fileName, limits);
        } catch (InterruptedException e) {
            run.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + fileName);
        } catch (ExecutionException e) {
            throw unwrap(fileName, limits, reader, e.getCause());
        }
    }

    private static IOException unwrap(String fileName, IngestLimits limits, Reader reader, Throwable c) throws FormatException {
        switch (c) {
            case FormatException f -> throw f;
            case IOException io -> {
                return io;
            }
            case Stopped s -> {
                return LimitedInput.overTime(fileName, limits);
            }
            case StackOverflowError s -> {
                LOG.warn("{} overflowed the stack reading {}", reader.id(), fileName);
                throw FormatException.inFile(fileName, "is nested too deeply for " + reader.name() + " to read");
            }
            case OutOfMemoryError m -> {
                LOG.warn("{} ran out of memory reading {}", reader.id(), fileName);
                throw FormatException.inFile(fileName, "needs more memory to read than this server has free");
            }
            case RuntimeException r -> throw r;
            case Error err -> throw err;
            default -> throw new IllegalStateException(c);
        }
    }

    /** Throws {@link Stopped} once the reader's thread was interrupted; call it in loops that do not read input. */
    public static void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Stopped();
        }
    }
}
