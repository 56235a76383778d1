package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.TestPlatform;

/** A directory of scans is structured several files at a time; results keep the order and each file's own error. */
class IngestTreeTest {
    static TestPlatform tp;
    static TestPlatform.Person ana;
    static UUID dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        ana = tp.person("ana");
        dataset = UUID.fromString(ana.api().post("/api/v1/datasets", "{\"title\": \"A directory of scans\", \"access\": \"private\"}")
                .json().get("id").asString());
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void manyMainFilesComeBackInOrderWithTheirOwnErrors() {
        Ingest ingest = tp.platform().ingest();
        List<Upload> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String name = String.format("scans/run-%02d.xy", i);
            String text = i == 13 ? "10.00 100\n10.04 7x\n10.08 120\n" // broken on line 2
                    : SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.04, 0.12, 500 + i);
            files.add(ingest.stage(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false));
            names.add(name);
        }
        long before = count();
        List<Integer> steps = new ArrayList<>();
        List<IngestResult> rs = ingest.ingestTree(RequestContext.local(ana.caller(tp.platform())), dataset, files,
                new Ingest.Options("auto", Json.read("{\"basic\": {\"data_name\": \"rutile series\", \"date\": \"2026-11-20\"}}"),
                        "en"), (done, total, current) -> steps.add(done));
        assertThat(rs).extracting(IngestResult::source).containsExactlyElementsOf(names);
        for (int i = 0; i < rs.size(); i++) {
            if (i == 13) {
                assertThat(rs.get(i).ok()).isFalse();
                assertThat(rs.get(i).error()).contains("run-13.xy").contains("line 2");
            } else {
                assertThat(rs.get(i).ok()).as(rs.get(i).error()).isTrue();
                assertThat(rs.get(i).template()).isEqualTo("xrd.xy");
            }
        }
        assertThat(count() - before).isEqualTo(23);
        // progress reached every file once, whatever order they finished in
        assertThat(steps).hasSize(24).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 24).boxed().toList());
    }

    @Test
    void aBatchSheetsRowsComeBackInOrderWithTheirOwnErrors() throws Exception {
        Ingest ingest = tp.platform().ingest();
        StringBuilder sheet = new StringBuilder("file,template,data_name,date\n");
        List<Upload> files = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = String.format("b-%02d.xy", i);
            // row 5 names a file nobody uploaded; row 8 has no date
            sheet.append(i == 5 ? "missing.xy" : name).append(",xrd.xy,batch run ").append(i).append(',')
                    .append(i == 8 ? "" : "2026-11-2" + (i % 9)).append('\n');
            if (i != 5) {
                files.add(ingest.stage(name, new ByteArrayInputStream(SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.04, 0.1, 900 + i)
                        .getBytes(StandardCharsets.UTF_8)), false));
            }
        }
        BatchSheet bs = BatchSheet.read("runs.csv", new ByteArrayInputStream(sheet.toString().getBytes(StandardCharsets.UTF_8)));
        long before = count();
        List<IngestResult> rs = ingest.ingestBatch(RequestContext.local(ana.caller(tp.platform())), dataset, bs, files, "en",
                Ingest.Progress.NONE);
        assertThat(rs).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(rs.get(i).source()).startsWith("runs.csv, row " + (i + 2));
            assertThat(rs.get(i).ok()).as(rs.get(i).source()).isEqualTo(i != 5 && i != 8);
        }
        assertThat(rs.get(5).error()).contains("missing.xy");
        assertThat(count() - before).isEqualTo(10);
    }

    private static long count() {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM entries WHERE dataset_id = :d")
                .bind("d", dataset).mapTo(Long.class).one());
    }
}
