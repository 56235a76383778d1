package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.AuditEvent;
import org.matdx.optimade.OptimadeFixtures.Site;
import org.matdx.testing.TestPlatform;

/** Reading structures that are not open to everyone through OPTIMADE is in the audit trail, as it is through native search. */
class OptimadeAuditTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static String closed;
    static String open;
    static String closedEntry;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        closed = OptimadeFixtures.dataset(alice.api(), "Unpublished nitrides", "private");
        open = OptimadeFixtures.dataset(alice.api(), "Published nitrides", "public");
        closedEntry = OptimadeFixtures.add(alice.api(), closed, OptimadeFixtures.entry("GaN", 3.19,
                List.of(Site.of("Ga", 0, 0, 0), Site.of("N", 0.5, 0.5, 0.5)), null));
        OptimadeFixtures.add(alice.api(), closed, OptimadeFixtures.entry("AlN", 3.11,
                List.of(Site.of("Al", 0, 0, 0), Site.of("N", 0.5, 0.5, 0.5)), null));
        OptimadeFixtures.add(alice.api(), open, OptimadeFixtures.entry("InN", 3.54,
                List.of(Site.of("In", 0, 0, 0), Site.of("N", 0.5, 0.5, 0.5)), null));
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    private static List<AuditEvent> reads(String dataset) {
        return tp.platform().audit().forObject("dataset", dataset).stream().filter(e -> e.action().equals("entries.optimade")).toList();
    }

    @Test
    void readsOfClosedStructuresAreRecordedPerDatasetAndOpenOnesAreNot() {
        var r = alice.api().get("/optimade/v1/structures?filter=elements%20HAS%20%22N%22");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("data").size()).isEqualTo(3);
        List<AuditEvent> closedReads = reads(closed);
        assertThat(closedReads).hasSize(1);
        assertThat(closedReads.get(0).actor()).isEqualTo("alice");
        assertThat(closedReads.get(0).detail().get("entries").asInt()).isEqualTo(2);
        assertThat(reads(open)).isEmpty();

        // one structure by id: one more event; anonymous readers of open data leave none
        assertThat(alice.api().get("/optimade/v1/structures/" + closedEntry).status()).isEqualTo(200);
        assertThat(reads(closed)).hasSize(2);
        assertThat(tp.anonymous().get("/optimade/v1/structures").json().get("data").size()).isEqualTo(1);
        assertThat(reads(closed)).hasSize(2);
        assertThat(reads(open)).isEmpty();
    }
}
