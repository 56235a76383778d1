package org.matdx.elementstrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.RequestContext;
import org.matdx.testing.TestPlatform;

class ResourceIndexTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static Dataset dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
        alice = tp.person("alice");
        dataset = tp.platform().catalog().createDataset(RequestContext.local(alice.caller(tp.platform())),
                new NewDataset("Cathodes", "", "CC-BY-4.0", "private", null, false, null, null));
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static NewEntry entry(String formula, String title) {
        return new NewEntry("property_row", title, formula, null, null, null, null, null, null, null, null);
    }

    List<Entry> add(NewEntry... entries) {
        return tp.platform().catalog().addEntries(RequestContext.local(alice.caller(tp.platform())), dataset.id(), List.of(entries));
    }

    Map<String, Object> row(UUID id) {
        return tp.platform().db().read(h -> h.createQuery("""
                        SELECT hhi_production, hhi_reserve, critical_fraction_eu, cost_usd_per_kg, ghg_kg_co2eq_per_kg,
                               resource_version
                        FROM entries WHERE id = :id""").bind("id", id).mapToMap().one());
    }

    @Test
    void entriesAreScoredInTheSameTransactionAsTheyAreStored() {
        List<Entry> e = add(entry("Li2O", null), entry("LiCoO2", null), entry(null, "a note without composition"));
        Map<String, Object> li2o = row(e.get(0).id());
        assertThat((Double) li2o.get("hhi_production")).isCloseTo(1614.96, within(0.01));
        assertThat((Double) li2o.get("hhi_reserve")).isCloseTo(2218.90, within(0.01));
        assertThat(li2o.get("resource_version")).isEqualTo(ElementResources.standard().version());
        Map<String, Object> lco = row(e.get(1).id());
        assertThat((Double) lco.get("ghg_kg_co2eq_per_kg")).isCloseTo(5.6066, within(1e-3));
        assertThat((Double) lco.get("critical_fraction_eu")).isCloseTo(0.67306, within(1e-5));
        Map<String, Object> note = row(e.get(2).id());
        assertThat(note.get("hhi_production")).isNull();
        assertThat(note.get("resource_version")).isNull();
    }

    @Test
    void uncomputableScoresAreNullAndTheDetailNamesTheElement() {
        Entry e = add(entry("LiOH", null)).get(0);
        Map<String, Object> r = row(e.id());
        assertThat(r.get("hhi_production")).isNull();
        assertThat((Double) r.get("cost_usd_per_kg")).isGreaterThan(0);
        // the detail is not stored (V183): what the entry shows is computed from its composition
        var scorer = tp.platform().resourceScorer();
        var shown = ResourceJson.summary(scorer.score(e.composition()), scorer.data());
        assertThat(shown.path("hhi_production").isNull()).isTrue();
        assertThat(shown.path("missing_data").toString()).contains(":\"H\"");
    }

    @Test
    void sortingByRiskUsesTheStoredColumns() {
        add(entry("Nd2Fe14B", "magnet"), entry("LiFePO4", "olivine"), entry("LiCoO2", "layered"));
        List<String> order = tp.platform().db().read(h -> h.createQuery("""
                        SELECT title FROM entries WHERE dataset_id = :d AND title IN ('magnet', 'olivine', 'layered')
                        ORDER BY hhi_production""").bind("d", dataset.id()).mapTo(String.class).list());
        assertThat(order).containsExactly("olivine", "layered", "magnet");
        long risky = tp.platform().db().read(h -> h.createQuery(
                "SELECT count(*) FROM entries WHERE dataset_id = :d AND hhi_production > 2500").bind("d", dataset.id())
                .mapTo(Long.class).one());
        assertThat(risky).isGreaterThanOrEqualTo(1);
    }

    @Test
    void backfillScoresEntriesStoredBeforeAndRescoresAfterADataUpdate() {
        Entry a = add(entry("Nd2Fe14B", null)).get(0);
        Entry b = add(entry("LiFePO4", null)).get(0);
        // as if stored before migration V60 …
        tp.platform().db().read(h -> h.createUpdate("""
                UPDATE entries SET hhi_production = NULL, hhi_reserve = NULL,
                    resource_version = NULL WHERE id = :id""").bind("id", a.id()).execute());
        // … and as if scored with an older version of the reference data
        tp.platform().db().read(h -> h.createUpdate(
                "UPDATE entries SET hhi_production = 1, resource_version = 'old' WHERE id = :id")
                .bind("id", b.id()).execute());
        int scored = tp.platform().resourceIndex().backfill();
        assertThat(scored).isGreaterThanOrEqualTo(2);
        assertThat((Double) row(a.id()).get("hhi_production")).isCloseTo(4299.54, within(0.01));
        assertThat((Double) row(b.id()).get("hhi_production")).isCloseTo(1572.69, within(0.01));
        assertThat(row(b.id()).get("resource_version")).isEqualTo(ElementResources.standard().version());
        assertThat(tp.platform().resourceIndex().backfill()).isZero();
    }
}
