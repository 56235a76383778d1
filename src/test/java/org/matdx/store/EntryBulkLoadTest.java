package org.matdx.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.EntryKind;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Outcome;
import org.matdx.core.Quantity;
import org.matdx.core.RequestContext;
import org.matdx.search.SearchRequest;
import org.matdx.search.SearchService;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * The bulk path (COPY, derived columns in Java, derived rows set-wise) stores exactly what the
 * ordinary insert and its triggers store, and is all or nothing.
 */
class EntryBulkLoadTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
        alice = tp.person("alice");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static Database db() {
        return tp.platform().db();
    }

    static Dataset dataset(String title, String access) {
        return tp.platform().catalog().createDataset(RequestContext.local(alice.caller(tp.platform())),
                new NewDataset(title, "", "CC-BY-4.0", access, null, false, null, null));
    }

    /** Entries of every shape the derived columns care about, some the Java twin leaves to SQL. */
    static List<Entry> varied(UUID dataset, int n) {
        String[] formulas = {"Fe2O3", "LiFePO4", "Li7La3Zr2O12", "Fe0.333O0.667", "NaCl", "Ni0.8Mn0.1Co0.1O2", "SrTiO3", null};
        String[] sites = {
            "[{\"species\": {\"Fe\": 1.0}}, {\"species\": {\"O\": 1.0}}]",
            "[{\"species\": {\"Fe\": 0.5, \"Co\": 0.5}, \"label\": \"\"}]",
            "[{\"species\": {\"O\": 0.9}, \"label\": \"O1\"}, {\"species\": {\"Li\": 1}}]",
            "[]",
            // shapes left to SQL: a numeric label, an occupancy written as text
            "[{\"species\": {\"Na\": 1.0}, \"label\": 5}]",
            "[{\"species\": {\"Cl\": \"1.0\"}}]"};
        List<Entry> out = new ArrayList<>();
        Instant t = Instant.parse("2024-03-01T10:00:00.123456Z");
        for (int i = 0; i < n; i++) {
            String formula = formulas[i % formulas.length];
            Composition c = formula == null ? null : Composition.parse(formula);
            Map<String, Quantity> props = new LinkedHashMap<>();
            props.put("band_gap", new Quantity(0.1 * i, i % 3 == 0 ? "meV" : "eV"));
            if (i % 4 == 0) {
                props.put("formation_energy_per_atom", new Quantity(-1.5 - i / 100.0, "eV/atom"));
            }
            if (i % 9 == 0) {
                props.put("odd", new Quantity(3, "furlong"));
            }
            if (i % 13 == 0) {
                props.put("huge", new Quantity(1e200, "eV")); // out of range: listed in quantity_problems
            }
            String structure = i % 5 == 4 ? "{}" : "{\"structure\": {\"lattice_vectors\": [[4,0,0],[0,4,0],[0,0,4]], "
                    + (i % 7 == 0 ? "\"dimension_types\": [1, 1, 0], " : "") + "\"sites\": " + sites[i % sites.length] + "}}";
            JsonNode invoice = Json.read(switch (i % 4) {
                case 0 -> "{\"instrument\": \"D8 Advance\", \"method\": \"XRD\"}";
                case 1 -> "{\"instrument\": {\"name\": \"Titan\", \"kV\": 300}}";
                case 2 -> "{\"instrument\": \"\", \"note\": \"tab\\there, \\\\ backslash and \\\"quotes\\\"\"}";
                default -> "{}";
            });
            JsonNode metadata = Json.read(i % 2 == 0 ? "{\"instrument\": \"Bruker\", \"prototype\": \"garnet\", \"index\": " + i + "}" : "{}");
            String title = "entry " + (1000 + i) + (i % 6 == 0 ? " with\ta tab,\na newline and ü" : "");
            out.add(new Entry(Ids.newId(), dataset, i % 3 == 0 ? EntryKind.CALCULATION : EntryKind.STRUCTURE, title, c, props,
                    invoice, metadata, Json.read(structure), List.of(), null, i % 2 == 0 ? "cif" : null,
                    i % 10 == 0 ? new Outcome.Failed("diverged\tafter 40 steps") : Outcome.SUCCEEDED, alice.user().id(),
                    t.plusSeconds(i), t.plusSeconds(i)));
        }
        return out;
    }

    /** Everything stored for a dataset's entries, ids left out, by title. */
    static Map<String, String> stored(UUID dataset) {
        Map<String, String> m = new LinkedHashMap<>();
        db().run(h -> h.createQuery("""
                        SELECT e.title, jsonb_build_object(
                            'entry', to_jsonb(e) - 'id' - 'dataset_id' - 'element_keys',
                            'keys', (SELECT jsonb_agg(k ORDER BY k) FROM unnest(e.element_keys) AS k),
                            'search', to_jsonb(s) - 'id' - 'dataset_id' - 'element_keys',
                            'search_keys', (SELECT jsonb_agg(k ORDER BY k) FROM unnest(s.element_keys) AS k),
                            'quantities', (SELECT jsonb_agg(to_jsonb(q) - 'entry_id' ORDER BY q.name) FROM entry_quantities q
                                           WHERE q.entry_id = e.id),
                            'problems', (SELECT jsonb_agg(to_jsonb(p) - 'entry_id' ORDER BY p.name) FROM quantity_problems p
                                         WHERE p.entry_id = e.id))::text
                        FROM entries e LEFT JOIN entry_search s ON s.id = e.id WHERE e.dataset_id = :d ORDER BY e.title""")
                .bind("d", dataset).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> m.put(e.getKey(), e.getValue())));
        return m;
    }

    static List<String> units(UUID dataset) {
        return db().read(h -> h.createQuery("SELECT name || ' ' || unit FROM property_units WHERE dataset_id = :d ORDER BY 1")
                .bind("d", dataset).mapTo(String.class).list());
    }

    static List<Entry> copyInto(List<Entry> entries, UUID dataset) {
        return entries.stream().map(e -> new Entry(Ids.newId(), dataset, e.kind(), e.title(), e.composition(), e.properties(),
                e.invoice(), e.metadata(), e.data(), e.files(), e.sampleId(), e.template(), e.outcome(), e.createdBy(),
                e.createdAt(), e.updatedAt())).toList();
    }

    @Test
    void theBulkPathStoresWhatTheTriggersStore() {
        Dataset single = dataset("Row by row", "public");
        Dataset bulk = dataset("In bulk", "public");
        List<Entry> entries = varied(single.id(), 240);
        EntryStore store = tp.platform().entries();
        List<DerivedColumns> derived = List.of(tp.platform().resourceIndex().derived());
        db().run(h -> store.insertRows(h, entries, derived));
        // what insertAll does: the loader copies what it derives and hands back what the triggers must derive
        List<Entry> leftToTriggers = db().read(h -> h.inTransaction(tx -> {
            List<Entry> left = EntryBulkLoad.load(tx, copyInto(entries, bulk.id()), derived, EntryStore::baseRow);
            store.insertRows(tx, left, derived);
            return left;
        }));
        assertThat(leftToTriggers).hasSizeBetween(1, 239);

        Map<String, String> byTriggers = stored(single.id());
        Map<String, String> byLoader = stored(bulk.id());
        assertThat(byTriggers).hasSize(240);
        assertThat(byLoader).isEqualTo(byTriggers);
        assertThat(units(bulk.id())).isEqualTo(units(single.id())).contains("odd furlong", "band_gap meV");
        // the rows really differ in what was derived: disorder, site species, formulas, problems
        assertThat(byLoader.values()).anyMatch(v -> v.contains("\"structure_disordered\": true"))
                .anyMatch(v -> v.contains("\"structure_disordered\": false"))
                .anyMatch(v -> v.contains("\"optimade_anonymous\": \"A667B333\""))
                .anyMatch(v -> v.contains("\"instrument\": \"Titan\""))
                .anyMatch(v -> v.contains("out of range"));
    }

    @Test
    void theJavaTwinLeavesUnusualShapesToSql() {
        JsonNode ordered = Json.read("{\"structure\": {\"sites\": [{\"species\": {\"Fe\": 1.0}}]}}");
        assertThat(SearchColumns.of(ordered, Json.object(), Json.object(), null, List.of(), List.of())).isNotNull()
                .extracting(SearchColumns::speciesAtSites).isEqualTo(List.of("Fe"));
        JsonNode numericLabel = Json.read("{\"structure\": {\"sites\": [{\"species\": {\"Fe\": 1.0}, \"label\": 1}]}}");
        assertThat(SearchColumns.of(numericLabel, Json.object(), Json.object(), null, List.of(), List.of())).isNull();
        JsonNode textOccupancy = Json.read("{\"structure\": {\"sites\": [{\"species\": {\"Fe\": \"1\"}}]}}");
        assertThat(SearchColumns.of(textOccupancy, Json.object(), Json.object(), null, List.of(), List.of())).isNull();
    }

    @Test
    void aRejectedBulkLoadLeavesNothing() {
        Dataset d = dataset("Rejected", "public");
        List<Entry> entries = new ArrayList<>(varied(d.id(), 150));
        Entry last = entries.get(149);
        // a sample that does not exist: the foreign key refuses the INSERT after the COPY and nothing may stay
        entries.set(149, new Entry(last.id(), d.id(), last.kind(), last.title(), last.composition(), last.properties(),
                last.invoice(), last.metadata(), last.data(), List.of(), Ids.newId(), last.template(), last.outcome(),
                last.createdBy(), last.createdAt(), last.updatedAt()));
        assertThatThrownBy(() -> db().tx(h -> {
            tp.platform().entries().insertAll(h, entries, List.of());
            return null;
        })).hasMessageContaining("sample");
        assertThat(stored(d.id())).isEmpty();
        assertThat(units(d.id())).isEmpty();
        long orphans = db().read(h -> h.createQuery("""
                        SELECT (SELECT count(*) FROM entry_search s WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = s.id))
                             + (SELECT count(*) FROM entry_quantities q WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = q.entry_id))""")
                .mapTo(Long.class).one());
        assertThat(orphans).isZero();
        // the setting that makes the triggers stand aside does not outlive the loader's transaction
        db().run(h -> tp.platform().entries().insertAll(h, varied(d.id(), 1), List.of()));
        assertThat(stored(d.id()).values()).singleElement().satisfies(v -> assertThat(v).contains("\"quantities\": [{"));
    }

    @Test
    void bulkAddedEntriesAreSearchedAndFilteredAsSingleOnes() {
        Caller asAlice = alice.caller(tp.platform());
        Dataset open = dataset("Open bulk", "public");
        Dataset closed = dataset("Closed bulk", "private");
        Dataset oneByOne = dataset("Open one by one", "public");
        List<NewEntry> requests = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            requests.add(new NewEntry("structure", "bulk search " + i, i % 2 == 0 ? "Cs2O" : "CsCl",
                    Map.of("band_gap", Json.read("{\"value\": " + (i / 10.0) + ", \"unit\": \"eV\"}")), null, null, null, null, null,
                    null, null));
        }
        tp.platform().catalog().addEntries(RequestContext.local(asAlice), open.id(), requests);
        tp.platform().catalog().addEntries(RequestContext.local(asAlice), closed.id(), requests);
        for (NewEntry r : requests) {
            tp.platform().catalog().addEntries(RequestContext.local(asAlice), oneByOne.id(), List.of(r));
        }

        SearchService search = tp.platform().search();
        String query = "elements=Cs,O&property=band_gap>10 eV&limit=500";
        Map<String, List<String>> params = new HashMap<>();
        params.put("elements", List.of("Cs,O"));
        params.put("property", List.of("band_gap>10 eV"));
        params.put("limit", List.of("500"));
        SearchService.SearchResult anonymous = search.search(RequestContext.local(Caller.ANONYMOUS), SearchRequest.parse(params));
        SearchService.SearchResult owner = search.search(RequestContext.local(asAlice), SearchRequest.parse(params));
        // Cs2O with a band gap above 10 eV: i even and i / 10 > 10, i.e. 102 … 148, 24 a dataset
        assertThat(anonymous.items()).extracting(v -> v.entry().datasetId()).containsOnly(open.id(), oneByOne.id()).hasSize(48);
        assertThat(anonymous.total()).as(query).isEqualTo(48);
        assertThat(owner.items()).extracting(v -> v.entry().datasetId()).containsOnly(open.id(), oneByOne.id(), closed.id()).hasSize(72);

        // the catalog writes one audit event for the batch, and the hash chain stays whole
        assertThat(tp.platform().audit().verify(n -> { }).intact()).isTrue();
    }

    @Test
    void anUpdateOfWhatTheColumnsAreMadeFromRecomputesThem() {
        Dataset d = dataset("Updated", "public");
        List<Entry> entries = varied(d.id(), 120);
        db().run(h -> tp.platform().entries().insertAll(h, entries, List.of()));
        UUID id = entries.get(1).id();
        db().run(h -> h.createUpdate("UPDATE entries SET data = CAST(:d AS jsonb), title = 'renamed perovskite' WHERE id = :id")
                .bind("d", "{\"structure\": {\"sites\": [{\"species\": {\"Sr\": 1}}, {\"species\": {\"Ti\": 0.5, \"V\": 0.5}}]}}")
                .bind("id", id).execute());
        Map<String, Object> row = db().read(h -> h.createQuery("""
                        SELECT e.structure_nsites, e.structure_disordered, e.search_meta::text AS meta, s.structure_nsites AS copied
                        FROM entries e JOIN entry_search s USING (id) WHERE e.id = :id""").bind("id", id).mapToMap().one());
        assertThat(row).containsEntry("structure_nsites", 2).containsEntry("structure_disordered", true).containsEntry("copied", 2);
        assertThat((String) row.get("meta")).contains("'perovskite'");
    }
}
