package org.matdx.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.matdx.cli.bench.S3Proxy;
import org.matdx.store.S3BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server for a test class: S3Proxy in its own JVM on a loopback port, one bucket, its
 * objects in a temporary directory. Skips the test (with a message) when the S3Proxy jar has not
 * been copied by the build ({@code mvn generate-test-resources} does it).
 */
public final class S3Server implements AutoCloseable {
    public static final String BUCKET = "matdx-test";
    private static final List<String> ENVIRONMENT = List.of("MATDX_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_REGION", "MATDX_S3_PART_MB");
    private final S3Proxy proxy;
    private final Path dir;
    private final S3Client client;

    private S3Server(S3Proxy proxy, Path dir) {
        this.proxy = proxy;
        this.dir = dir;
        this.client = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(proxy.endpoint())
                .region(Region.of(S3Proxy.REGION))
                .forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(proxy.accessKey(), proxy.secretKey())))
                .build();
    }

    public static S3Server start() {
        Path jar = S3Proxy.findJar().orElse(null);
        Assumptions.assumeTrue(jar != null, "S3Proxy jar not found in target/s3proxy (run 'mvn generate-test-resources'); "
                + "the S3 blob store tests are skipped");
        try {
            Path dir = Files.createTempDirectory("matdx-s3proxy");
            return new S3Server(S3Proxy.start(jar, dir, BUCKET), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public S3BlobStore.Settings settings() {
        return S3BlobStore.Settings.fromEnvironment(java.util.Map.of("MATDX_S3_ENDPOINT", proxy.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", proxy.accessKey(), "AWS_SECRET_ACCESS_KEY", proxy.secretKey(), "AWS_REGION", S3Proxy.REGION));
    }

    /**
     * Points platforms started in this JVM at this server (Platform reads MATDX_S3_… and AWS_… from
     * system properties before the environment); {@link #close} takes them away again.
     */
    public S3Server asEnvironment() {
        System.setProperty("MATDX_S3_ENDPOINT", proxy.endpoint().toString());
        System.setProperty("AWS_ACCESS_KEY_ID", proxy.accessKey());
        System.setProperty("AWS_SECRET_ACCESS_KEY", proxy.secretKey());
        System.setProperty("AWS_REGION", S3Proxy.REGION);
        return this;
    }

    /** The keys under {@code prefix}, as the S3 API lists them (without the directory markers of S3Proxy's file system backend). */
    public List<String> keys(String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key)
                .filter(k -> !k.endsWith("/")).toList();
    }

    public S3Client client() {
        return client;
    }

    /** An outage: the server's process is killed; objects stay. */
    public void stop() {
        proxy.stop();
    }

    public void restart() {
        proxy.start();
    }

    @Override
    public void close() {
        ENVIRONMENT.forEach(System::clearProperty);
        client.close();
        proxy.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
