package org.matdx.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Inboxes as directories under {@code <data-dir>/ingest-inbox}: every process that runs ingest
 * jobs must see the same directory (one machine, or shared storage).
 */
public final class LocalJobInbox implements JobInbox {
    private final Path root;

    public LocalJobInbox(Path root) {
        this.root = root;
    }

    @Override
    public String create() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void put(String inbox, String name, InputStream content) {
        Path target = file(inbox, name);
        try {
            Files.createDirectories(target.getParent());
            Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String inbox, String name) {
        try {
            return Files.newInputStream(file(inbox, name));
        } catch (NoSuchFileException e) {
            throw new Missing("the uploaded files of this ingest are gone (inbox " + inbox + ", file " + name + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String inbox) {
        deleteTree(directory(inbox));
    }

    @Override
    public Map<String, Instant> all() {
        Map<String, Instant> all = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return all;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                all.put(d.getFileName().toString(), Files.getLastModifiedTime(d).toInstant());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private Path directory(String inbox) {
        Path d = root.resolve(inbox).normalize();
        if (!d.getParent().equals(root.normalize())) {
            throw new Missing("inbox " + inbox + " is not a name of the ingest inbox");
        }
        return d;
    }

    private Path file(String inbox, String name) {
        Path d = directory(inbox);
        Path f = d.resolve(name).normalize();
        if (!f.startsWith(d) || f.equals(d)) {
            throw new Missing("file name " + name + " leaves the inbox");
        }
        return f;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
