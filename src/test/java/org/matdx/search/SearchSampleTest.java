package org.matdx.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestPlatform;

/** Searching by sample: its id or its persistent identifier (what is printed on the QR label). */
class SearchSampleTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void findsBySampleIdOrPersistentIdentifier() {
        var alice = tp.person("alice");
        UUID sample = UUID.randomUUID();
        String ds = SearchFixtures.dataset(alice.api(), "Sampled", "public", null);
        // a sample belongs to the dataset it was registered in, which decides who may see and measure on it
        tp.platform().db().run(h -> h.createUpdate("INSERT INTO samples (id, pid, name, owner_id, dataset_id) "
                        + "VALUES (:id, 'SMP-0042', 'pellet 42', :o, :d)")
                .bind("id", sample).bind("o", alice.user().id()).bind("d", UUID.fromString(ds)).execute());
        SearchFixtures.entries(alice.api(), ds, "{\"formula\": \"ZnO\", \"title\": \"pellet 42 XRD\", \"sample\": \"" + sample + "\"}");
        SearchFixtures.entries(alice.api(), ds, "{\"formula\": \"ZnO\", \"title\": \"another pellet\"}");
        assertThat(SearchApiTest.titles(SearchApiTest.search(tp.anonymous(), "sample=SMP-0042"))).containsExactly("pellet 42 XRD");
        assertThat(SearchApiTest.titles(SearchApiTest.search(tp.anonymous(), "sample=" + sample))).containsExactly("pellet 42 XRD");
        assertThat(SearchApiTest.search(tp.anonymous(), "sample=SMP-9999").get("total").asLong()).isZero();
    }
}
