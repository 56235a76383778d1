package org.matdx.store;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

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
final class S3JobInbox implements JobInbox {
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
