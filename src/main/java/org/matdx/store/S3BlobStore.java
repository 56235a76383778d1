package org.matdx.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.matdx.core.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs in an S3-compatible object store (AWS S3, Ceph RGW, MinIO, Garage, S3Proxy …) under
 * {@code <prefix>blobs/ab/cd/<sha256>}, with the same guarantees as {@link LocalBlobStore}.
 *
 * <p>An upload is written to a local spool file and hashed (readers parse it from there), then
 * copied to {@code <prefix>staging/<host>/<pid>-<uuid>} — in parts for large files, each part
 * read from the spool, never the whole file in memory — before any transaction starts.
 * {@link #commit} runs in the registering transaction under the content's advisory lock and only
 * copies, server-side, the staged object to its content key: an object store writes an object
 * whole or not at all, so a content key never names a partial file. Content already stored is
 * neither staged nor copied again.
 *
 * <p>Why not upload straight to the content key: an object there without a row is what
 * {@link BlobRegistry#sweepOrphans} removes, and it cannot tell an upload in progress from one a
 * crash left; a staged object it never touches. Staged objects and unfinished multipart uploads of
 * processes that died are removed by {@link #sweepStaging} (the same host's dead processes at
 * once, any other after {@link Spool#GRACE}).
 *
 * <p>An object store that cannot be reached or refuses a request is a {@link Problem} of type
 * UNAVAILABLE (503 to a web caller), never a stack trace.
 */
public final class S3BlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final long MiB = 1024 * 1024;
    /** S3's limits: parts of 5 MiB to 5 GiB, at most 10 000 of them, one CopyObject up to 5 GiB. */
    private static final long MIN_PART = 5 * MiB;
    private static final int MAX_PARTS = 10_000;

    /**
     * Where and how to reach the object store.
     *
     * @param endpoint   the service's URL (null: AWS S3 in {@code region})
     * @param pathStyle  {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key} (most
     *                   self-hosted stores need it)
     * @param accessKey  null: the AWS SDK's default chain (environment, profile, instance role)
     * @param partBytes  size of a multipart upload's parts; files up to this size go in one request
     * @param copyBytes  the largest object copied in one request; larger ones are copied in parts
     */
    public record Settings(URI endpoint, String region, boolean pathStyle, String accessKey, String secretKey,
                           long partBytes, long copyBytes) {

        public Settings {
            if (partBytes < MIN_PART) {
                throw new IllegalArgumentException("parts must be at least 5 MiB (S3's minimum)");
            }
        }

        /**
         * From the environment: {@code MATDX_S3_ENDPOINT}, {@code AWS_REGION} (default
         * {@code us-east-1}), {@code MATDX_S3_PATH_STYLE} (default true when an endpoint is set),
         * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (when unset, the AWS SDK's default
         * chain: profiles, instance or pod roles), {@code MATDX_S3_PART_MB} (default 16).
         */
        public static Settings fromEnvironment(Map<String, String> env) {
            String endpoint = blankToNull(env.get("MATDX_S3_ENDPOINT"));
            String region = blankToNull(env.get("AWS_REGION"));
            if (region == null) {
                region = blankToNull(env.get("AWS_DEFAULT_REGION"));
            }
            String pathStyle = blankToNull(env.get("MATDX_S3_PATH_STYLE"));
            String partMb = blankToNull(env.get("MATDX_S3_PART_MB"));
            long part;
            try {
                part = partMb == null ? 16 * MiB : Long.parseLong(partMb) * MiB;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MATDX_S3_PART_MB must be a whole number of MiB, not '" + partMb + "'");
            }
            String access = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
            String secret = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
            if ((access == null) != (secret == null)) {
                throw new IllegalArgumentException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: one of them is not set");
            }
            URI uri;
            try {
                uri = endpoint == null ? null : URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MATDX_S3_ENDPOINT is not a URL: " + endpoint);
            }
            if (uri != null && (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null)) {
                throw new IllegalArgumentException("MATDX_S3_ENDPOINT must be an http:// or https:// URL, not " + endpoint);
            }
            return new Settings(uri, region == null ? "us-east-1" : region,
                    pathStyle == null ? uri != null : Boolean.parseBoolean(pathStyle), access, secret, part, 5L * 1024 * MiB);
        }

        public Settings withCredentials(String access, String secret) {
            return new Settings(endpoint, region, pathStyle, access, secret, partBytes, copyBytes);
        }

        public Settings withParts(long part, long copy) {
            return new Settings(endpoint, region, pathStyle, accessKey, secretKey, part, copy);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }

    /** {@code s3://bucket/prefix}, checked: a bucket name as S3 allows it, a prefix of plain path segments. */
    public record Location(String bucket, String prefix) {
        public static Location parse(String uri) {
            if (uri == null || !uri.startsWith("s3://")) {
                throw new IllegalArgumentException("a blob store on S3 is written s3://bucket or s3://bucket/prefix, not '" + uri + "'");
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
            if (!BUCKET.matcher(bucket).matches()) {
                throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name (3–63 characters: a–z, 0–9, '.', '-')");
            }
            if (!prefix.isEmpty() && (!PREFIX.matcher(prefix).matches() || List.of(prefix.split("/")).stream()
                    .anyMatch(s -> s.equals(".") || s.equals("..")))) {
                throw new IllegalArgumentException("the prefix '" + prefix + "' may hold only letters, digits, '.', '_', '-' "
                        + "and '/' between segments (no '.' or '..' segments)");
            }
            return new Location(bucket, prefix.isEmpty() ? "" : prefix + "/");
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + prefix;
        }
    }

    private final S3Client s3;
    private final Location where;
    private final Settings settings;
    private final Spool spool;
    private final String blobs;
    private final String staging;
    private final String host;

    /**
     * @param spoolDir a local directory for uploads being hashed and parsed (its files live only
     *                 until their upload is registered or refused)
     */
    public S3BlobStore(Location where, Settings settings, Path spoolDir) {
        this.where = where;
        this.settings = settings;
        this.spool = new Spool(spoolDir);
        this.blobs = where.prefix() + "blobs/";
        this.staging = where.prefix() + "staging/";
        this.host = hostName();
        AwsCredentialsProvider credentials = settings.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // content is addressed and checked by our own SHA-256; the SDK's default CRC trailers
                // (aws-chunked) are not understood by every S3-compatible store
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.s3 = builder.build();
    }

    public Location location() {
        return where;
    }

    /** Inboxes of asynchronous ingests in the bucket, under {@code <prefix>inbox/}. */
    @Override
    public JobInbox jobInbox(Path localRoot) {
        return new S3JobInbox(this);
    }

    S3Client s3() {
        return s3;
    }

    Spool spool() {
        return spool;
    }

    @Override
    public void close() {
        s3.close();
    }

    /** Checks that the bucket answers, for a clear message at start-up rather than at the first upload. */
    public void checkReachable() {
        try {
            call("reach the bucket", () -> s3.headBucket(b -> b.bucket(where.bucket())));
        } catch (S3Exception e) {
            throw new Problem(Problem.Type.UNAVAILABLE, "there is no bucket '" + where.bucket() + "'"
                    + (settings.endpoint() == null ? "" : " at " + settings.endpoint()) + "; create it first");
        }
    }

    @Override
    public StagedBlob stage(InputStream content, long maxBytes) {
        StagedBlob local = spool.write(content, maxBytes);
        try {
            if (exists(local.sha256())) {
                return local; // stored already: nothing to send
            }
            String key = staging + host + "/" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
            upload(local.path(), local.size(), key);
            return local.withStagingKey(key);
        } catch (RuntimeException | Error e) {
            Spool.deleteQuietly(local.path());
            throw e;
        }
    }

    @Override
    public void commit(StagedBlob staged) {
        String target = keyOf(staged.sha256());
        if (exists(staged.sha256())) {
            return;
        }
        if (staged.stagingKey() == null) {
            // content that was stored when staged and has been released since: send it now
            upload(staged.path(), staged.size(), target);
            return;
        }
        try {
            copy(staged.stagingKey(), staged.size(), target);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            // the staged object was swept (a sweep on a host of the same name took it for a dead
            // process's): the spool file is still here, so send that instead
            LOG.warn("Staged object {} was gone at registration; sending {} from the spool again", staged.stagingKey(),
                    staged.sha256());
            upload(staged.path(), staged.size(), target);
        }
    }

    @Override
    public void discard(StagedBlob staged) {
        Spool.deleteQuietly(staged.path());
        if (staged.stagingKey() != null) {
            try {
                s3.deleteObject(b -> b.bucket(where.bucket()).key(staged.stagingKey()));
            } catch (RuntimeException e) {
                LOG.debug("Staged object {} stays for the sweep: {}", staged.stagingKey(), e.toString());
            }
        }
    }

    @Override
    public boolean exists(String sha256) {
        return head(keyOf(sha256)) != null;
    }

    @Override
    public long size(String sha256) {
        HeadObjectResponse h = head(keyOf(sha256));
        if (h == null) {
            throw missing(sha256);
        }
        return h.contentLength();
    }

    @Override
    public InputStream open(String sha256) {
        String key = keyOf(sha256);
        try {
            // streamed as it arrives; closing it early aborts the transfer
            return call("read a file", () -> s3.getObject(b -> b.bucket(where.bucket()).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw missing(sha256);
            }
            throw e;
        }
    }

    @Override
    public void delete(String sha256) {
        String key = keyOf(sha256);
        call("delete a file", () -> s3.deleteObject(b -> b.bucket(where.bucket()).key(key)));
    }

    /** Content hashes stored under {@code blobs/}; objects laid out otherwise are not ours and never listed. */
    @Override
    public Stream<String> list() {
        return call("list files", () -> s3.listObjectsV2Paginator(b -> b.bucket(where.bucket()).prefix(blobs))
                .contents().stream()
                .map(S3Object::key)
                .filter(k -> {
                    String name = k.substring(k.lastIndexOf('/') + 1);
                    return Spool.isSha256(name) && k.equals(keyOf(name));
                })
                .map(k -> k.substring(k.lastIndexOf('/') + 1)));
    }

    @Override
    public int sweepStaging() {
        int removed = spool.sweep();
        Instant cutoff = Instant.now().minus(Spool.GRACE);
        List<String> stale = new ArrayList<>();
        call("list staged files", () -> {
            s3.listObjectsV2Paginator(b -> b.bucket(where.bucket()).prefix(staging)).contents().forEach(o -> {
                if (o.lastModified().isBefore(cutoff) || ownerDead(o.key())) {
                    stale.add(o.key());
                }
            });
            return null;
        });
        for (String key : stale) {
            call("delete a staged file", () -> s3.deleteObject(b -> b.bucket(where.bucket()).key(key)));
            removed++;
        }
        // parts of uploads a crash interrupted are stored (and billed) until aborted
        List<MultipartUpload> unfinished = new ArrayList<>();
        call("list unfinished uploads", () -> {
            s3.listMultipartUploadsPaginator(b -> b.bucket(where.bucket()).prefix(where.prefix())).uploads().forEach(u -> {
                if (u.initiated().isBefore(cutoff) || (u.key().startsWith(staging) && ownerDead(u.key()))) {
                    unfinished.add(u);
                }
            });
            return null;
        });
        for (MultipartUpload u : unfinished) {
            call("abort an unfinished upload", () -> s3.abortMultipartUpload(b -> b.bucket(where.bucket())
                    .key(u.key()).uploadId(u.uploadId())));
            removed++;
        }
        return removed;
    }

    /** Staged keys are {@code staging/<host>/<pid>-<uuid>}: on this host, a dead process's upload is garbage. */
    private boolean ownerDead(String key) {
        String[] parts = key.substring(staging.length()).split("/");
        if (parts.length != 2 || !parts[0].equals(host)) {
            return false;
        }
        int dash = parts[1].indexOf('-');
        try {
            long pid = Long.parseLong(parts[1].substring(0, Math.max(0, dash)));
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    String keyOf(String sha256) {
        if (!Spool.isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
        }
        return blobs + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    private HeadObjectResponse head(String key) {
        try {
            return call("look up a file", () -> s3.headObject(b -> b.bucket(where.bucket()).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void upload(Path file, long size, String key) {
        upload(file, size, key, "store a file");
    }

    /** Sends a spool file to {@code key}: one request when small, else a multipart upload from file windows. */
    void upload(Path file, long size, String key, String what) {
        long part = Math.max(settings.partBytes(), (size + MAX_PARTS - 1) / MAX_PARTS);
        if (size <= part) {
            call(what, () -> s3.putObject(b -> b.bucket(where.bucket()).key(key).contentLength(size),
                    RequestBody.fromContentProvider(window(file, 0, size), size, "application/octet-stream")));
            return;
        }
        String uploadId = call("start a multipart upload", () -> s3.createMultipartUpload(b -> b.bucket(where.bucket()).key(key)))
                .uploadId();
        try {
            List<CompletedPart> done = new ArrayList<>();
            for (long offset = 0; offset < size; offset += part) {
                int number = done.size() + 1;
                long length = Math.min(part, size - offset);
                long from = offset;
                String etag = call("store part of a file", () -> s3.uploadPart(b -> b.bucket(where.bucket()).key(key)
                                .uploadId(uploadId).partNumber(number).contentLength(length),
                        RequestBody.fromContentProvider(window(file, from, length), length, "application/octet-stream"))).eTag();
                done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            call("finish a multipart upload", () -> s3.completeMultipartUpload(b -> b.bucket(where.bucket()).key(key)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(done))));
        } catch (RuntimeException | Error e) {
            abortQuietly(key, uploadId);
            throw e;
        }
    }

    /** A server-side copy: one request up to {@link Settings#copyBytes}, else part by part. */
    private void copy(String from, long size, String to) {
        if (size <= settings.copyBytes()) {
            call("store a file", () -> s3.copyObject(b -> b.sourceBucket(where.bucket()).sourceKey(from)
                    .destinationBucket(where.bucket()).destinationKey(to)));
            return;
        }
        long part = Math.max(settings.copyBytes(), (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = call("start a multipart copy", () -> s3.createMultipartUpload(b -> b.bucket(where.bucket()).key(to)))
                .uploadId();
        try {
            List<CompletedPart> done = new ArrayList<>();
            for (long offset = 0; offset < size; offset += part) {
                int number = done.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(offset + part, size) - 1);
                String etag = call("copy part of a file", () -> s3.uploadPartCopy(b -> b.sourceBucket(where.bucket())
                        .sourceKey(from).destinationBucket(where.bucket()).destinationKey(to).uploadId(uploadId)
                        .partNumber(number).copySourceRange(range))).copyPartResult().eTag();
                done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            call("finish a multipart copy", () -> s3.completeMultipartUpload(b -> b.bucket(where.bucket()).key(to)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(done))));
        } catch (RuntimeException | Error e) {
            abortQuietly(to, uploadId);
            throw e;
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(where.bucket()).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            LOG.debug("Unfinished upload {} of {} stays for the sweep: {}", uploadId, key, e.toString());
        }
    }

    /** A fresh stream over {@code length} bytes of the file from {@code offset}, each time the SDK asks (it retries). */
    private static ContentStreamProvider window(Path file, long offset, long length) {
        return () -> {
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ).position(offset);
                return new Limited(Channels.newInputStream(ch), length);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the staged file " + file, e);
            }
        };
    }

    /**
     * Runs one request. A store that cannot be reached, or refuses (403, 5xx), becomes UNAVAILABLE
     * naming what failed and the store, without credentials or the SDK's trace; "not found" (404)
     * is left to the caller.
     */
    <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw e;
            }
            LOG.warn("Object store {} refused to {}: {}", where, what, e.toString());
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new Problem(Problem.Type.UNAVAILABLE, "the file store refused to " + what + " (HTTP " + e.statusCode()
                    + (code == null ? "" : ", " + code) + "); nothing was changed, try again later or tell the administrator");
        } catch (SdkClientException e) {
            LOG.warn("Object store {} could not {}: {}", where, what, e.toString());
            throw new Problem(Problem.Type.UNAVAILABLE, "the file store cannot be reached to " + what
                    + "; nothing was changed, try again later or tell the administrator");
        }
    }

    private IllegalStateException missing(String sha256) {
        return new IllegalStateException("blob " + sha256 + " is registered but its object is missing from " + where);
    }

    private static String hostName() {
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "unknown";
        }
        String clean = h.replaceAll("[^A-Za-z0-9.-]", "_");
        return clean.isEmpty() ? "unknown" : clean;
    }

    /** At most {@code remaining} bytes of the underlying stream. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /**
     * Inboxes in the bucket, under {@code <prefix>inbox/<inbox>/<sha256 of the file's name>}: any
     * worker on any host reads them, and the data directory holds nothing a job needs. Objects are
     * named by the hash of the file's name so that any name the upload allows (long, non-ASCII) makes
     * a valid key of fixed length; the job's payload keeps the names.
     *
     * <p>A file is first written to the local spool (its length must be known before S3 takes it),
     * then sent as {@link S3BlobStore} sends content, in parts for large files. Objects of an inbox
     * that no job reads are removed by {@link #sweep}; interrupted multipart uploads by
     * {@link S3BlobStore#sweepStaging} (any under the prefix, after {@link Spool#GRACE}).
     */
    static final class S3JobInbox implements JobInbox {
        private final S3BlobStore store;
        private final String root;

        S3JobInbox(S3BlobStore store) {
            this.store = store;
            this.root = store.location().prefix() + "inbox/";
        }

        @Override
        public String create() {
            return UUID.randomUUID().toString();
        }

        @Override
        public void put(String inbox, String name, InputStream content) {
            StagedBlob local = store.spool().write(content, Long.MAX_VALUE);
            try {
                store.upload(local.path(), local.size(), key(inbox, name), "keep a file of an ingest job");
            } finally {
                Spool.deleteQuietly(local.path());
            }
        }

        @Override
        public InputStream open(String inbox, String name) {
            String key = key(inbox, name);
            try {
                return store.call("read a file of an ingest job", () -> store.s3().getObject(b -> b.bucket(store.location().bucket()).key(key)));
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new Missing("the uploaded files of this ingest are gone (inbox " + inbox + ", file " + name + ")");
                }
                throw e;
            }
        }

        @Override
        public void delete(String inbox) {
            String dir = directory(inbox);
            for (S3Object o : store.call("list the files of an ingest job", () -> store.s3()
                    .listObjectsV2Paginator(b -> b.bucket(store.location().bucket()).prefix(dir)).contents().stream().toList())) {
                store.call("delete a file of an ingest job", () -> store.s3().deleteObject(b -> b.bucket(store.location().bucket()).key(o.key())));
            }
        }

        @Override
        public Map<String, Instant> all() {
            Map<String, Instant> newest = new HashMap<>();
            store.call("list the files of ingest jobs", () -> {
                store.s3().listObjectsV2Paginator(b -> b.bucket(store.location().bucket()).prefix(root)).contents().forEach(o -> {
                    String rest = o.key().substring(root.length());
                    int slash = rest.indexOf('/');
                    if (slash > 0) {
                        newest.merge(rest.substring(0, slash), o.lastModified(), (x, y) -> x.isAfter(y) ? x : y);
                    }
                });
                return null;
            });
            return newest;
        }

        private String directory(String inbox) {
            if (!inbox.matches("[0-9a-f-]{1,64}")) {
                throw new Missing("inbox " + inbox + " is not a name of the ingest inbox");
            }
            return root + inbox + "/";
        }

        private String key(String inbox, String name) {
            var digest = Spool.sha256().digest(name.getBytes(StandardCharsets.UTF_8));
            return directory(inbox) + HexFormat.of().formatHex(digest);
        }
    }
}
