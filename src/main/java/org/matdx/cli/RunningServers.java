package org.matdx.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * Which {@code matdx up} processes of this user are running, and where they keep their data, so
 * that a command run without {@code --data-dir} can say where to find the data instead of opening
 * an empty database of its own. Each {@code up} leaves a small file in the system's temporary
 * directory while it runs; files of processes that are gone are ignored (and removed).
 */
final class RunningServers {
    /** One running {@code matdx up}. */
    record Server(long pid, Path dataDir, int port) {
    }

    private RunningServers() {
    }

    static Path directory() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "matdx-" + user);
    }

    /** Records this process as serving {@code dataDir} on {@code port}; removed when the process ends. */
    static void register(Path dataDir, int port) {
        try {
            Path dir = Files.createDirectories(directory());
            Path file = dir.resolve("up-" + ProcessHandle.current().pid() + ".properties");
            Properties p = new Properties();
            p.setProperty("data_dir", dataDir.toAbsolutePath().toString());
            p.setProperty("port", Integer.toString(port));
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "matdx up (removed when it stops)");
            }
            file.toFile().deleteOnExit();
        } catch (IOException | RuntimeException e) {
            // only a courtesy to later commands: never a reason not to start
            LoggerFactory.getLogger(RunningServers.class).debug("could not record the running server", e);
        }
    }

    /** Forgets this process (when it stops serving, and for tests). */
    static void unregister() {
        try {
            Files.deleteIfExists(directory().resolve("up-" + ProcessHandle.current().pid() + ".properties"));
        } catch (IOException e) {
            // left for alive() to clear once this process is gone
        }
    }

    /** The {@code matdx up} processes of this user that are alive now. */
    static List<Server> alive() {
        List<Server> out = new ArrayList<>();
        try (var files = Files.list(directory())) {
            for (Path f : files.filter(x -> x.getFileName().toString().matches("up-\\d+\\.properties")).toList()) {
                String name = f.getFileName().toString();
                long pid = Long.parseLong(name.substring(3, name.indexOf('.')));
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    Files.deleteIfExists(f);
                    continue;
                }
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(f)) {
                    p.load(in);
                }
                out.add(new Server(pid, Path.of(p.getProperty("data_dir", "?")), Integer.parseInt(p.getProperty("port", "0"))));
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }
}
