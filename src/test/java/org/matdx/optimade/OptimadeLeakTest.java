package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.matdx.testing.AccessWorld;
import org.matdx.testing.AccessWorld.Level;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * OPTIMADE must serve only what the caller may read: structures are data, so embargoed ones are
 * not served; references describe datasets, so an embargoed dataset's reference is. Nothing of a
 * private, group or model-use-only dataset may show in data, counts, /info, included references
 * or single-entry answers (which say 404, as for entries that do not exist).
 */
class OptimadeLeakTest {
    static TestPlatform tp;
    static AccessWorld world;
    static final List<String> PEOPLE = AccessWorld.PEOPLE;
    static final Map<Level, String> structures = new EnumMap<>(Level.class);

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        world = new AccessWorld(tp);
        world.datasets.forEach((l, ds) -> structures.put(l, tp.platform().db().read(h -> h.createQuery(
                "SELECT id::text FROM entries WHERE dataset_id = :d").bind("d", UUID.fromString(ds)).mapTo(String.class).one())));
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static JsonNode get(String who, String path) {
        var r = world.api(who).get(path);
        assertThat(r.status()).as(who + " " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    static Set<Level> levels(JsonNode doc, Map<Level, String> ids) {
        Set<Level> s = EnumSet.noneOf(Level.class);
        for (JsonNode d : doc.get("data")) {
            ids.forEach((l, id) -> {
                if (id.equals(d.get("id").asString())) {
                    s.add(l);
                }
            });
        }
        return s;
    }

    static String f(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @FieldSource("PEOPLE")
    void structuresAreServedOnlyWhereTheCallerMayReadData(String who) {
        Set<Level> full = world.sight(who).full();
        JsonNode all = get(who, "/optimade/v1/structures?page_limit=100");
        assertThat(levels(all, structures)).isEqualTo(full);
        assertThat(all.at("/meta/data_returned").asInt()).isEqualTo(full.size());
        Set<String> included = new HashSet<>();
        all.get("included").forEach(i -> included.add(i.get("id").asString()));
        for (Level l : Level.values()) {
            assertThat(included.contains(world.datasets.get(l))).as("%s: included reference of %s", who, l).isEqualTo(full.contains(l));
            JsonNode byElement = get(who, "/optimade/v1/structures?filter=" + f("elements HAS \"" + l.element + "\""));
            assertThat(byElement.at("/meta/data_returned").asInt()).as("%s: %s by element", who, l).isEqualTo(full.contains(l) ? 1 : 0);
            var single = world.api(who).get("/optimade/v1/structures/" + structures.get(l));
            assertThat(single.status()).as("%s: %s by id", who, l).isEqualTo(full.contains(l) ? 200 : 404);
            JsonNode byId = get(who, "/optimade/v1/structures?filter=" + f("id = \"" + structures.get(l) + "\""));
            assertThat(byId.get("data")).hasSize(full.contains(l) ? 1 : 0);
            // relationships: neither a dataset's reference nor its title finds structures the caller may not read
            JsonNode byReference = get(who, "/optimade/v1/structures?filter=" + f("references.id HAS \"" + world.datasets.get(l) + "\""));
            assertThat(byReference.at("/meta/data_returned").asInt()).as("%s: %s by reference id", who, l)
                    .isEqualTo(full.contains(l) ? 1 : 0);
            JsonNode byTitle = get(who, "/optimade/v1/structures?filter=" + f("references.target.title STARTS \"" + l.marker() + " \""));
            assertThat(byTitle.at("/meta/data_returned").asInt()).as("%s: %s by reference title", who, l)
                    .isEqualTo(full.contains(l) ? 1 : 0);
            JsonNode notByTitle = get(who, "/optimade/v1/structures?page_limit=100&filter="
                    + f("NOT references.target.title STARTS \"" + l.marker() + " \""));
            assertThat(levels(notByTitle, structures)).as("%s: %s by NOT reference title", who, l)
                    .isEqualTo(full.stream().filter(x -> x != l).collect(java.util.stream.Collectors.toSet()));
        }
        assertThat(levels(get(who, "/optimade/v1/structures?page_limit=100&sort=-_matdx_band_gap__ev&filter="
                + f("_matdx_band_gap__ev > 0")), structures)).isEqualTo(full);
        // element-strategy scores: filtering and sorting on them reveal only what the caller may see
        assertThat(levels(get(who, "/optimade/v1/structures?page_limit=100&sort=-_matdx_hhi_production&filter="
                + f("_matdx_hhi_production >= 0 OR _matdx_critical_fraction_eu IS KNOWN")), structures)).isEqualTo(full);
        // not every marker element has reserve data: what is counted is a subset of what may be seen
        JsonNode known = get(who, "/optimade/v1/structures?page_limit=100&filter=" + f("_matdx_hhi_reserve IS KNOWN"));
        assertThat(levels(known, structures)).isSubsetOf(full);
        assertThat(known.at("/meta/data_returned").asInt()).isEqualTo(known.get("data").size());
    }

    @ParameterizedTest
    @FieldSource("PEOPLE")
    void propertyNamesOfHiddenDataAreUnknown(String who) {
        Set<Level> full = world.sight(who).full();
        JsonNode props = get(who, "/optimade/v1/info/structures").at("/data/properties");
        for (Level l : Level.values()) {
            String name = "_matdx_" + l.marker() + "_secret__k"; // kelvins: served in K under a field of their own
            assertThat(props.has(name)).as("%s: /info lists %s", who, name).isEqualTo(full.contains(l));
            var r = world.api(who).get("/optimade/v1/structures?filter=" + f(name + " > 0"));
            if (full.contains(l)) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.json().at("/meta/data_returned").asInt()).isEqualTo(1);
            } else {
                // the same answer as for a property no dataset has
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.json().at("/errors/0/detail").asString()).contains("unknown property '" + name + "'");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("PEOPLE")
    void referencesDescribeTheDatasetsTheCallerMaySee(String who) {
        Set<Level> any = world.sight(who).any();
        JsonNode refs = get(who, "/optimade/v1/references?page_limit=100");
        assertThat(levels(refs, world.datasets)).isEqualTo(any);
        assertThat(refs.at("/meta/data_returned").asInt()).isEqualTo(any.size());
        for (Level l : Level.values()) {
            var single = world.api(who).get("/optimade/v1/references/" + world.datasets.get(l));
            assertThat(single.status()).as("%s: reference of %s", who, l).isEqualTo(any.contains(l) ? 200 : 404);
            JsonNode byTitle = get(who, "/optimade/v1/references?filter=" + f("title STARTS \"" + l.marker() + " \""));
            assertThat(byTitle.get("data")).hasSize(any.contains(l) ? 1 : 0);
        }
    }
}
