package org.matdx.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.query.Scan.Written;
import org.matdx.search.SearchFixtures;
import org.matdx.store.SqlFilter;
import org.matdx.testing.TestPlatform;


/**
 * The narrow copy of entries that counts and facet samples read ({@link SearchTable}, V61/V62)
 * holds exactly what entries hold, through inserts, updates, deletes and rolled-back writes; only
 * queries whose every condition it can answer (as the fields they read declare) move to it; and a count over its partitions measures how densely
 * the matches lie.
 */
class SearchTableTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String dataset;

    /** Every column the copy mirrors, in both tables' terms. */
    static final String COLUMNS = "id, dataset_id, created_at, updated_at, nelements, structure_nsites, structure_disordered, kind, "
            + "outcome, elements, element_fractions, chemical_system, formula_reduced_alpha, reduced_formula, formula_anonymous, "
            + "formula_hill, optimade_reduced, optimade_anonymous, template, instrument, sample_id, created_by, "
            + "structure_dimension_types, element_keys, search_meta, search_data";

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        dataset = SearchFixtures.dataset(alice.api(), "Mirrored", "public", null);
        SearchFixtures.entries(alice.api(), dataset, """
                {"entries": [
                 {"formula": "Li7La3Zr2O12", "title": "LLZO pellet", "template": "impedance",
                  "properties": {"band_gap": {"value": 6.0, "unit": "eV"}}, "invoice": {"instrument": "Solartron 1260"}},
                 {"formula": "Fe2O3", "title": "hematite", "template": "xrd", "outcome": "failed", "outcome_reason": "impure"},
                 {"title": "calibration run without a composition", "template": "xrd"},
                 {"kind": "structure", "title": "rock salt", "formula": "NaCl",
                  "data": {"structure": {"lattice_vectors": [[5.6, 0, 0], [0, 5.6, 0], [0, 0, 5.6]],
                           "sites": [{"label": "Na", "species": {"Na": 1.0}, "frac": [0, 0, 0]},
                                     {"label": "Cl", "species": {"Cl": 0.5, "Br": 0.5}, "frac": [0.5, 0.5, 0.5]}]}}}
                ]}""");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** Rows of one table that the other lacks, either way: 0 when the copy is exact. */
    static long differences() {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM ((SELECT " + COLUMNS + " FROM entries EXCEPT ALL SELECT "
                + COLUMNS + " FROM entry_search) UNION ALL (SELECT " + COLUMNS + " FROM entry_search EXCEPT ALL SELECT " + COLUMNS
                + " FROM entries)) AS d").mapTo(Long.class).one());
    }

    /** Copies whose numeric properties differ from what entry_quantities holds for the entry. */
    static long quantitiesDiffer() {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM entry_search s WHERE s.quantities IS DISTINCT FROM "
                + "(SELECT jsonb_object_agg(q.name, jsonb_build_array(q.dimension, q.value_si)) FROM entry_quantities q "
                + "WHERE q.entry_id = s.id AND q.value_si IS NOT NULL)").mapTo(Long.class).one());
    }

    static String quantities(String title) {
        return tp.platform().db().read(h -> h.createQuery("SELECT s.quantities::text FROM entry_search s JOIN entries e USING (id) "
                + "WHERE e.title = :t").bind("t", title).mapTo(String.class).one());
    }

    static long rows(String table) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void theCopyFollowsEveryWrite() {
        assertThat(rows("entries")).isGreaterThanOrEqualTo(4);
        assertThat(differences()).as("after inserts").isZero();
        tp.platform().quantities().syncUnits();
        assertThat(quantitiesDiffer()).as("numeric properties after inserts").isZero();
        assertThat(quantities("LLZO pellet")).contains("\"band_gap\": [\"m^2 kg s^-2\", 0.000000000000000000961");

        // a rejected batch writes neither table
        long before = rows("entry_search");
        var bad = alice.api().post("/api/v1/datasets/" + dataset + "/entries",
                "{\"entries\": [{\"formula\": \"LiCoO2\", \"title\": \"ok\"}, {\"formula\": \"Xx2\", \"title\": \"bad\"}]}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(rows("entry_search")).isEqualTo(before);

        tp.platform().db().run(h -> {
            h.execute("UPDATE entries SET outcome = 'failed', elements = '{Fe,O,Zn}', template = NULL WHERE title = 'hematite'");
            h.execute("UPDATE entries SET hhi_production = 1234.5"); // mirrors nothing either
            h.execute("UPDATE entries SET series = NULL"); // mirrors nothing
            h.execute("UPDATE entries SET metadata = '{\"note\": \"garnet-like\"}' WHERE title = 'hematite'"); // full text
            h.execute("UPDATE entries SET properties = '{\"band_gap\": {\"value\": 2.1, \"unit\": \"eV\"}, "
                    + "\"hardness\": {\"value\": 5.5, \"unit\": \"furlongs per fortnight\"}}' WHERE title = 'hematite'");
        });
        tp.platform().quantities().syncUnits();
        assertThat(differences()).as("after updates").isZero();
        assertThat(quantitiesDiffer()).as("numeric properties after updates").isZero();
        assertThat(quantities("hematite")).contains("band_gap").doesNotContain("hardness");
        String mirrored = tp.platform().db().read(h -> h.createQuery("SELECT s.elements::text FROM entry_search s JOIN entries e "
                + "USING (id) WHERE e.title = 'hematite'").mapTo(String.class).one());
        assertThat(mirrored).isEqualTo("{Fe,O,Zn}");

        tp.platform().db().run(h -> h.execute("DELETE FROM entries WHERE title = 'calibration run without a composition'"));
        tp.platform().db().run(h -> h.execute("DELETE FROM entry_quantities q USING entries e WHERE e.id = q.entry_id "
                + "AND e.title = 'LLZO pellet'"));
        assertThat(quantities("LLZO pellet")).isNull();
        assertThat(differences()).as("after a delete").isZero();
        assertThat(quantitiesDiffer()).as("numeric properties after deletes").isZero();
        assertThat(rows("entry_search")).isEqualTo(rows("entries"));
    }

    @Test
    void aCappedCountMeasuresHowDenselyItsMatchesLie() {
        // 4,000 entries of which every tenth has Co, spread over the copy's partitions by their ids
        tp.platform().db().run(h -> {
            h.createUpdate("INSERT INTO entries (id, dataset_id, kind, title, elements, nelements) SELECT gen_random_uuid(), "
                    + "CAST(:d AS uuid), 'structure', 'density ' || i, CASE WHEN i % 10 = 0 THEN '{Co,O}' ELSE '{Fe,O}' END::text[], 2 "
                    + "FROM generate_series(1, 4000) AS i").bind("d", dataset).execute();
            h.execute("ANALYZE entries");
            h.execute("ANALYZE entry_search");
        });
        Scan.Source entries = new Scan.Source(" FROM entries e", " FROM entry_search e", null);
        Counting.Count c = tp.platform().db().read(h -> Counting.count(h, new Sql(), new Scan(entries, List.of(Written.same(
                "e.title LIKE 'density %' AND e.elements @> CAST('{Co}' AS text[])", false))), 100, false, "e", "entries"));
        assertThat(c.exact()).isFalse();
        assertThat(c.value()).isEqualTo(100);
        // the count read the partitions before the one it stopped in and part of that one: about ten rows a match
        Counting.Count narrow = tp.platform().db().read(h -> Counting.count(h, new Sql(), new Scan(entries, List.of(Written.same(
                "e.nelements = 2 AND e.elements @> CAST('{Co}' AS text[])", true))), 100, false, "e", "entries"));
        assertThat(narrow.exact()).isFalse();
        assertThat(narrow.rowsPerMatch()).isBetween(5.0, 20.0);
        assertThat(c.rowsPerMatch()).as("on entries, which the title keeps it to").isBetween(5.0, 20.0);
    }

    /** The table a count reads, as the compiler chooses it from the fields a condition declares it reads. */
    private static String table(Condition... conditions) {
        Scan scan = new ConditionSql(new Sql()).scan(Scan.Source.ENTRIES, new SqlFilter("d.access_level = 'public'", Map.of()),
                List.of(conditions));
        assertThat(scan.from()).startsWith(" FROM entries e JOIN datasets d ON d.id = e.dataset_id WHERE (d.access_level = 'public')");
        // the access policy's filter once, in either table's form
        assertThat(scan.from().split("d.access_level = 'public'", -1)).hasSize(2);
        scan.narrow().ifPresent(n -> assertThat(n.split("d.access_level = 'public'", -1)).hasSize(2));
        return scan.narrow().map(n -> {
            assertThat(n).isEqualTo(scan.from().replace(" FROM entries e ", " FROM entry_search e ")
                    .replaceAll("EXISTS \\(SELECT 1 FROM entry_quantities q WHERE q.entry_id = e.id AND q.name = (CAST\\(:s\\d+ AS text\\)) "
                            + "AND q.dimension = (:s\\d+) OFFSET 0\\)", "COALESCE((CASE WHEN e.quantities -> $1 ->> 0 = $2 THEN "
                            + "(e.quantities -> $1 ->> 1)::float8 END) IS NOT NULL, false)"));
            return "entry_search";
        }).orElse("entries");
    }

    @Test
    void onlyQueriesOfMirroredColumnsMove() {
        Condition elements = new Condition.ListOp(Field.expr("elements"), "@>", Condition.Value.texts(List.of("Li")), false);
        Condition three = Condition.Compare.plain(Field.expr("nelements"), "=", Condition.Value.of(3));
        assertThat(table(elements, three)).isEqualTo("entry_search");
        assertThat(table()).isEqualTo("entry_search");
        // a numeric property tested per candidate is read from the copy's own row ...
        assertThat(table(elements, new Condition.Quantity("band_gap", "kg m2 s-3 A-1", null, true))).isEqualTo("entry_search");
        // ... but when the property selects, its range index drives a count on entries (PostgreSQL costs it on the copy eightfold)
        assertThat(table(elements, new Condition.Quantity("band_gap", "kg m2 s-3 A-1", null, false))).isEqualTo("entries");
        assertThat(table(new Condition.FullText("garnet", List.of(), SqlFilter.TRUE))).isEqualTo("entry_search");
        // documents and titles live only in entries
        Field descriptive = Field.ENTRY.stream().filter(f -> "chemical_formula_descriptive".equals(f.optimade())).findFirst().orElseThrow();
        assertThat(table(elements, new Condition.Is(descriptive.expr(), Condition.Truth.NOT_NULL))).isEqualTo("entries");
        assertThat(table(new Condition.Text(Field.expr("title"), Condition.TextOp.CONTAINS, "x"))).isEqualTo("entries");
        // element-strategy scores change with their source tables, for every entry at once: not copied
        NumericField hhi = NumericField.byName("hhi_production").orElseThrow();
        assertThat(table(Condition.Compare.plain(new Expr(hhi.sql(), hhi.narrow()), "<", Condition.Value.of(1500))))
                .isEqualTo("entries");
        // under OR and NOT alike: one part the copy cannot answer keeps the whole query on entries
        assertThat(table(new Condition.Or(List.of(elements, new Condition.Not(new Condition.Text(Field.expr("title"),
                Condition.TextOp.CONTAINS, "x")))))).isEqualTo("entries");
        assertThat(table(new Condition.Not(new Condition.Or(List.of(elements, three))))).isEqualTo("entry_search");
    }
}
