package org.matdx.optimade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.NewEntry;
import org.matdx.core.AccessSettings;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.ConventionalUnits;
import org.matdx.core.Dataset;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Entry;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Lattice;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import org.matdx.store.Database;
import org.matdx.store.TableUpkeep;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an OPTIMADE JSON Lines file (the specification's database-exchange format: a header
 * line, optional meta, info responses, then entries) into a dataset: each structure becomes an
 * entry of kind structure with its geometry in the stored structure form, and each reference
 * becomes a reference of the dataset, linked to the structures that cite it.
 *
 * <p>All or nothing: every line is checked first, and a file with problems is refused with the
 * line, the entry id and what is wrong; only a file without problems is written, in one
 * transaction.
 */
public final class OptimadeImport {
    private static final int MAX_PROBLEMS = 20;
    /** Attributes rebuilt from the stored structure; everything else the source said is kept under data.optimade. */
    private static final Set<String> GEOMETRY = Set.of("lattice_vectors", "cartesian_site_positions", "species",
            "species_at_sites", "nsites", "elements", "nelements", "elements_ratios", "structure_features",
            "nperiodic_dimensions");

    private static final String OWN_PREFIX = "_" + FilterSql.PREFIX + "_";
    /** MatDX fields that describe the entry rather than its properties. */
    private static final Set<String> OWN_FIELDS = Set.of("title", "dataset_id", "kind", "outcome");

    private final Database db;
    private final Catalog catalog;
    private final TableUpkeep upkeep;

    public OptimadeImport(Database db, Catalog catalog) {
        this.db = db;
        this.catalog = catalog;
        this.upkeep = new TableUpkeep(db);
    }

    /** What was imported, and what in the file was not (other entry types). */
    public record Result(int structures, int references, Map<String, Integer> skipped) {
    }

    private record Reference(UUID id, String sourceId, ObjectNode attributes, Instant lastModified) {
    }

    /**
     * Checks a file without writing anything: a {@link Problem} listing what is wrong, or the
     * counts an import would give. Used before creating a dataset for an import.
     */
    public Result check(Caller caller, InputStream in, String source) {
        Dataset scratch = new Dataset(Ids.newId(), "check", "", "CC-BY-4.0", caller.userId() == null ? Ids.newId() : caller.userId(),
                null, null, AccessSettings.privateData(), Instant.now(), Instant.now());
        Parsed parsed = parse(caller, scratch, in, source);
        return new Result(parsed.entries.size(), parsed.references.size(), parsed.skipped);
    }

    /**
     * Imports into an existing dataset the caller may write to.
     *
     * @param source a name for the input in messages (the file name)
     */
    public Result importInto(RequestContext context, UUID datasetId, InputStream in, String source) {
        Caller caller = context.caller();
        Dataset d = catalog.writableDataset(caller, datasetId);
        Parsed parsed = parse(caller, d, in, source);
        db.run(h -> {
            for (int i = 0; i < parsed.entries.size(); i += 1000) {
                catalog.insertEntries(h, context, d, parsed.entries.subList(i, Math.min(parsed.entries.size(), i + 1000)));
            }
            for (Reference r : parsed.references.values()) {
                h.createUpdate("""
                                INSERT INTO optimade_references (id, dataset_id, source_id, attributes, last_modified)
                                VALUES (:id, :dataset, :source, CAST(:attributes AS jsonb), :modified)""")
                        .bind("id", r.id()).bind("dataset", d.id()).bind("source", r.sourceId())
                        .bind("attributes", Json.write(r.attributes())).bind("modified", r.lastModified()).execute();
            }
            for (Map.Entry<UUID, List<String>> link : parsed.links.entrySet()) {
                for (String refId : link.getValue()) {
                    h.createUpdate("INSERT INTO optimade_structure_references (entry_id, reference_id) VALUES (:e, :r) "
                                    + "ON CONFLICT DO NOTHING")
                            .bind("e", link.getKey()).bind("r", parsed.references.get(refId).id()).execute();
                }
            }
        });
        if (parsed.entries.size() >= TableUpkeep.BULK) {
            // searches over the new rows are planned with statistics that know them
            upkeep.refresh(false);
        }
        return new Result(parsed.entries.size(), parsed.references.size(), parsed.skipped);
    }

    /** Everything the file holds, checked, ready to insert. */
    private static final class Parsed {
        final List<Entry> entries = new ArrayList<>();
        final Map<String, Reference> references = new LinkedHashMap<>();
        final Map<UUID, List<String>> links = new LinkedHashMap<>();
        final Map<String, Integer> skipped = new LinkedHashMap<>();
    }

    private Parsed parse(Caller caller, Dataset d, InputStream in, String source) {
        Parsed p = new Parsed();
        List<Problem.Issue> problems = new ArrayList<>();
        Map<UUID, List<String>> wanted = new LinkedHashMap<>();
        Map<UUID, Integer> wantedAt = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            boolean header = false;
            ObjectNode provider = null;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String where = source + ", line " + n;
                JsonNode node;
                try {
                    node = Json.readUntrusted(line, where);
                } catch (Problem e) {
                    problems.addAll(e.issues());
                    continue;
                }
                if (!node.isObject()) {
                    problems.add(new Problem.Issue(where, "each line must be a JSON object"));
                    continue;
                }
                if (node.has("x-optimade")) {
                    header = true;
                    continue;
                }
                if (!header) {
                    problems.add(new Problem.Issue(where, "an OPTIMADE JSON Lines file starts with a header line "
                            + "{\"x-optimade\": {\"api_version\": \"1.2.0\"}}"));
                    header = true;
                }
                if (node.has("meta") && !node.has("type")) {
                    provider = provider(node.get("meta"));
                    continue;
                }
                String type = node.path("type").asString("");
                String id = node.path("id").isString() || node.path("id").isNumber() ? node.path("id").asString() : null;
                switch (type) {
                    case "info" -> {
                    }
                    case "structures" -> {
                        try {
                            Entry e = structure(caller, d, node, id, provider);
                            p.entries.add(e);
                            List<String> refs = new ArrayList<>();
                            for (JsonNode ref : node.at("/relationships/references/data")) {
                                refs.add(ref.path("id").asString());
                            }
                            if (!refs.isEmpty()) {
                                wanted.put(e.id(), refs);
                                wantedAt.put(e.id(), n);
                            }
                        } catch (IllegalArgumentException | Problem e) {
                            problems.add(new Problem.Issue(where, "structure '" + id + "': " + e.getMessage()));
                        }
                    }
                    case "references" -> {
                        if (id == null) {
                            problems.add(new Problem.Issue(where, "a reference needs an id"));
                        } else if (p.references.containsKey(id)) {
                            problems.add(new Problem.Issue(where, "reference '" + id + "' appears twice"));
                        } else {
                            ObjectNode attrs = node.path("attributes").isObject() ? (ObjectNode) node.get("attributes").deepCopy() : Json.object();
                            Instant modified = timestamp(attrs.get("last_modified"));
                            attrs.remove("last_modified");
                            attrs.remove("immutable_id");
                            p.references.put(id, new Reference(Ids.newId(), id, attrs, modified == null ? Instant.now() : modified));
                        }
                    }
                    case "" -> problems.add(new Problem.Issue(where, "an entry needs a \"type\""));
                    default -> p.skipped.merge(type, 1, Integer::sum);
                }
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
        wanted.forEach((entryId, refs) -> {
            for (String ref : refs) {
                if (!p.references.containsKey(ref)) {
                    problems.add(new Problem.Issue(source + ", line " + wantedAt.get(entryId),
                            "the structure cites reference '" + ref + "', which is not in the file"));
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new Problem(Problem.Type.BAD_REQUEST, source + " was not imported: " + problems.size()
                    + (problems.size() >= MAX_PROBLEMS ? "+" : "") + " problem(s); the first: " + problems.get(0).field()
                    + ": " + problems.get(0).message(), problems);
        }
        if (p.entries.isEmpty()) {
            throw Problem.badRequest(source + " holds no structures to import");
        }
        p.links.putAll(wanted);
        return p;
    }

    /** One OPTIMADE structure as a MatDX entry; IllegalArgumentException names what is wrong. */
    private Entry structure(Caller caller, Dataset d, JsonNode node, String id, ObjectNode provider) {
        JsonNode a = node.path("attributes");
        if (!a.isObject()) {
            throw new IllegalArgumentException("has no attributes");
        }
        double[][] lattice = lattice(a.get("lattice_vectors"));
        JsonNode cart = a.get("cartesian_site_positions");
        JsonNode names = a.get("species_at_sites");
        if (cart == null || !cart.isArray() || names == null || !names.isArray() || cart.size() != names.size()) {
            throw new IllegalArgumentException("needs cartesian_site_positions and species_at_sites of the same length");
        }
        if (cart.isEmpty()) {
            throw new IllegalArgumentException("has no sites");
        }
        Map<String, Map<Element, Double>> species = species(a.get("species"));
        double[][] inverse = inverse(lattice);
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < cart.size(); i++) {
            JsonNode c = cart.get(i);
            if (!c.isArray() || c.size() != 3 || !c.get(0).isNumber() || !c.get(1).isNumber() || !c.get(2).isNumber()) {
                throw new IllegalArgumentException("cartesian_site_positions[" + i + "] must be three numbers");
            }
            String name = names.get(i).asString();
            Map<Element, Double> occ = species.get(name);
            if (occ == null) {
                throw new IllegalArgumentException("species_at_sites[" + i + "] is '" + name + "', which is not in species");
            }
            double[] r = {c.get(0).asDouble(), c.get(1).asDouble(), c.get(2).asDouble()};
            double[] f = new double[3];
            for (int k = 0; k < 3; k++) {
                // cart = f0*a + f1*b + f2*c, so f = cart · inverse(lattice)
                f[k] = r[0] * inverse[0][k] + r[1] * inverse[1][k] + r[2] * inverse[2][k];
            }
            sites.add(new Site(name, occ, f));
        }
        Structure s = new Structure(new Lattice(lattice), sites);
        Composition comp = s.composition();
        ObjectNode data = Json.object();
        ObjectNode structure = StructureJson.write(s);
        JsonNode dims = a.get("dimension_types");
        if (dims != null && dims.isArray() && !dims.toString().equals("[1,1,1]")) {
            structure.set("dimension_types", dims);
        }
        data.set("structure", structure);
        if (provider != null) {
            data.set("optimade_provider", provider);
        }
        ObjectNode optimade = data.putObject("optimade");
        optimade.put("id", id);
        // MatDX's own fields come back as what they were: _matdx_title the title, other _matdx_<name>
        // numbers ({"value": 3.2, "unit": "eV"} or a bare number) the entry's properties
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        String ownTitle = null;
        for (Map.Entry<String, JsonNode> e : a.properties()) {
            String key = e.getKey();
            if (key.startsWith(OWN_PREFIX)) {
                String name = key.substring(OWN_PREFIX.length());
                if (name.equals("title") && e.getValue().isString()) {
                    ownTitle = e.getValue().asString();
                } else if (!OWN_FIELDS.contains(name) && (e.getValue().isNumber() || e.getValue().isObject())) {
                    // _matdx_band_gap__ev is MatDX's band_gap served in eV (EntryType): it comes back as that
                    int unitAt = name.lastIndexOf("__");
                    var unit = unitAt > 0 && e.getValue().isNumber()
                            ? ConventionalUnits.bySlug(name.substring(unitAt + 2)) : Optional.<ConventionalUnits.Conventional>empty();
                    if (unit.isPresent()) {
                        properties.put(name.substring(0, unitAt), Json.object().put("value", e.getValue().asDouble())
                                .put("unit", unit.get().unit().text()));
                    } else {
                        properties.put(name, e.getValue());
                    }
                }
            } else if (!GEOMETRY.contains(key)) {
                optimade.set(key, normalise(e.getValue()));
            }
        }
        String descriptive = a.path("chemical_formula_descriptive").asString(null);
        String title = ownTitle != null ? ownTitle
                : (descriptive != null ? descriptive : comp.reducedFormula()) + (id == null ? "" : " (" + id + ")");
        List<Problem.Issue> issues = new ArrayList<>();
        Entry e = catalog.validate(caller, d, new NewEntry("structure", title, comp.formula(), properties, null,
                null, data, null, null, null, null), "", issues);
        if (!issues.isEmpty()) {
            throw new IllegalArgumentException(issues.get(0).field() + " " + issues.get(0).message());
        }
        return e;
    }

    /** MongoDB exports write timestamps as {"$date": "…"}; OPTIMADE wants the string. */
    /**
     * The provider a file's meta line names (prefix without its underscores, name, and the address of
     * its API when the file says where it was fetched from), so that imported structures can be traced
     * back; null when the meta line names none.
     */
    private static ObjectNode provider(JsonNode meta) {
        JsonNode p = meta.path("provider");
        String prefix = p.path("prefix").isString() ? p.path("prefix").asString().replaceAll("^_+|_+$", "") : "";
        if (!prefix.matches("[a-z][a-z0-9_]{0,39}")) {
            return null;
        }
        ObjectNode out = Json.object();
        out.put("prefix", prefix);
        if (p.path("name").isString()) {
            out.put("name", truncate(p.get("name").asString()));
        }
        String base = meta.path("query").path("base_url").isString() ? meta.path("query").path("base_url").asString()
                : p.path("base_url").isString() ? p.path("base_url").asString() : null;
        if (base != null && base.matches("https?://[^\\s\"<>]{1,500}")) {
            out.put("base_url", base.replaceAll("/+$", ""));
        }
        return out;
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    private static JsonNode normalise(JsonNode v) {
        if (v != null && v.isObject() && v.size() == 1 && v.has("$date")) {
            return v.get("$date");
        }
        return v;
    }

    private static Instant timestamp(JsonNode v) {
        JsonNode t = normalise(v);
        if (t == null || !t.isString()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t.asString()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static double[][] lattice(JsonNode lv) {
        if (lv == null || !lv.isArray() || lv.size() != 3) {
            throw new IllegalArgumentException("needs lattice_vectors: three vectors of three numbers (MatDX stores "
                    + "periodic cells; non-periodic directions need a vector too)");
        }
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            JsonNode v = lv.get(i);
            if (!v.isArray() || v.size() != 3) {
                throw new IllegalArgumentException("lattice_vectors[" + i + "] must have three coordinates");
            }
            for (int j = 0; j < 3; j++) {
                if (!v.get(j).isNumber()) {
                    throw new IllegalArgumentException("lattice_vectors[" + i + "] has an unknown coordinate; MatDX stores "
                            + "complete lattices");
                }
                m[i][j] = v.get(j).asDouble();
            }
        }
        return m;
    }

    private static double[][] inverse(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("lattice_vectors are linearly dependent (the cell has no volume)");
        }
        double[][] inv = new double[3][3];
        inv[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
        inv[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det;
        inv[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
        inv[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det;
        inv[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
        inv[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det;
        inv[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det;
        inv[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det;
        inv[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
        return inv;
    }

    /** name → element → concentration; vacancies are what the concentrations leave out. */
    private static Map<String, Map<Element, Double>> species(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("needs species");
        }
        Map<String, Map<Element, Double>> out = new LinkedHashMap<>();
        for (JsonNode s : list) {
            String name = s.path("name").asString(null);
            JsonNode symbols = s.get("chemical_symbols");
            JsonNode conc = s.get("concentration");
            if (name == null || symbols == null || conc == null || !symbols.isArray() || !conc.isArray()
                    || symbols.size() != conc.size()) {
                throw new IllegalArgumentException("each species needs a name and chemical_symbols with matching concentration");
            }
            Map<Element, Double> occ = new LinkedHashMap<>();
            for (int i = 0; i < symbols.size(); i++) {
                String sym = symbols.get(i).asString();
                if (sym.equals("vacancy")) {
                    continue;
                }
                if (sym.equals("X")) {
                    throw new IllegalArgumentException("species '" + name + "' contains an unknown element (X), which "
                            + "MatDX cannot store");
                }
                Element el = Elements.bySymbol(sym).orElseThrow(() ->
                        new IllegalArgumentException("species '" + name + "': '" + sym + "' is not an element symbol"));
                double c = conc.get(i).asDouble();
                if (!(c > 0) || c > 1 + 1e-9) {
                    throw new IllegalArgumentException("species '" + name + "': concentration of " + sym + " must be in (0, 1]");
                }
                occ.merge(el, c, Double::sum);
            }
            if (occ.isEmpty()) {
                throw new IllegalArgumentException("species '" + name + "' holds no element");
            }
            if (out.put(name, occ) != null) {
                throw new IllegalArgumentException("species '" + name + "' is defined twice");
            }
        }
        return out;
    }
}
