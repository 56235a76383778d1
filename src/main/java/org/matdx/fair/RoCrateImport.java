package org.matdx.fair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.core.AccessLevel;
import org.matdx.core.AccessSettings;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.Group;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.ingest.IngestLimits;
import org.matdx.ingest.LimitExceeded;
import org.matdx.ingest.Unzip;
import org.matdx.core.Scope;
import org.matdx.store.BlobRegistry;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.StagedBlob;
import org.matdx.store.UserStore;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Brings a version exported by {@link RoCrateExport} into this instance: the dataset (same id),
 * its entries (same ids, content and dates), their files (checked against their SHA-256), and the
 * version itself (same number, PID, DOI, authors and snapshot), so it cites and exports as it did
 * at its origin. The importing account owns the dataset here. All or nothing: any problem names
 * the file in the crate and leaves nothing behind.
 */
public final class RoCrateImport {
    private static final long MAX_JSON = 64L * 1024 * 1024;

    private final BlobRegistry blobs;
    private final DatasetStore datasets;
    private final EntryStore entries;
    private final UserStore users;
    private final Catalog catalog;
    private final Versions versions;
    private final long maxFileBytes;
    private final IngestLimits limits;

    public RoCrateImport(BlobRegistry blobs, DatasetStore datasets, EntryStore entries, UserStore users, Catalog catalog,
                         Versions versions, long maxFileBytes, IngestLimits limits) {
        this.limits = limits;
        this.blobs = blobs;
        this.datasets = datasets;
        this.entries = entries;
        this.users = users;
        this.catalog = catalog;
        this.versions = versions;
        this.maxFileBytes = maxFileBytes;
    }

    /** Settings to use instead of the crate's (null: as in the crate). */
    public record Options(String access, LocalDate embargoUntil, Boolean modelUseOnly, String group) {
        public static final Options AS_EXPORTED = new Options(null, null, null, null);
    }

    public record Result(Dataset dataset, Version version, int entries, int files) {
    }

    public Result importCrate(Caller caller, InputStream zipStream, String crateName, Options options, AuditLog.Origin origin) {
        if (!(caller instanceof Caller.Account account) || !account.scope().includes(Scope.WRITE)) {
            throw caller instanceof Caller.Account ? Problem.forbidden("importing needs a write-scoped credential")
                    : Problem.unauthorized("sign in to import a crate");
        }
        Map<String, StagedBlob> files = new LinkedHashMap<>();
        boolean handedOver = false;
        try {
            Map<String, JsonNode> json = new HashMap<>();
            // a crate is an upload like any zip: unpacked within the same limits (a crate bomb is refused, 413)
            try {
                Unzip.each(crateName, zipStream, limits, Unzip.Budget.request(limits), maxFileBytes, "--max-upload-mb",
                        (name, directory, content) -> {
                            if (directory) {
                                return;
                            }
                            if (name.startsWith("files/")) {
                                files.put(name, blobs.store().stage(content, maxFileBytes));
                            } else if (name.endsWith(".json")) {
                                json.put(name, parse(content, crateName + "!" + name));
                            }
                        });
            } catch (LimitExceeded e) {
                throw new Problem(Problem.Type.TOO_LARGE, e.getMessage());
            } catch (java.io.UncheckedIOException e) {
                if (e.getCause() instanceof LimitExceeded l) {
                    throw new Problem(Problem.Type.TOO_LARGE, l.getMessage());
                }
                throw Problem.invalid(crateName, "is not a readable zip file: " + e.getCause().getMessage());
            } catch (Unzip.Damaged e) {
                throw Problem.invalid(crateName, "is not a readable zip file: " + e.getMessage());
            }
            if (!json.containsKey("ro-crate-metadata.json")) {
                throw Problem.invalid(crateName, "has no ro-crate-metadata.json; is it an RO-Crate?");
            }
            JsonNode doc = json.get(RoCrateExport.VERSION_FILE);
            if (doc == null || !"matdx-version/1".equals(doc.path("format").asString(""))) {
                throw Problem.invalid(crateName, "has no " + RoCrateExport.VERSION_FILE
                        + "; MatDX imports crates that MatDX exported");
            }
            String where = crateName + "!" + RoCrateExport.VERSION_FILE;
            UUID datasetId = uuid(doc, "dataset", where);
            if (datasets.get(datasetId).isPresent()) {
                throw Problem.conflict("dataset " + datasetId + " is already in this instance; a crate is imported once");
            }
            List<Entry> imported = new ArrayList<>();
            List<JsonNode> snapshots = new ArrayList<>();
            for (var e : json.entrySet()) {
                if (!e.getKey().startsWith("entries/")) {
                    continue;
                }
                String at = crateName + "!" + e.getKey();
                Entry entry = EntryCodec.read(e.getValue(), at);
                if (!entry.datasetId().equals(datasetId)) {
                    throw Problem.invalid(at + ".dataset", "belongs to dataset " + entry.datasetId() + ", not " + datasetId);
                }
                if (entries.get(entry.id()).isPresent()) {
                    throw Problem.conflict(at + ": entry " + entry.id() + " is already in this instance");
                }
                for (EntryFile f : entry.files()) {
                    String path = RoCrateExport.filePath(entry, f);
                    StagedBlob b = files.get(path);
                    if (b == null) {
                        throw Problem.invalid(at, "lists the file '" + f.name() + "' but the crate has no " + path);
                    }
                    if (!b.sha256().equals(f.sha256()) || b.size() != f.size()) {
                        throw Problem.invalid(crateName + "!" + path, "its content does not match the SHA-256 and size "
                                + "its entry records (the crate was changed or damaged)");
                    }
                }
                snapshots.add(EntryCodec.write(entry));
                imported.add(entry);
            }
            snapshots.sort(Comparator.comparing(s -> UUID.fromString(s.get("id").asString())));
            int expected = doc.path("entry_count").asInt(-1);
            boolean complete = doc.path("complete").asBoolean(false);
            if (complete && expected != imported.size()) {
                throw Problem.invalid(where + ".entry_count", "says " + expected + " entries; the crate holds " + imported.size());
            }
            Dataset dataset = dataset(account, doc, datasetId, options, where);
            String sha = Versions.contentHash(dataset, snapshots);
            if (complete && !sha.equals(doc.path("content_sha256").asString(""))) {
                throw Problem.invalid(where + ".content_sha256", "does not match the crate's entries (the crate was changed)");
            }
            Version version = version(doc, account, imported.size(), sha, where);
            // live entries need accounts of this instance; the snapshot keeps the creators as published
            List<Entry> live = imported.stream().map(e -> attribute(e, account)).toList();
            handedOver = true;
            Result r = blobs.register(new ArrayList<>(files.values()), h -> {
                datasets.insert(h, dataset);
                if (!live.isEmpty()) {
                    catalog.insertEntries(h, caller, dataset, live, origin);
                }
                versions.insertImported(h, version, snapshots);
                h.createUpdate("UPDATE datasets SET updated_at = :at WHERE id = :id")
                        .bind("at", dataset.updatedAt()).bind("id", dataset.id()).execute();
                return new Result(dataset, version, live.size(), files.size());
            });
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + crateName + ": " + e.getMessage(), e);
        } finally {
            if (!handedOver) {
                files.values().forEach(blobs.store()::discard);
            }
        }
    }

    private Dataset dataset(Caller.Account account, JsonNode doc, UUID id, Options o, String where) {
        JsonNode meta = doc.path("metadata");
        String levelCode = o.access() != null ? o.access() : meta.path("access").asString("private");
        AccessLevel level;
        try {
            level = AccessLevel.of(levelCode);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(o.access() != null ? "access" : where + ".metadata.access", e.getMessage());
        }
        LocalDate embargo = o.embargoUntil();
        if (embargo == null && level == AccessLevel.EMBARGOED && meta.path("embargo_until").isString()) {
            embargo = LocalDate.parse(meta.get("embargo_until").asString());
        }
        if (level == AccessLevel.EMBARGOED && embargo == null) {
            throw Problem.invalid("embargo_until", "an embargoed dataset needs an embargo date");
        }
        boolean muo = o.modelUseOnly() != null ? o.modelUseOnly() : meta.path("model_use_only").asBoolean(false);
        String groupName = o.group() != null ? o.group() : meta.path("group").isString() ? meta.get("group").asString() : null;
        UUID group = null;
        if (groupName != null && !groupName.isBlank()) {
            Group g = users.groupByName(groupName).orElse(null);
            if (g != null && account.groups().containsKey(g.id())) {
                group = g.id();
            } else if (level == AccessLevel.GROUP) {
                throw Problem.invalid("group", "the crate's dataset is shared with the group '" + groupName
                        + "', which you are not a member of here; choose a group or another access level");
            }
        }
        if (level == AccessLevel.GROUP && group == null) {
            throw Problem.invalid("group", "a group-level dataset needs a group");
        }
        String license = doc.path("license").asString("");
        if (!org.matdx.catalog.Licenses.valid(license)) {
            throw Problem.invalid(where + ".license", "'" + license + "' is not a licence MatDX knows");
        }
        Instant created = Instant.parse(doc.path("dataset_created_at").asString(doc.path("published_at").asString()));
        return new Dataset(id, doc.path("title").asString(), doc.path("description").asString(""), license, account.id(),
                group, meta.path("template").isString() ? meta.get("template").asString() : null,
                new AccessSettings(level, embargo, muo), created, Instant.parse(doc.path("published_at").asString()));
    }

    private static Version version(JsonNode doc, Caller.Account importer, int count, String sha, String where) {
        List<Version.Author> authors = new ArrayList<>();
        for (JsonNode a : doc.path("authors")) {
            authors.add(new Version.Author(a.path("username").asString(""), a.path("name").asString(""),
                    a.path("orcid").isString() ? a.get("orcid").asString() : null, a.path("role").asString("owner")));
        }
        var meta = doc.path("metadata").isObject() ? ((tools.jackson.databind.node.ObjectNode) doc.get("metadata")).deepCopy()
                : Json.object();
        int number = doc.path("number").asInt(0);
        if (number < 1) {
            throw Problem.invalid(where + ".number", "must be a version number (1 or more)");
        }
        return new Version(uuid(doc, "id", where), uuid(doc, "dataset", where), number, doc.path("pid").asString(),
                doc.path("doi").isString() ? doc.get("doi").asString() : null, doc.path("title").asString(),
                doc.path("description").asString(""), doc.path("license").asString(), count, importer.id(),
                Instant.parse(doc.path("published_at").asString()), authors, meta, sha,
                doc.path("previous_pid").isString() ? doc.get("previous_pid").asString() : null);
    }

    /** Entries whose creator has no account here are attributed to the importer (the snapshot keeps the original). */
    private Entry attribute(Entry e, Caller.Account importer) {
        boolean known = e.createdBy() != null && users.byId(e.createdBy()).isPresent();
        return new Entry(e.id(), e.datasetId(), e.kind(), e.title(), e.composition(), e.properties(), e.invoice(),
                e.metadata(), e.data(), e.files(), null, e.template(), e.outcome(),
                known ? e.createdBy() : importer.id(), e.createdAt(), e.updatedAt());
    }

    private static UUID uuid(JsonNode n, String field, String where) {
        UUID id = Ids.parseOrNull(n.path(field).asString(""));
        if (id == null) {
            throw Problem.invalid(where + "." + field, "is missing or not a UUID");
        }
        return id;
    }

    private static JsonNode parse(InputStream in, String where) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(b)) > 0) {
            total += n;
            if (total > MAX_JSON) {
                throw Problem.invalid(where, "is larger than " + MAX_JSON / (1024 * 1024) + " MiB");
            }
            buf.write(b, 0, n);
        }
        try {
            return Json.read(buf.toString(java.nio.charset.StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw Problem.invalid(where, "is not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage());
        }
    }
}
