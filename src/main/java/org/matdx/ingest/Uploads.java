package org.matdx.ingest;

import java.io.InputStream;
import java.net.URLConnection;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.EntryKind;
import org.matdx.core.FileRole;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.store.BlobRegistry;
import org.matdx.store.StagedBlob;

/**
 * Registers a raw file in a dataset: the content becomes a blob, the file an entry of kind
 * {@code file}. Permission is checked before a byte is stored; the blob row, the entry and its
 * audit event commit together, so a rejected or interrupted upload leaves nothing behind.
 */
public final class Uploads {
    private final Catalog catalog;
    private final BlobRegistry blobs;
    private final Clock clock;
    private final long maxBytes;

    public Uploads(Catalog catalog, BlobRegistry blobs, Clock clock, long maxBytes) {
        this.catalog = catalog;
        this.blobs = blobs;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Entry upload(RequestContext context, UUID datasetId, String fileName, InputStream content, boolean restricted) {
        Caller caller = context.caller();
        Dataset d = catalog.writableDataset(caller, datasetId);
        String name = safeName(fileName);
        StagedBlob staged = blobs.store().stage(content, maxBytes);
        EntryFile file = new EntryFile(name, staged.sha256(), staged.size(), mediaType(name), FileRole.RAW, restricted);
        var now = clock.instant();
        Entry entry = new Entry(Ids.newId(), d.id(), EntryKind.FILE, name, null, null, null, null, null,
                List.of(file), null, null, null, caller.userId(), now, now);
        return blobs.register(staged, h -> {
            catalog.insertEntries(h, context, d, List.of(entry));
            return entry;
        });
    }

    /** A file name without directories or control characters, so it is safe in paths and headers. */
    public static String safeName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            throw Problem.invalid("filename", "the upload needs a file name");
        }
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..") || base.length() > 255
                || base.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw Problem.invalid("filename", "'" + fileName + "' is not a usable file name");
        }
        return base;
    }

    public static String mediaType(String name) {
        String guess = URLConnection.guessContentTypeFromName(name);
        return guess == null ? "application/octet-stream" : guess;
    }
}
