package org.matdx.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;
import org.matdx.core.Problem;

/**
 * A local directory where uploads are written and hashed before they join a store. Readers parse
 * staged content from here (they need a file they can seek in), whichever store keeps it later.
 * Files are named {@code <pid>-<uuid>}, so a sweep knows which belong to a process that is gone.
 */
final class Spool {
    static final Duration GRACE = Duration.ofHours(6);
    private final Path dir;

    Spool(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the staging directory " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Streams the content to a new file, hashing it on the way.
     *
     * @throws Problem TOO_LARGE when more than {@code maxBytes} arrive (nothing is kept)
     */
    StagedBlob write(InputStream content, long maxBytes) {
        Path tmp = dir.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        MessageDigest digest = sha256();
        long size = 0;
        try (OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             DigestOutputStream out = new DigestOutputStream(file, digest)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = content.read(buffer)) > 0) {
                size += n;
                if (size > maxBytes) {
                    throw Problem.tooLarge("the file is larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("could not read the upload", (IOException) e);
        }
        return new StagedBlob(tmp, HexFormat.of().formatHex(digest.digest()), size);
    }

    /** Removes files of processes that are gone, and any older than {@link #GRACE}. */
    int sweep() {
        int removed = 0;
        Instant cutoff = Instant.now().minus(GRACE);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (ownerDead(p) || Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    deleteQuietly(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }

    /** Staging files are named {@code <pid>-…}; a file whose process is gone is garbage. */
    private static boolean ownerDead(Path p) {
        String name = p.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return true;
        }
        try {
            long pid = Long.parseLong(name.substring(0, dash));
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    static boolean isSha256(String s) {
        return s != null && s.matches("[0-9a-f]{64}");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a sweep removes it later
        }
    }
}
