package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.ApiClient;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestFiles;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.XrdPatterns;
import tools.jackson.databind.JsonNode;

/** Registering instrument files with invoices over the API: structuring, samples, errors that leave nothing behind. */
class IngestApiTest {
    static TestPlatform tp;
    static TestPlatform.Person alice;
    static TestPlatform.Person bob;
    static String dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        alice = tp.person("alice");
        bob = tp.person("bob");
        dataset = alice.api().post("/api/v1/datasets", "{\"title\": \"XRD of oxides\", \"access\": \"private\"}")
                .json().get("id").asString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static ApiClient.Response ingest(ApiClient api, String ds, Multipart form) {
        return api.send(form.post(api, "/api/v1/datasets/" + ds + "/ingest"));
    }

    static long count(String table) {
        return tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    static long blobFiles() throws Exception {
        var dir = tp.dataDir().resolve("blobs");
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<java.nio.file.Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("staging")).count();
        }
    }

    @Test
    void templatesDescribeTheirInvoiceForms() {
        JsonNode list = tp.anonymous().get("/api/v1/templates").json();
        assertThat(list.get("items").findValuesAsString("id")).contains("xrd-powder", "xrd-thin-film");
        JsonNode t = tp.anonymous().get("/api/v1/templates/xrd-powder").json();
        assertThat(t.get("title").get("ja").asString()).isEqualTo("粉末X線回折（XRD）");
        JsonNode custom = t.get("invoice_schema").get("properties").get("custom");
        assertThat(custom.get("properties").get("measurement_temperature").get("x-unit").asString()).isEqualTo("K");
        assertThat(t.get("invoice_schema").get("properties").get("basic").get("required").toString()).contains("data_name");
        assertThat(tp.anonymous().get("/api/v1/templates/nope").status()).isEqualTo(404);
    }

    @Test
    void anXrdFileWithItsInvoiceBecomesAStructuredEntryOfANewSample() throws Exception {
        String invoice = """
                {"basic": {"data_name": "ZnO calcined 600 °C", "instrument": "SmartLab", "measured_on": "2026-11-20"},
                 "sample": {"name": "ZnO-600", "composition": "ZnO"},
                 "custom": {"purpose": "phase identification", "measurement_temperature": 298, "atmosphere": "air"}}""";
        var res = ingest(alice.api(), dataset, new Multipart().field("template", "xrd-powder").field("invoice", invoice)
                .file("file", "zno_600.xy", XrdPatterns.znoXy(1)));
        assertThat(res.status()).as(res.body()).isEqualTo(201);
        JsonNode r = res.json();
        assertThat(r.get("template").asString()).isEqualTo("xrd-powder");
        assertThat(r.get("reader").asString()).isEqualTo("xrd.xy");
        assertThat(r.get("points").asInt()).isEqualTo(3001);
        JsonNode e = r.get("entries").get(0);
        assertThat(e.get("title").asString()).isEqualTo("ZnO calcined 600 °C");
        assertThat(e.get("reduced_formula").asString()).isEqualTo("ZnO");
        assertThat(e.get("kind").asString()).isEqualTo("measurement");
        assertThat(e.get("invoice").get("custom").get("atmosphere").asString()).isEqualTo("air");
        assertThat(e.get("metadata").get("provenance").get("reader").asString()).isEqualTo("xrd.xy");

        // the stored entry has its series, and peaks where ZnO has its reflections
        String entryId = e.get("id").asString();
        JsonNode stored = alice.api().get("/api/v1/entries/" + entryId).json();
        JsonNode series = stored.get("data").get("series").get(0);
        assertThat(series.get("x").get("values").size()).isEqualTo(3001);
        JsonNode peaks = stored.get("data").get("descriptors").get("peaks");
        assertThat(peaks.size()).isBetween(7, 9);
        for (double[] expected : XrdPatterns.ZNO) {
            boolean found = false;
            for (JsonNode p : peaks) {
                if (Math.abs(p.get("position").asDouble() - expected[0]) < 0.03) {
                    found = true;
                    assertThat(p.get("fwhm").asDouble()).isBetween(0.09, 0.16);
                }
            }
            assertThat(found).as("peak at %s", expected[0]).isTrue();
        }
        assertThat(stored.get("files").get(0).get("name").asString()).isEqualTo("zno_600.xy");

        // the sample was registered and lists the measurement; its QR code points at its page
        String sampleId = r.get("sample").asString();
        JsonNode sample = alice.api().get("/api/v1/samples/" + sampleId).json();
        assertThat(sample.get("name").asString()).isEqualTo("ZnO-600");
        assertThat(sample.get("pid").asString()).isEqualTo("matdx:sample/" + sampleId);
        assertThat(sample.get("measurements").findValuesAsString("id")).containsExactly(entryId);
        var png = alice.api().get("/api/v1/samples/" + sampleId + "/qr.png");
        assertThat(png.contentType()).isEqualTo("image/png");
        var image = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        String decoded = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(
                new BufferedImageLuminanceSource(image)))).getText();
        assertThat(decoded).isEqualTo(tp.baseUrl() + "/samples/" + sampleId);

        // a second measurement of the same sample links to it
        var again = ingest(alice.api(), dataset, new Multipart().field("invoice",
                "{\"basic\": {\"data_name\": \"ZnO re-measured\"}, \"sample\": {\"id\": \"" + sample.get("pid").asString() + "\"}}")
                .file("file", "zno_600_b.xy", XrdPatterns.znoXy(2)));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("template").asString()).isEqualTo("xrd-powder"); // recognised
        assertThat(alice.api().get("/api/v1/samples/" + sampleId).json().get("measurements").size()).isEqualTo(2);

        // others see neither the private entry nor the sample
        assertThat(bob.api().get("/api/v1/samples/" + sampleId).status()).isEqualTo(404);
        assertThat(tp.anonymous().get("/api/v1/samples/" + sampleId + "/qr.png").status()).isEqualTo(404);
        assertThat(ingest(bob.api(), dataset, new Multipart().file("file", "x.xy", XrdPatterns.znoXy(3))).status()).isEqualTo(404);
    }

    @Test
    void anInvalidInvoiceIsRejectedFieldByFieldInJapaneseAndStoresNothing() throws Exception {
        long entries = count("entries");
        long blobs = count("blobs");
        long samples = count("samples");
        long files = blobFiles();
        String invoice = """
                {"basic": {"measured_on": "20 Nov"}, "sample": {"name": "X", "composition": "ZnQq"},
                 "custom": {"measurement_temperature": -5, "atmosphere": "moon dust", "colour": "red"}}""";
        var res = alice.api().send(new Multipart().field("template", "xrd-powder").field("invoice", invoice)
                .file("file", "zno.xy", XrdPatterns.znoXy(4)).post(alice.api(), "/api/v1/datasets/" + dataset + "/ingest?lang=ja"));
        assertThat(res.status()).isEqualTo(400);
        JsonNode errors = res.json().get("errors");
        assertThat(errors.findValuesAsString("field")).containsExactlyInAnyOrder("invoice.basic.data_name",
                "invoice.basic.measured_on", "invoice.custom.measurement_temperature", "invoice.custom.atmosphere",
                "invoice.custom.colour", "invoice.sample.composition");
        String all = errors.toString();
        assertThat(all).contains("データ名: 必須項目です").contains("測定温度: 0 K より大きくしてください")
                .contains("測定日: 2024-05-01 のような日付にしてください").contains("雰囲気: 次のいずれかにしてください")
                .contains("組成:").contains("Qq");
        var en = alice.api().send(new Multipart().field("invoice", invoice).file("file", "zno.xy", XrdPatterns.znoXy(4))
                .post(alice.api(), "/api/v1/datasets/" + dataset + "/ingest?lang=en"));
        assertThat(en.json().get("errors").toString()).contains("Measurement temperature: must be greater than 0 K")
                .contains("Data name: is required");
        assertThat(count("entries")).isEqualTo(entries);
        assertThat(count("blobs")).isEqualTo(blobs);
        assertThat(count("samples")).isEqualTo(samples);
        assertThat(blobFiles()).isEqualTo(files);
    }

    @Test
    void aBrokenFileIsNamedWithItsLineAndLeavesNothing() throws Exception {
        long entries = count("entries");
        long files = blobFiles();
        byte[] broken = "10.0 5\n10.1 6\n10.2\n".getBytes(StandardCharsets.UTF_8);
        var res = ingest(alice.api(), dataset, new Multipart().field("template", "xrd-powder")
                .field("invoice", "{\"basic\": {\"data_name\": \"b\"}, \"sample\": {\"name\": \"never stored\"}}")
                .file("file", "broken.xy", broken));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.json().get("detail").asString()).isEqualTo("broken.xy, line 3: expected 2 columns like the lines before, found 1");
        assertThat(count("entries")).isEqualTo(entries);
        assertThat(blobFiles()).isEqualTo(files);
        long stray = tp.platform().db().read(h -> h.createQuery("SELECT count(*) FROM samples WHERE name = 'never stored'")
                .mapTo(Long.class).one());
        assertThat(stray).isZero();

        var unknown = ingest(alice.api(), dataset, new Multipart().file("file", "notes.docx", "hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("notes.docx: no template recognises this file");
    }

    @Test
    void severalFilesEachGetTheirOwnResult() {
        var res = ingest(alice.api(), dataset, new Multipart()
                .field("invoice", "{\"basic\": {\"data_name\": \"batch 7\"}, \"custom\": {\"atmosphere\": \"argon\"}}")
                .field("template", "xrd-powder")
                .file("file", "a.xy", XrdPatterns.znoXy(5))
                .file("file", "b.xy", "1 2\n3\n".getBytes(StandardCharsets.UTF_8))
                .file("file", "c.xy", XrdPatterns.znoXy(6)));
        assertThat(res.status()).isEqualTo(207);
        JsonNode r = res.json();
        assertThat(r.get("stored").asInt()).isEqualTo(2);
        assertThat(r.get("rejected").asInt()).isEqualTo(1);
        JsonNode results = r.get("results");
        assertThat(results.get(0).get("entries").get(0).get("title").asString()).isEqualTo("batch 7 — a.xy");
        assertThat(results.get(1).get("status").asString()).isEqualTo("rejected");
        assertThat(results.get(1).get("error").asString()).isEqualTo("b.xy, line 2: expected 2 columns like the lines before, found 1");
        assertThat(results.get(2).get("status").asString()).isEqualTo("stored");
    }

    @Test
    void restrictedRawFilesStayWithTheOwners() {
        String pub = alice.api().post("/api/v1/datasets", "{\"title\": \"Open XRD\", \"access\": \"public\"}").json().get("id").asString();
        var res = ingest(alice.api(), pub, new Multipart().field("restricted", "true").file("file", "secret_raw.xy", XrdPatterns.znoXy(7)));
        assertThat(res.status()).as(res.body()).isEqualTo(201);
        String id = res.json().get("entries").get(0).get("id").asString();
        JsonNode seen = tp.anonymous().get("/api/v1/entries/" + id).json();
        assertThat(seen.get("data").get("descriptors").get("peaks").size()).isPositive();
        assertThat(seen.get("files").size()).isZero();
        assertThat(tp.anonymous().get("/api/v1/entries/" + id + "/files/secret_raw.xy").status()).isEqualTo(404);
        assertThat(alice.api().get("/api/v1/entries/" + id + "/files/secret_raw.xy").status()).isEqualTo(200);
    }

    @Test
    void realInstrumentFilesAreRecognisedFromTheirContent() throws Exception {
        var dir = TestFiles.shared("corpus/xrd");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "../shared/data/corpus/xrd absent: skipped");
        for (String f : new String[] {"m54313_om2th_10.xrdml", "TwoTheta_scan_powder.rasx"}) {
            // renamed: the content, not the name, decides
            var res = ingest(alice.api(), dataset, new Multipart().file("file", "upload-" + f.hashCode() + ".bin",
                    Files.readAllBytes(dir.resolve(f))));
            assertThat(res.status()).as(f + ": " + res.body()).isEqualTo(201);
            assertThat(res.json().get("reader").asString()).isEqualTo(f.endsWith(".xrdml") ? "xrd.xrdml" : "xrd.rasx");
        }
    }
}
