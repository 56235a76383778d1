package org.matdx.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Blobs on local disk under {@code root/ab/cd/<sha256>}. Writes go to {@code root/.staging}
 * first, are fsynced, and are renamed into place, so a crash never leaves a partial file under
 * a content name.
 */
public final class LocalBlobStore implements BlobStore {
    private final Path root;
    private final Path staging;
    private final Spool spool;

    public LocalBlobStore(Path root) {
        this.root = root;
        this.staging = root.resolve(".staging");
        this.spool = new Spool(staging);
    }

    public Path root() {
        return root;
    }

    @Override
    public StagedBlob stage(InputStream content, long maxBytes) {
        return spool.write(content, maxBytes);
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
        return spool.sweep();
    }

    Path pathOf(String sha256) {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    static boolean isSha256(String s) {
        return Spool.isSha256(s);
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open directories; the rename is still atomic
        }
    }

    private static void deleteQuietly(Path p) {
        Spool.deleteQuietly(p);
    }
}
