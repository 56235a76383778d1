package org.matdx.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** Series are stored packed beside the entry's JSON and come back as the same JSON. */
class SeriesColumnTest {
    static TestPlatform tp;
    static TestPlatform.Person ana;
    static UUID dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        ana = tp.person("ana");
        dataset = UUID.fromString(ana.api().post("/api/v1/datasets", "{\"title\": \"Packed series\", \"access\": \"private\"}")
                .json().get("id").asString());
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void structuredSeriesRoundTripExactlyIncludingGapsAndMissingUnits() {
        JsonNode data = Json.read("""
                {"series": [
                   {"name": "scan", "x": {"name": "2θ", "unit": "°", "values": [10.0, 10.04, 1.0E-300, -0.0]},
                    "y": [{"name": "intensity", "unit": "counts", "values": [1.5, null, 3.25, 1.7976931348623157E308]},
                          {"name": "esd", "unit": null, "values": [0.1, 0.2, 0.3, 0.4]}]},
                   {"name": "", "x": {"name": null, "unit": "K", "values": []}, "y": []}],
                 "peaks": [{"two_theta": 38.4, "intensity": 812.0}], "plot": "a.plot.png"}""");
        byte[] packed = SeriesColumn.pack(data);
        assertThat(packed).isNotNull();
        JsonNode rest = SeriesColumn.withoutPacked(data);
        assertThat(rest.has("series")).isFalse();
        assertThat(rest.get("peaks")).isEqualTo(data.get("peaks"));
        assertThat(data.has("series")).as("the caller's JSON is left alone").isTrue();
        JsonNode back = SeriesColumn.unpack(Json.read(Json.write(rest)), packed);
        // issue 21: 2θ in ° (stored by the two-column reader before the axis vocabulary) reads as two_theta in deg
        JsonNode expected = Json.read(Json.write(data).replace("\"2θ\"", "\"two_theta\"").replace("\"°\"", "\"deg\""));
        assertThat(back).isEqualTo(expected);
        assertThat(Json.write(back.get("series"))).isEqualTo(Json.write(expected.get("series")));
        assertThat(back.at("/series/0/y/1/name").asString()).as("names outside the old spellings stay").isEqualTo("esd");
    }

    @Test
    void seriesInAnyOtherShapeStayInTheJson() {
        for (String s : List.of(
                "{\"series\": [{\"name\": \"a\", \"x\": {\"name\": \"t\", \"unit\": \"s\", \"values\": [1, 2]}, \"y\": []}]}",
                "{\"series\": [{\"name\": \"a\", \"x\": {\"name\": \"t\", \"unit\": \"s\", \"values\": [1.0, \"2\"]}, \"y\": []}]}",
                "{\"series\": [{\"name\": \"a\", \"x\": {\"name\": \"t\", \"unit\": \"s\", \"values\": [1.0]}, \"y\": [], \"note\": \"x\"}]}",
                "{\"series\": [{\"name\": \"a\", \"x\": {\"name\": \"t\", \"values\": [1.0]}, \"y\": []}]}",
                "{\"series\": {\"x\": [1.0]}}",
                "{\"peaks\": []}")) {
            assertThat(SeriesColumn.pack(Json.read(s))).as(s).isNull();
        }
        assertThat(SeriesColumn.pack(null)).isNull();
    }

    @Test
    void anIngestedScanKeepsItsPointsOutOfTheJsonAndReadsBackUnchanged() {
        StringBuilder scan = new StringBuilder("# 2theta intensity\n");
        for (int i = 0; i <= 500; i++) {
            scan.append(String.format(java.util.Locale.ROOT, "%.2f %d%n", 20 + i * 0.02, 100 + (i * 37) % 250));
        }
        Ingest ingest = tp.platform().ingest();
        var up = ingest.stage("packed.xy", new ByteArrayInputStream(scan.toString().getBytes(StandardCharsets.UTF_8)), false);
        IngestResult r = ingest.ingestFile(RequestContext.local(ana.caller(tp.platform())), dataset, up, List.of(), new Ingest.Options("auto",
                Json.read("{\"basic\": {\"data_name\": \"packed\", \"date\": \"2026-11-23\"}}"), "en"));
        assertThat(r.ok()).as(r.error()).isTrue();
        UUID id = r.entries().get(0);
        var stored = tp.platform().db().read(h -> h.createQuery(
                        "SELECT data -> 'series' IS NOT NULL AS in_json, octet_length(series) AS bytes FROM entries WHERE id = :id")
                .bind("id", id).mapToMap().one());
        assertThat(stored.get("in_json")).isEqualTo(false);
        assertThat(((Number) stored.get("bytes")).intValue()).isGreaterThan(2 * 501 * 8);

        JsonNode entry = ana.api().get("/api/v1/entries/" + id).json();
        JsonNode s = entry.path("data").path("series").get(0);
        assertThat(s.path("x").path("values")).hasSize(501);
        assertThat(s.path("x").path("values").get(0).asDouble()).isEqualTo(20.0);
        assertThat(s.path("x").path("values").get(500).asDouble()).isEqualTo(30.0);
        assertThat(s.path("y").get(0).path("values").get(1).asDouble()).isEqualTo(137.0);
        assertThat(entry.path("data").has("peaks")).isTrue();
    }

    @Test
    void anEntryPostedWithIntegerSeriesKeepsThemAsPosted() {
        JsonNode created = ana.api().post("/api/v1/datasets/" + dataset + "/entries", """
                {"kind": "measurement", "title": "hand-made",
                 "data": {"series": [{"name": "a", "x": {"name": "t", "unit": "s", "values": [1, 2, 3]},
                                      "y": [{"name": "v", "unit": "V", "values": [4, 5, 6]}]}]}}""").json();
        String id = created.get("id").asString();
        JsonNode back = ana.api().get("/api/v1/entries/" + id).json();
        // integers are not packed (they would come back as 5.0): the JSON is what was posted
        assertThat(back.path("data").path("series")).isEqualTo(Json.read(
                "[{\"name\":\"a\",\"x\":{\"name\":\"t\",\"unit\":\"s\",\"values\":[1,2,3]},\"y\":[{\"name\":\"v\",\"unit\":\"V\",\"values\":[4,5,6]}]}]"));
        assertThat(back.path("data").path("series").get(0).path("x").path("values").get(0).isIntegralNumber()).isTrue();
    }
}
