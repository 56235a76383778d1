package org.matdx.fair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Orcid;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.Licenses;
import org.matdx.core.AccessLevel;
import org.matdx.core.AccessSettings;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.DatasetVersion;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.Group;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitExceeded;
import org.matdx.formats.Unzip;
import org.matdx.store.BlobRegistry;
import org.matdx.store.DatasetStore;
import org.matdx.store.SqlFilter;
import org.matdx.store.StagedBlob;
import org.matdx.store.UserStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings a version exported by {@link RoCrateExport} into this instance as a copy with its
 * provenance: a new dataset owned by the importer, its entries (same content and dates, new ids,
 * registered by the importer), their files (checked against their SHA-256), and the version (same
 * number, title, licence, date and entries) under a PID of the import namespace,
 * {@code matdx:import/<new dataset>/v<n>}.
 *
 * <p>A crate is a claim, not an identity: anyone can write one. Its authors are kept as the text it
 * gives (never linked to an account here, unless that account is the importer's), its PID, DOI and
 * ids as {@code origin} provenance ("claimed"), and nothing in it can take, touch or reveal an
 * identifier of this instance: the answer is the same whether the ids it names exist here or not.
 * All or nothing: any problem names the file in the crate and leaves nothing behind.
 */
public final class RoCrateImport {
    private static final long MAX_JSON = 64L * 1024 * 1024;

    private final BlobRegistry blobs;
    private final DatasetStore datasets;
    private final UserStore users;
    private final Catalog catalog;
    private final Versions versions;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;
    private final long maxFileBytes;
    private final IngestLimits limits;

    public RoCrateImport(BlobRegistry blobs, DatasetStore datasets, UserStore users, Catalog catalog, Versions versions,
                         AccessPolicy policy, AuditLog audit, Clock clock, long maxFileBytes, IngestLimits limits) {
        this.limits = limits;
        this.blobs = blobs;
        this.datasets = datasets;
        this.users = users;
        this.catalog = catalog;
        this.versions = versions;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.maxFileBytes = maxFileBytes;
    }

    /** Settings to use instead of the crate's (null: as in the crate). */
    public record Options(String access, LocalDate embargoUntil, Boolean modelUseOnly, String group) {
        public static final Options AS_EXPORTED = new Options(null, null, null, null);
    }

    public record Result(Dataset dataset, Version version, int entries, int files) {
    }

    public Result importCrate(RequestContext context, InputStream zipStream, String crateName, Options options) {
        Caller caller = context.caller();
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
            } catch (UncheckedIOException e) {
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
            UUID originDataset = uuid(doc, "dataset", where);
            // The crate's identifiers are its claims about another instance: everything gets new ids
            // here, so nothing in a crate can land on (or reveal) a dataset, entry or version of this one.
            UUID datasetId = Ids.newId();
            Dataset dataset = dataset(account, doc, datasetId, options, where);
            List<Entry> live = new ArrayList<>();
            List<JsonNode> originSnapshots = new ArrayList<>();
            Set<UUID> seen = new HashSet<>();
            for (var e : json.entrySet()) {
                if (!e.getKey().startsWith("entries/")) {
                    continue;
                }
                String at = crateName + "!" + e.getKey();
                Entry entry = EntryCodec.read(e.getValue(), at);
                if (!entry.datasetId().equals(originDataset)) {
                    throw Problem.invalid(at + ".dataset", "belongs to dataset " + entry.datasetId() + ", not " + originDataset);
                }
                if (!seen.add(entry.id())) {
                    throw Problem.invalid(at + ".id", "entry " + entry.id() + " appears twice in the crate");
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
                originSnapshots.add(EntryCodec.write(entry));
                live.add(local(entry, datasetId, account));
            }
            originSnapshots.sort(Comparator.comparing(x -> UUID.fromString(x.get("id").asString())));
            int expected = doc.path("entry_count").asInt(-1);
            boolean complete = doc.path("complete").asBoolean(false);
            if (complete && expected != live.size()) {
                throw Problem.invalid(where + ".entry_count", "says " + expected + " entries; the crate holds " + live.size());
            }
            String claimedSha = doc.path("content_sha256").asString("");
            boolean verified = complete && claimedSha.equals(Versions.contentHash(dataset, originSnapshots));
            if (complete && !verified) {
                throw Problem.invalid(where + ".content_sha256", "does not match the crate's entries (the crate was changed)");
            }
            List<JsonNode> snapshots = new ArrayList<>();
            live.stream().sorted(Comparator.comparing(Entry::id)).forEach(x -> snapshots.add(EntryCodec.write(x)));
            Version version = version(doc, account, dataset, live.size(), Versions.contentHash(dataset, snapshots),
                    origin(doc, originDataset, crateName, verified, account), where);
            String claimedPid = version.metadata().path("origin").path("pid").asString(null);
            handedOver = true;
            return blobs.register(new ArrayList<>(files.values()), h -> {
                alreadyImported(h, caller, claimedPid, claimedSha);
                datasets.insert(h, dataset);
                if (!live.isEmpty()) {
                    catalog.insertEntries(h, context, dataset, live);
                }
                versions.insertImported(h, version, snapshots);
                h.createUpdate("UPDATE datasets SET updated_at = :at WHERE id = :id")
                        .bind("at", dataset.updatedAt()).bind("id", dataset.id()).execute();
                audit.append(h, context, "dataset.import", "dataset", dataset.id(), Json.object()
                        .put("dataset", dataset.id().toString()).put("title", dataset.title()).put("pid", version.pid())
                        .put("entries", live.size()).put("files", files.size()).put("crate", crateName)
                        .set("origin", version.metadata().get("origin")));
                return new Result(dataset, version, live.size(), files.size());
            });
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
            try {
                embargo = LocalDate.parse(meta.get("embargo_until").asString());
            } catch (DateTimeException e) {
                throw Problem.invalid(where + ".metadata.embargo_until", "must be a date like 2027-04-01");
            }
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
        if (!Licenses.valid(license)) {
            throw Problem.invalid(where + ".license", "'" + license + "' is not a licence MatDX knows");
        }
        String title = text(doc.path("title").asString(""), 1000);
        if (title.isEmpty() || title.length() > 500) {
            throw Problem.invalid(where + ".title", "is required (1-500 characters)");
        }
        Instant published = instant(doc, "published_at", where);
        Instant created = doc.path("dataset_created_at").isString() ? instant(doc, "dataset_created_at", where) : published;
        return new Dataset(id, title, doc.path("description").asString(""), license, account.id(),
                group, meta.path("template").isString() ? text(meta.get("template").asString(), 200) : null,
                new AccessSettings(level, embargo, muo), created, published);
    }

    private static Instant instant(JsonNode doc, String field, String where) {
        try {
            return Instant.parse(doc.path(field).asString(""));
        } catch (DateTimeException e) {
            throw Problem.invalid(where + "." + field, "must be a time like 2026-01-10T09:00:00Z");
        }
    }

    /**
     * The version as it is kept here: a new id, a PID in the import namespace of its new dataset
     * (never one a version published here could take), no DOI of its own, and the authors the crate
     * names as text — linked to an account here only when that account is the importer's. What the
     * crate claims (PID, DOI, dataset, authors) is kept as {@code metadata.origin}.
     */
    private Version version(JsonNode doc, Caller.Account importer, Dataset dataset, int count, String sha, ObjectNode origin,
                            String where) {
        int number = doc.path("number").asInt(0);
        if (number < 1 || number > 1_000_000) {
            throw Problem.invalid(where + ".number", "must be a version number (1 or more)");
        }
        List<Version.Author> authors = new ArrayList<>();
        for (JsonNode a : doc.path("authors")) {
            String name = text(a.path("name").asString(""), 300);
            if (name.isEmpty()) {
                continue;
            }
            String orcid = a.path("orcid").isString() && Orcid.valid(a.get("orcid").asString()) ? a.get("orcid").asString() : null;
            String role = a.path("role").asString("");
            boolean isImporter = importer.user().username().equals(a.path("username").asString(""));
            String affiliation = a.path("affiliation").isString() ? text(a.get("affiliation").asString(), 500) : "";
            authors.add(new Version.Author(isImporter ? importer.user().username() : "", name, orcid,
                    role.equals("owner") || role.equals("coauthor") ? role : "author", affiliation.isEmpty() ? null : affiliation));
        }
        ObjectNode meta = Json.object();
        JsonNode claimed = doc.path("metadata");
        for (String key : List.of("publisher", "template", "access", "embargo_until", "group", "dataset_created_at")) {
            if (claimed.path(key).isString()) {
                meta.put(key, text(claimed.get(key).asString(), 300));
            }
        }
        meta.put("model_use_only", claimed.path("model_use_only").asBoolean(false));
        meta.put("authors_source", "crate");
        meta.set("origin", origin);
        return new Version(Ids.newId(), dataset.id(), number, DatasetVersion.importedPidFor(dataset.id(), number), null,
                dataset.title(), dataset.description(), dataset.license(), count, importer.id(),
                instant(doc, "published_at", where), authors, meta, sha, null);
    }

    /** What the crate says about where it comes from: claims, kept as provenance, never checked against anything here. */
    private ObjectNode origin(JsonNode doc, UUID originDataset, String crateName, boolean verified, Caller.Account importer) {
        ObjectNode o = Json.object().put("claimed", true)
                .put("pid", claim(doc, "pid", 300))
                .put("doi", claim(doc, "doi", 300))
                .put("dataset", originDataset.toString())
                .put("version", claim(doc, "id", 64))
                .put("previous_pid", claim(doc, "previous_pid", 300))
                .put("content_sha256", claim(doc, "content_sha256", 64))
                .put("content_verified", verified)
                .put("crate", text(crateName, 300))
                .put("imported_at", clock.instant().toString())
                .put("imported_by", importer.user().username());
        ArrayNode authors = o.putArray("authors");
        for (JsonNode a : doc.path("authors")) {
            authors.addObject().put("name", text(a.path("name").asString(""), 300)).put("orcid", claim(a, "orcid", 64))
                    .put("role", text(a.path("role").asString(""), 32));
        }
        if (doc.path("retracted").isArray()) {
            o.set("retracted", doc.get("retracted"));
        }
        return o;
    }

    private static String claim(JsonNode n, String field, int max) {
        return n.path(field).isString() ? text(n.get(field).asString(), max) : null;
    }

    /** The importer's own copy of the same claimed version is refused; nobody else's is looked at (no oracle). */
    private void alreadyImported(Handle h, Caller caller, String claimedPid, String claimedSha) {
        if (claimedPid == null || claimedPid.isBlank()) {
            return;
        }
        SqlFilter mine = policy.datasetFilter(caller, "d", Visibility.OWNER);
        h.createQuery("SELECT d.id FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id"
                        + " WHERE v.metadata -> 'origin' ->> 'pid' = :pid AND coalesce(v.metadata -> 'origin' ->> 'content_sha256', '') = :sha"
                        + " AND (" + mine.sql() + ") LIMIT 1")
                .bindMap(mine.params()).bind("pid", claimedPid).bind("sha", claimedSha).mapTo(UUID.class).findOne()
                .ifPresent(id -> {
                    throw Problem.conflict("you already imported " + claimedPid + " as dataset " + id);
                });
    }

    /** Free text from a crate: control characters out, bounded in length. */
    private static String text(String s, int max) {
        String t = s.replaceAll("\\p{Cntrl}", " ").strip();
        return t.length() > max ? t.substring(0, max) : t;
    }

    /**
     * The entry as it lives here: a new id in the new dataset, registered by the importer (a crate
     * names accounts of another instance, or forges ours), no link to a sample of this instance.
     */
    private static Entry local(Entry e, UUID datasetId, Caller.Account importer) {
        return new Entry(Ids.newId(), datasetId, e.kind(), e.title(), e.composition(), e.properties(), e.invoice(),
                e.metadata(), e.data(), e.files(), null, e.template(), e.outcome(), importer.id(), e.createdAt(), e.updatedAt());
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
        return Json.readUntrusted(buf.toString(StandardCharsets.UTF_8), where);
    }
}
