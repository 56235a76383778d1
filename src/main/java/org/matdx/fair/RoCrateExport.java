package org.matdx.fair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.matdx.access.Visibility;
import org.matdx.catalog.Removals;
import org.matdx.core.Caller;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.FileRole;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.store.BlobStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A version as an RO-Crate 1.1 zip: {@code ro-crate-metadata.json} describing the dataset, its
 * authors, licence, files and entries, and the provenance of each entry (a CreateAction from its
 * raw files, by its template and reader, with their versions); {@code entries/<id>.json} with each
 * entry complete; {@code files/<entry>/<name>} with the raw files; {@code matdx-version.json} with
 * what another MatDX needs to import the version unchanged. Only callers who may read the
 * dataset's data export it, and restricted files go only into their owners' exports.
 */
public final class RoCrateExport {
    public static final String CONTEXT = "https://w3id.org/ro/crate/1.1/context";
    public static final String PROFILE = "https://w3id.org/ro/crate/1.1";
    public static final String VERSION_FILE = "matdx-version.json";
    public static final String NAMESPACE = "https://w3id.org/matdx/terms#";

    private final Versions versions;
    private final BlobStore blobs;

    public RoCrateExport(Versions versions, BlobStore blobs) {
        this.versions = versions;
        this.blobs = blobs;
    }

    /**
     * A checked export, ready to stream: access was decided before the first byte is written.
     * Entries retracted since publication are left out and listed as {@code retracted}.
     */
    public record Prepared(Versions.View view, List<Entry> entries, List<Removals.Retraction> retracted, String fileName) {
    }

    public Prepared prepare(RequestContext context, UUID datasetId, int number) {
        Caller caller = context.caller();
        Versions.View view = versions.get(caller, datasetId, number, Visibility.FULL);
        List<Entry> entries = versions.allEntries(caller, view);
        List<Removals.Retraction> retracted = versions.retractions(view);
        versions.recordRead(context, view, "dataset.version.export");
        return new Prepared(view, entries, retracted, "matdx-" + datasetId + "-v" + number + ".zip");
    }

    public void write(Prepared p, String baseUrl, OutputStream out) throws IOException {
        Version v = p.view().version();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            put(zip, "ro-crate-metadata.json", Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(metadata(p, baseUrl)));
            put(zip, VERSION_FILE, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(versionDocument(p)));
            for (Entry e : p.entries()) {
                put(zip, entryPath(e), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(EntryCodec.write(e)));
            }
            Set<String> written = new LinkedHashSet<>();
            for (Entry e : p.entries()) {
                for (EntryFile f : e.files()) {
                    String path = filePath(e, f);
                    if (written.add(path)) {
                        zip.putNextEntry(new ZipEntry(path));
                        try (InputStream in = blobs.open(f.sha256())) {
                            in.transferTo(zip);
                        }
                        zip.closeEntry();
                    }
                }
            }
        }
    }

    static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    static String entryPath(Entry e) {
        return "entries/" + e.id() + ".json";
    }

    static String filePath(Entry e, EntryFile f) {
        return "files/" + e.id() + "/" + URLEncoder.encode(f.name(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** What an import needs besides the entries: the version and the dataset's settings at publication. */
    static ObjectNode versionDocument(Prepared p) {
        Version v = p.view().version();
        ObjectNode n = Json.object().put("format", "matdx-version/1")
                .put("id", v.id().toString()).put("dataset", v.datasetId().toString()).put("number", v.number())
                .put("pid", v.pid()).put("doi", v.doi()).put("title", v.title()).put("description", v.description())
                .put("license", v.license()).put("entry_count", v.entryCount())
                .put("published_at", v.publishedAt().toString()).put("content_sha256", v.contentSha256())
                .put("previous_pid", v.previousPid())
                .put("dataset_created_at", p.view().dataset().createdAt().toString())
                // an owner's export holds every entry and file as published (unless some were retracted
                // since); others' lack restricted files
                .put("complete", p.view().visibility() == Visibility.OWNER && p.retracted().isEmpty());
        ArrayNode authors = n.putArray("authors");
        v.authors().forEach(a -> authors.addObject().put("username", a.username()).put("name", a.name())
                .put("orcid", a.orcid()).put("role", a.role()).put("affiliation", a.affiliation()));
        n.set("metadata", v.metadata());
        n.set("retracted", tombstones(p.retracted()));
        return n;
    }

    /** Retracted entries as the version's record states them: which, when, why, by whom. */
    public static ArrayNode tombstones(List<Removals.Retraction> retracted) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Removals.Retraction r : retracted) {
            out.addObject().put("entry", r.entryId().toString()).put("title", r.title()).put("reason", r.reason())
                    .put("by", r.by()).put("retracted_at", r.at().toString()).put("removed", r.removed());
        }
        return out;
    }

    static ObjectNode metadata(Prepared p, String baseUrl) {
        Version v = p.view().version();
        ObjectNode doc = Json.object();
        // MatDX's own terms (entry kinds, file roles, the invoice) in a namespace of their own, as RO-Crate asks
        doc.putArray("@context").add(CONTEXT).addObject().put("matdx", NAMESPACE);
        ArrayNode graph = doc.putArray("@graph");
        graph.addObject().put("@id", "ro-crate-metadata.json").put("@type", "CreativeWork")
                .<ObjectNode>set("conformsTo", ref(PROFILE)).set("about", ref("./"));

        ObjectNode root = graph.addObject().put("@id", "./").put("@type", "Dataset")
                .put("name", v.title()).put("description", v.description().isBlank() ? v.title() : v.description())
                .put("datePublished", v.publishedAt().toString()).put("version", String.valueOf(v.number()));
        ArrayNode ids = root.putArray("identifier").add(v.pid());
        if (v.doi() != null) {
            ids.add("https://doi.org/" + v.doi());
        }
        root.put("url", Citations.url(v, baseUrl));
        if (!p.retracted().isEmpty()) {
            root.set("matdx:retracted", tombstones(p.retracted()));
        }
        String licenseId = v.license().startsWith("LicenseRef-") ? "#license" : "https://spdx.org/licenses/" + v.license();
        root.set("license", ref(licenseId));
        root.set("publisher", ref("#matdx"));
        ArrayNode authorRefs = root.putArray("author");
        ArrayNode parts = root.putArray("hasPart");
        parts.add(ref(VERSION_FILE));

        graph.addObject().put("@id", licenseId).put("@type", "CreativeWork").put("name", v.license())
                .put("identifier", v.license());
        graph.addObject().put("@id", "#matdx").put("@type", "Organization").put("name", "MatDX");
        String software = "#matdx-software";
        graph.addObject().put("@id", software).put("@type", "SoftwareApplication").put("name", "MatDX")
                .put("version", softwareVersion()).put("url", "https://github.com/matdx/matdx");
        for (int i = 0; i < v.authors().size(); i++) {
            Version.Author a = v.authors().get(i);
            // an author without an account here (one an imported crate names) is a person of this crate only
            String id = a.orcid() != null ? "https://orcid.org/" + a.orcid()
                    : "#person-" + (a.username() == null || a.username().isEmpty() ? String.valueOf(i + 1) : a.username());
            authorRefs.add(ref(id));
            ObjectNode person = graph.addObject().put("@id", id).put("@type", "Person").put("name", a.plainName())
                    .put("familyName", a.family());
            if (!a.given().isEmpty()) {
                person.put("givenName", a.given());
            }
            if (a.username() != null && !a.username().isEmpty()) {
                person.put("identifier", a.username());
            }
            if (a.affiliation() != null) {
                person.put("affiliation", a.affiliation());
            }
        }
        graph.addObject().put("@id", VERSION_FILE).put("@type", "File").put("name", "MatDX version record")
                .put("encodingFormat", "application/json")
                .put("description", "The version's identifiers, authors and access settings, for import into another MatDX");

        Map<String, ObjectNode> instruments = new LinkedHashMap<>();
        for (Entry e : p.entries()) {
            String entryPath = entryPath(e);
            parts.add(ref(entryPath));
            ObjectNode ent = graph.addObject().put("@id", entryPath).put("@type", "File")
                    .put("name", e.title()).put("encodingFormat", "application/json")
                    .put("additionalType", "matdx:entry/" + e.kind().code())
                    .put("identifier", e.id().toString()).put("dateCreated", e.createdAt().toString());
            if (e.composition() != null) {
                ent.put("about", e.composition().reducedFormula());
            }
            if (e.invoice() != null && e.invoice().isObject() && !e.invoice().isEmpty()) {
                ent.set("matdx:invoice", e.invoice());
            }
            ArrayNode raw = Json.MAPPER.createArrayNode();
            for (EntryFile f : e.files()) {
                String fp = filePath(e, f);
                parts.add(ref(fp));
                graph.addObject().put("@id", fp).put("@type", "File").put("name", f.name())
                        .put("encodingFormat", f.mediaType()).put("contentSize", String.valueOf(f.size()))
                        .put("sha256", f.sha256()).put("additionalType", "matdx:file/" + f.role().code());
                if (f.role() == FileRole.RAW) {
                    raw.add(ref(fp));
                }
            }
            // provenance: this entry came from these raw files, structured by this template and reader
            ObjectNode action = graph.addObject().put("@id", "#create-" + e.id()).put("@type", "CreateAction")
                    .put("name", "Structured " + e.title()).put("endTime", e.createdAt().toString());
            action.set("result", ref(entryPath));
            action.set("object", raw);
            ArrayNode instrument = action.putArray("instrument").add(ref(software));
            String template = e.template();
            if (template != null) {
                String tid = "#template-" + template;
                instruments.computeIfAbsent(tid, k -> Json.object().put("@id", k).put("@type", "SoftwareApplication")
                        .put("name", "MatDX template " + template).put("version", text(e.metadata(), "template_version")));
                instrument.add(ref(tid));
            }
            String reader = text(e.metadata(), "reader");
            if (reader != null) {
                String version = text(e.metadata(), "reader_version");
                String rid = "#reader-" + reader + (version == null ? "" : "-" + version);
                instruments.computeIfAbsent(rid, k -> Json.object().put("@id", k).put("@type", "SoftwareApplication")
                        .put("name", "MatDX reader " + reader).put("version", version));
                instrument.add(ref(rid));
            }
        }
        instruments.values().forEach(graph::add);
        return doc;
    }

    private static String text(JsonNode n, String field) {
        return n != null && n.path(field).isString() ? n.get(field).asString() : null;
    }

    static ObjectNode ref(String id) {
        return Json.object().put("@id", id);
    }

    static String softwareVersion() {
        String v = RoCrateExport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
