package org.matdx.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Blobs on local disk under {@code root/ab/cd/<sha256>}. Writes go to {@code root/.staging}
 * first, are fsynced, and are renamed into place, so a crash never leaves a partial file under
 * a content name.
 */
public final class LocalBlobStore implements BlobStore {
    private static final Duration STAGING_GRACE = Duration.ofHours(6);
    private final Path root;
    private final Path staging;

    public LocalBlobStore(Path root) {
        this.root = root;
        this.staging = root.resolve(".staging");
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the blob store in " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public StagedBlob stage(InputStream content, long maxBytes) {
        Path tmp = staging.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID());
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

    @Override
    public void commit(StagedBlob staged) {
        Path target = pathOf(staged.sha256());
        if (Files.exists(target)) {
            deleteQuietly(staged.path());
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel ch = FileChannel.open(staged.path(), StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(staged.path(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                deleteQuietly(staged.path());
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staged.path(), target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not store blob " + staged.sha256(), e);
        }
    }

    @Override
    public void discard(StagedBlob staged) {
        deleteQuietly(staged.path());
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(pathOf(sha256));
    }

    @Override
    public long size(String sha256) {
        try {
            return Files.size(pathOf(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String sha256) {
        try {
            return Files.newInputStream(pathOf(sha256));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("blob " + sha256 + " is registered but its file is missing from " + root, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String sha256) {
        deleteQuietly(pathOf(sha256));
    }

    @Override
    public Stream<String> list() {
        try {
            return Files.walk(root)
                    .filter(p -> !p.startsWith(staging) && Files.isRegularFile(p))
                    .map(p -> p.getFileName().toString())
                    .filter(LocalBlobStore::isSha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int sweepStaging() {
        int removed = 0;
        Instant cutoff = Instant.now().minus(STAGING_GRACE);
        try (Stream<Path> files = Files.list(staging)) {
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

    Path pathOf(String sha256) {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    static boolean isSha256(String s) {
        return s != null && s.matches("[0-9a-f]{64}");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open directories; the rename is still atomic
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a sweep removes it later
        }
    }
}
