package org.matdx.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A real S3 server for tests and benchmarks: S3Proxy (Apache-2.0, org.gaul:s3proxy) in a JVM of
 * its own, on a loopback port, keeping objects in a directory (its "filesystem" backend). Its jar
 * is copied by the build to {@code target/s3proxy/s3proxy.jar}; it is never part of the product.
 * A separate process, because its Jetty 11 cannot share a class path with Javalin's Jetty 12, and
 * because a test must be able to stop it as an outage would.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String REGION = "us-east-1";
    private final Path jar;
    private final Path dir;
    private final int port;
    private final String accessKey = "matdx-" + UUID.randomUUID().toString().substring(0, 8);
    private final String secretKey = UUID.randomUUID().toString();
    private Process process;

    private S3Proxy(Path jar, Path dir, int port) {
        this.jar = jar;
        this.dir = dir;
        this.port = port;
    }

    /** The S3Proxy jar the build copied, looked for from the working directory and beside the MatDX jar. */
    public static Optional<Path> findJar() {
        String configured = System.getProperty("matdx.s3proxy.jar", System.getenv("MATDX_S3PROXY_JAR"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isRegularFile);
        }
        List<Path> candidates = new ArrayList<>(List.of(Path.of("target", "s3proxy", "s3proxy.jar")));
        try {
            Path self = Path.of(S3Proxy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/classes or target/matdx-….jar: the jar sits in target/s3proxy
            candidates.add(self.getParent().resolve("s3proxy").resolve("s3proxy.jar"));
        } catch (Exception ignored) {
            // no code source: the working directory is all there is
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().map(Path::toAbsolutePath);
    }

    /** Starts S3Proxy with its objects under {@code dir} on a free loopback port and creates {@code buckets}. */
    public static S3Proxy start(Path jar, Path dir, String... buckets) {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        S3Proxy proxy = new S3Proxy(jar, dir, port);
        try {
            Files.createDirectories(dir.resolve("objects"));
            for (String bucket : buckets) {
                // the filesystem backend's buckets are directories
                Files.createDirectories(dir.resolve("objects").resolve(bucket));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        proxy.start();
        return proxy;
    }

    /** Starts (again, after {@link #stop}) on the same port and directory. */
    public void start() {
        Path conf = dir.resolve("s3proxy.conf");
        String properties = String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("objects"),
                "");
        try {
            Files.writeString(conf, properties, StandardCharsets.UTF_8);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                    "--properties", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Proxy from " + jar, e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy stopped at start; see " + dir.resolve("s3proxy.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        stop();
        throw new IllegalStateException("S3Proxy did not answer on port " + port + "; see " + dir.resolve("s3proxy.log"));
    }

    /** Kills the server, as a crash or an outage would; its objects stay in the directory. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Where the objects of {@code bucket} are files (for checks that look behind the S3 API). */
    public Path bucketDir(String bucket) {
        return dir.resolve("objects").resolve(bucket);
    }

    @Override
    public void close() {
        stop();
    }
}
