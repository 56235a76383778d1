package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.platform.demo.SyntheticPatterns;
import org.matdx.testing.AccessWorld;
import org.matdx.testing.ApiClient;
import org.matdx.testing.Eventually;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** Structuring through the HTTP API: every registration mode, invoices in two languages, samples, and what a refusal leaves. */
class IngestApiTest {
    static TestPlatform tp;
    static AccessWorld world;

    static final String SI = SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 11);
    static final String INVOICE = """
            {"basic": {"data_name": "Si standard scan", "owner": "alice", "instrument": "SmartLab", "date": "2026-11-20",
                       "description": "NIST-like Si reference"},
             "sample": {"name": "Si wafer piece", "composition": "Si"},
             "custom": {"measurement_mode": "reflection", "tube_voltage": 45, "tube_current": 200}}""";

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        world = new AccessWorld(tp);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static String dataset(AccessWorld.Level l) {
        return world.datasets.get(l);
    }

    static long count(String sql) {
        return tp.platform().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static long blobFiles() throws IOException {
        Path root = tp.dataDir().resolve("blobs");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".staging")).count();
        }
    }

    static long stagingFiles() throws IOException {
        Path root = tp.dataDir().resolve("blobs/.staging");
        try (Stream<Path> s = Files.list(root)) {
            return s.count();
        }
    }

    @Test
    void listsShippedTemplatesWithBilingualSchemas() {
        JsonNode list = tp.anonymous().get("/api/v1/templates").json();
        var ids = new java.util.ArrayList<String>();
        list.get("items").forEach(t -> ids.add(t.get("id").asString()));
        assertThat(ids).contains("table.csv", "table.xlsx", "xrd.xy");
        JsonNode t = tp.anonymous().send(tp.anonymous().request("/api/v1/templates/xrd.xy").header("Accept-Language", "ja")).json();
        assertThat(t.get("name").asString()).isEqualTo("X線回折（2列テキスト）");
        assertThat(t.get("title").get("en").asString()).isEqualTo("X-ray diffraction (two-column text)");
        JsonNode voltage = t.at("/invoice_schema/properties/custom/properties/tube_voltage");
        assertThat(voltage.get("x-unit").asString()).isEqualTo("kV");
        assertThat(voltage.at("/x-label/ja").asString()).isEqualTo("管電圧");
        assertThat(t.at("/invoice_schema/properties/basic/required").toString()).contains("data_name", "date");
        assertThat(tp.anonymous().get("/api/v1/templates/nope").status()).isEqualTo(404);
    }

    @Test
    void oneFileBecomesAStructuredEntryWithPeaksPlotAndSample() throws IOException {
        var r = new Multipart().file("file", "si-standard.xy", SI).field("invoice", INVOICE)
                .send(world.alice.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode res = r.json();
        assertThat(res.get("template").asString()).isEqualTo("xrd.xy");
        assertThat(res.get("points").asInt()).isEqualTo(4001);
        assertThat(res.at("/metadata/anode").asString()).isEqualTo("Cu");
        String entryId = res.get("entry").asString();
        JsonNode e = world.carol.api().get("/api/v1/entries/" + entryId).json();
        assertThat(e.get("title").asString()).isEqualTo("Si standard scan");
        assertThat(e.get("reduced_formula").asString()).isEqualTo("Si");
        assertThat(e.at("/data/series/0/x/unit").asString()).isEqualTo("deg"); // the axis vocabulary (issue 21)
        assertThat(e.at("/data/series/0/x/name").asString()).isEqualTo("two_theta");
        assertThat(e.at("/data/series/0/x/values").size()).isEqualTo(4001);
        assertThat(e.at("/data/series/0/x/values/0").asDouble()).isEqualTo(10.0);
        JsonNode peaks = e.at("/data/peaks/peaks");
        assertThat(peaks.size()).isEqualTo(6);
        assertThat(peaks.get(0).get("position").asDouble()).isCloseTo(28.443, within(0.02));
        assertThat(peaks.get(0).get("relative_intensity").asDouble()).isEqualTo(100.0);
        assertThat(peaks.get(0).get("fwhm").asDouble()).isCloseTo(0.12, within(0.03));
        assertThat(e.at("/invoice/custom/tube_voltage").asInt()).isEqualTo(45);
        // the plot and its thumbnail are real PNGs of the announced size
        var plot = world.carol.api().get("/api/v1/entries/" + entryId + "/files/si-standard.xy.plot.png");
        assertThat(plot.status()).isEqualTo(200);
        assertThat(png(plot.bytes()).getWidth()).isEqualTo(800);
        var thumb = world.carol.api().get("/api/v1/entries/" + entryId + "/files/si-standard.xy.thumbnail.png");
        assertThat(png(thumb.bytes()).getWidth()).isEqualTo(240);
        // the new sample has a persistent id, a decodable QR code and lists the measurement
        String sampleId = e.get("sample").asString();
        JsonNode sample = world.carol.api().get("/api/v1/samples/" + sampleId).json();
        assertThat(sample.get("name").asString()).isEqualTo("Si wafer piece");
        assertThat(sample.get("pid").asString()).isEqualTo("matdx:sample/" + sampleId);
        assertThat(sample.get("measurements").get(0).get("id").asString()).isEqualTo(entryId);
        var qr = tp.anonymous().get("/samples/" + sampleId + "/qr.png");
        assertThat(qr.contentType()).startsWith("image/png");
        assertThat(decodeQr(qr.bytes())).isEqualTo("matdx:sample/" + sampleId);
        // a second measurement names the sample by its persistent id and joins the list
        String second = INVOICE.replace("{\"name\": \"Si wafer piece\", \"composition\": \"Si\"}", "{\"id\": \"matdx:sample/" + sampleId + "\"}")
                .replace("Si standard scan", "Si rescan");
        var r2 = new Multipart().file("file", "si-rescan.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.SILICON, 0.02, 0.12, 12))
                .field("invoice", second).send(world.alice.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest");
        assertThat(r2.status()).as(r2.body()).isEqualTo(201);
        assertThat(world.carol.api().get("/api/v1/samples/" + sampleId).json().get("measurements").size()).isEqualTo(2);
    }

    @Test
    void invalidInvoiceIsRejectedFieldByFieldInTheCallersLanguage() throws IOException {
        long entries = count("SELECT count(*) FROM entries");
        long blobs = blobFiles();
        String bad = """
                {"basic": {"data_name": "", "date": "20 Nov 2026"},
                 "sample": {"name": "x", "composition": "Xx2O3"},
                 "custom": {"tube_voltage": 250, "measurement_mode": "sideways"}}""";
        String path = "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest";
        var ja = world.alice.api().send(new Multipart().file("file", "a.xy", SI).field("invoice", bad).post(world.alice.api(), path)
                .header("Accept-Language", "ja,en;q=0.5"));
        assertThat(ja.status()).as(ja.body()).isEqualTo(422);
        var issues = issues(ja.json());
        assertThat(issues).containsEntry("basic.data_name", "「データ名」を入力してください")
                .containsEntry("basic.date", "「測定日」は 2026-04-01 のような日付にしてください")
                .containsEntry("custom.tube_voltage", "「管電圧」は 100 kV 以下にしてください")
                .containsEntry("custom.measurement_mode", "「測定モード」は次のいずれかにしてください: reflection, transmission, grazing incidence");
        var en = new Multipart().file("file", "a.xy", SI).field("invoice", bad).field("lang", "en")
                .send(world.alice.api(), path);
        var enIssues = issues(en.json());
        assertThat(enIssues).containsEntry("custom.tube_voltage", "'Tube voltage' must be at most 100 kV")
                .containsEntry("basic.data_name", "'Data name' must not be empty");
        // the composition is checked by Composition once the schema passes
        String badFormula = INVOICE.replace("\"composition\": \"Si\"", "\"composition\": \"Xx2O3\"");
        var f = new Multipart().file("file", "a.xy", SI).field("invoice", badFormula).send(world.alice.api(), path);
        assertThat(f.status()).isEqualTo(422);
        assertThat(issues(f.json())).containsKey("sample.composition");
        var missing = new Multipart().file("file", "a.xy", SI).field("invoice", "{\"custom\": {}}").field("lang", "ja")
                .send(world.alice.api(), path);
        assertThat(issues(missing.json())).containsEntry("basic", "「基本情報」は必須です");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(entries);
        assertThat(blobFiles()).isEqualTo(blobs);
    }

    @Test
    void brokenOrUnrecognisedFilesLeaveNoEntryAndNoBlob() throws IOException {
        long entries = count("SELECT count(*) FROM entries");
        long blobRows = count("SELECT count(*) FROM blobs");
        long blobs = blobFiles();
        long samples = count("SELECT count(*) FROM samples");
        String path = "/api/v1/datasets/" + dataset(AccessWorld.Level.PRIVATE) + "/ingest";
        // truncated mid-line: the last data line lost its intensity
        String truncated = SI.substring(0, SI.indexOf("\n", SI.length() / 2) + 1) + "50.0000";
        int truncatedLine = (int) truncated.lines().count();
        var r = new Multipart().file("file", "cut.xy", truncated).field("invoice", INVOICE).send(world.alice.api(), path);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asString()).isEqualTo("cut.xy, line " + truncatedLine + ": expected 2 columns like the first data row, found 1");
        // a file no reader recognises names what was tried
        var u = new Multipart().file("file", "notes.bin", new byte[] {0, 1, 2, 3, (byte) 0xff}).field("invoice", INVOICE)
                .send(world.alice.api(), path);
        assertThat(u.status()).isEqualTo(422);
        assertThat(u.json().get("detail").asString()).contains("notes.bin").contains("no reader recognises").contains("table.csv");
        // a file that does not match the template it was sent with
        var m = new Multipart().file("file", "si.xy", SI).field("template", "table.xlsx").field("invoice", INVOICE)
                .send(world.alice.api(), path);
        assertThat(m.status()).isEqualTo(422);
        assertThat(m.json().get("detail").asString()).startsWith("si.xy: is not a readable XLSX workbook");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(entries);
        assertThat(count("SELECT count(*) FROM blobs")).isEqualTo(blobRows);
        assertThat(count("SELECT count(*) FROM samples")).isEqualTo(samples);
        assertThat(blobFiles()).isEqualTo(blobs);
        assertThat(stagingFiles()).isZero();
    }

    @Test
    void tableRowsBecomeEntriesWithUnitsAndCompositions() throws IOException {
        String csv = """
                name,composition,T (K),conductivity [S/cm],phase
                run-1,LiCoO2,300,1.2e-3,layered
                run-2,LiNi0.8Mn0.1Co0.1O2,350,4.5e-3,layered
                run-3,LiFePO4,300,1e-9,olivine
                """;
        var r = new Multipart().file("file", "cathodes.csv", csv).field("invoice",
                "{\"basic\": {\"data_name\": \"Cathode screening\", \"date\": \"2026-10-01\"}}")
                .send(world.alice.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("template").asString()).isEqualTo("table.csv");
        assertThat(r.json().get("entries").size()).isEqualTo(3);
        JsonNode e2 = world.carol.api().get("/api/v1/entries/" + r.json().get("entries").get(1).asString()).json();
        assertThat(e2.get("kind").asString()).isEqualTo("property_row");
        assertThat(e2.get("title").asString()).isEqualTo("Cathode screening — run-2");
        assertThat(e2.get("reduced_formula").asString()).isEqualTo("LiMn0.1Co0.1Ni0.8O2");
        assertThat(e2.at("/properties/t/value").asDouble()).isEqualTo(350);
        assertThat(e2.at("/properties/t/unit").asString()).isEqualTo("K");
        assertThat(e2.at("/properties/conductivity/unit").asString()).isEqualTo("S/cm");
        assertThat(e2.at("/metadata/phase").asString()).isEqualTo("layered");
        // the same table as XLSX
        byte[] xlsx = Xlsx.write(new String[][] {{"name", "composition", "T (K)", "conductivity [S/cm]"},
                {"x-1", "BaTiO3", "400", "0.01"}, {"x-2", "SrTiO3", "410", "0.02"}});
        var x = new Multipart().file("file", "perovskites.xlsx", xlsx).send(world.alice.api(),
                "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest");
        assertThat(x.status()).as(x.body()).isEqualTo(201);
        assertThat(x.json().get("template").asString()).isEqualTo("table.xlsx");
        JsonNode x2 = world.carol.api().get("/api/v1/entries/" + x.json().get("entries").get(1).asString()).json();
        assertThat(x2.get("reduced_formula").asString()).isEqualTo("SrTiO3");
        assertThat(x2.at("/properties/conductivity/value").asDouble()).isEqualTo(0.02);
        // a bad formula names the line and column
        var bad = new Multipart().file("file", "bad.csv", csv.replace("LiFePO4", "LiQqPO4")).send(world.alice.api(),
                "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("detail").asString()).startsWith("bad.csv, line 4: column 'composition'");
    }

    @Test
    void zipUploadMakesEachMainFileAnEntryWithItsDirectoryAttached() throws IOException {
        byte[] zip = zip(new String[][] {
                {"run1/si.xy", SI},
                {"run1/notes.txt", "operator: A. Tanaka\nalignment checked"},
                {"run1/photo.jpg", "\u00ff\u00d8\u00ff fake jpeg"},
                {"run2/rutile.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.1, 5)},
                {"run2/broken.xy", "# header only\n10.0 5\n10.02"},
                {"loose/readme.md", "nothing to structure here"},
                // issue 21: Finder and Explorer clutter is neither attached nor dropped unsaid
                {"__MACOSX/run1/._si.xy", "\u0000\u0005\u0016\u0007 resource fork"},
                {"run1/.DS_Store", "Bud1 clutter"},
                {"run2/Thumbs.db", "thumbnail cache"}});
        var r = new Multipart().file("file", "campaign.zip", zip).field("invoice",
                "{\"basic\": {\"data_name\": \"campaign\", \"date\": \"2026-11-01\"}}").field("restricted", "photo.jpg")
                .send(world.alice.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.GROUP) + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode res = r.json();
        assertThat(res.get("succeeded").asInt()).as(res.toString()).isEqualTo(2);
        assertThat(res.get("failed").asInt()).isEqualTo(2);
        java.util.Map<String, JsonNode> byFile = new java.util.HashMap<>();
        res.get("results").forEach(x -> byFile.put(x.get("file").asString(), x));
        assertThat(byFile.get("run1/si.xy").get("attachments").toString()).contains("run1/notes.txt", "run1/photo.jpg")
                .doesNotContain("DS_Store").doesNotContain("MACOSX");
        assertThat(byFile.keySet()).noneMatch(f -> f.contains("MACOSX") || f.contains("DS_Store") || f.contains("Thumbs"));
        java.util.Map<String, String> skipped = new java.util.HashMap<>();
        res.get("skipped").forEach(x -> skipped.put(x.get("file").asString(), x.get("reason").asString()));
        assertThat(skipped).containsOnlyKeys("campaign.zip/__MACOSX/run1/._si.xy", "campaign.zip/run1/.DS_Store", "campaign.zip/run2/Thumbs.db");
        assertThat(skipped.get("campaign.zip/__MACOSX/run1/._si.xy")).contains("macOS resource fork");
        assertThat(skipped.get("campaign.zip/run1/.DS_Store")).contains(".DS_Store").contains("not data");
        assertThat(skipped.get("campaign.zip/run2/Thumbs.db")).contains("thumbnail cache");
        res.get("skipped").forEach(x -> assertThat(x.get("outcome").asString()).isEqualTo("skipped"));
        assertThat(byFile.get("run2/broken.xy").get("error").asString()).isEqualTo("run2/broken.xy, line 3: expected 2 columns like the first data row, found 1");
        assertThat(byFile.get("loose/readme.md").get("error").asString()).contains("not recognised as a main file");
        String si = byFile.get("run1/si.xy").get("entry").asString();
        assertThat(world.alice.api().get("/api/v1/entries/" + si).json().get("title").asString()).isEqualTo("run1/si.xy");
        // restricted: the owner sees and downloads the photo, a group member sees neither
        assertThat(world.alice.api().get("/api/v1/entries/" + si).json().get("files").toString()).contains("photo.jpg");
        assertThat(world.alice.api().get("/api/v1/entries/" + si + "/files/run1%2Fphoto.jpg").status()).isEqualTo(200);
        JsonNode forBob = world.bob.api().get("/api/v1/entries/" + si).json();
        assertThat(forBob.get("files").toString()).contains("notes.txt").doesNotContain("photo.jpg");
        assertThat(world.bob.api().get("/api/v1/entries/" + si + "/files/run1%2Fphoto.jpg").status()).isEqualTo(404);
        assertThat(world.carol.api().get("/api/v1/entries/" + si).status()).isEqualTo(404);
        // an upload of clutter alone: a clear 400 naming it, nothing stored
        long before = count("SELECT count(*) FROM entries");
        var onlyClutter = new Multipart().file("file", ".DS_Store", "Bud1").send(world.alice.api(),
                "/api/v1/datasets/" + dataset(AccessWorld.Level.GROUP) + "/ingest");
        assertThat(onlyClutter.status()).as(onlyClutter.body()).isEqualTo(400);
        assertThat(onlyClutter.json().get("detail").asString()).contains(".DS_Store").contains("not data");
        var clutterZip = new Multipart().file("file", "mac.zip", zip(new String[][] {{"__MACOSX/._a.xy", "fork"}})).send(world.alice.api(),
                "/api/v1/datasets/" + dataset(AccessWorld.Level.GROUP) + "/ingest");
        assertThat(clutterZip.status()).as(clutterZip.body()).isEqualTo(400);
        assertThat(clutterZip.json().get("detail").asString()).contains("mac.zip").contains("resource fork");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(before);
    }

    /**
     * Issue 21: a two-column file that does not say what its x axis is gets no diffraction peak search
     * and no phase identification, and its entry (API and page) says "axis unknown"; the uploader may
     * state the axis (x_axis), which fills in what the file leaves open but never contradicts it.
     */
    @Test
    void anUnstatedAxisIsSaidUnknownAndTheUploaderMayStateIt() throws IOException {
        String bare = SI.lines().filter(l -> !l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        String ds = "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest";
        var unknown = new Multipart().file("file", "si.dat", bare).send(world.alice.api(), ds);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(201);
        String unknownId = unknown.json().get("entry").asString();
        JsonNode e = world.alice.api().get("/api/v1/entries/" + unknownId).json();
        assertThat(e.at("/metadata/x_axis/basis").asString()).isEqualTo("unknown");
        assertThat(e.at("/data/series/0/x/name").asString()).isEqualTo("unknown");
        assertThat(e.at("/data/peaks").isMissingNode()).isTrue();
        assertThat(e.at("/data/notes/0").asString()).contains("x axis is unknown");
        var identify = world.alice.api().post("/api/v1/entries/" + unknownId + "/phases", "{}");
        assertThat(identify.status()).as(identify.body()).isEqualTo(422);
        assertThat(world.alice.api().get("/entries/" + unknownId).body()).contains("axis unknown").contains("does not say what its x values are");
        // the same numbers named .xy: assumed 2θ by the convention, and said to be
        var assumed = new Multipart().file("file", "si.xy", bare).send(world.alice.api(), ds);
        JsonNode a = world.alice.api().get("/api/v1/entries/" + assumed.json().get("entry").asString()).json();
        assertThat(a.at("/metadata/x_axis/basis").asString()).isEqualTo("assumed");
        assertThat(a.at("/data/peaks/count").asInt()).isGreaterThan(3);
        assertThat(world.alice.api().get("/entries/" + assumed.json().get("entry").asString()).body()).contains("(assumed)")
                .contains("2θ / °");
        // stated at upload: the .dat becomes a 2θ scan with its peaks
        var stated = new Multipart().file("file", "si.dat", bare).field("x_axis", "two_theta_deg").send(world.alice.api(), ds);
        assertThat(stated.status()).as(stated.body()).isEqualTo(201);
        JsonNode st = world.alice.api().get("/api/v1/entries/" + stated.json().get("entry").asString()).json();
        assertThat(st.at("/metadata/x_axis/basis").asString()).isEqualTo("stated");
        assertThat(st.at("/data/series/0/x/name").asString()).isEqualTo("two_theta");
        assertThat(st.at("/data/peaks/peaks/0/position").asDouble()).isCloseTo(28.44, within(0.05));
        // a statement against the file's own header is refused, nothing stored; a value outside the list is a 400
        long before = count("SELECT count(*) FROM entries");
        var contradicted = new Multipart().file("file", "q.xy", "Q (1/A)\tI\n" + bare.replace(' ', '\t')).field("x_axis", "two_theta_deg")
                .send(world.alice.api(), ds);
        assertThat(contradicted.status()).as(contradicted.body()).isEqualTo(422);
        assertThat(contradicted.json().get("detail").asString()).contains("x_axis=two_theta_deg").contains("declares its x axis as Q");
        var bogus = new Multipart().file("file", "si.dat", bare).field("x_axis", "2theta").send(world.alice.api(), ds);
        assertThat(bogus.status()).isEqualTo(400);
        assertThat(bogus.json().at("/errors/0/field").asString()).isEqualTo("x_axis");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(before);
    }

    @Test
    void batchSheetGivesEveryRowItsOwnResult() throws IOException {
        long entries = count("SELECT count(*) FROM entries");
        String sheet = """
                file,template,data_name,date,instrument,sample_name,sample_composition,tube_voltage
                si-a.xy,xrd.xy,Si batch A,2026/11/02,SmartLab,wafer A,Si,40
                rutile.xy,auto,Rutile batch,2026-11-03,SmartLab,powder R,TiO2,45
                si-a.xy,xrd.xy,Si too hot,2026-11-04,SmartLab,,,400
                missing.xy,xrd.xy,Ghost,2026-11-05,SmartLab,,,40
                ,xrd.xy,No file,2026-11-05,SmartLab,,,40
                """;
        var r = new Multipart().file("sheet", "batch.csv", sheet)
                .file("file", "si-a.xy", SI)
                .file("file", "rutile.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.RUTILE, 0.02, 0.1, 9))
                .send(world.alice.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode res = r.json().get("results");
        assertThat(res.size()).isEqualTo(5);
        assertThat(res.get(0).get("entry").isString()).isTrue();
        assertThat(res.get(1).get("template").asString()).isEqualTo("xrd.xy");
        assertThat(res.get(2).get("file").asString()).isEqualTo("batch.csv, row 4 (si-a.xy)");
        assertThat(res.get(2).at("/issues/0/field").asString()).isEqualTo("custom.tube_voltage");
        assertThat(res.get(3).get("error").asString()).isEqualTo("batch.csv, row 5: file(s) not uploaded: missing.xy");
        assertThat(res.get(4).at("/issues/0/message").asString()).isEqualTo("the row names no file");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(entries + 2);
        JsonNode a = world.carol.api().get("/api/v1/entries/" + res.get(0).get("entry").asString()).json();
        assertThat(a.at("/invoice/basic/date").asString()).isEqualTo("2026-11-02");
        assertThat(a.get("reduced_formula").asString()).isEqualTo("Si");
    }

    @Test
    void asyncIngestRunsAsAJobWithProgressAndResults() throws Exception {
        byte[] zip = zip(new String[][] {{"a/si.xy", SI}, {"b/licoo2.xy", SyntheticPatterns.xrdXy(SyntheticPatterns.LICOO2, 0.02, 0.15, 2)},
                {"__MACOSX/a/._si.xy", "fork"}});
        var r = new Multipart().file("file", "two.zip", zip).file("file", "Thumbs.db", "cache")
                .field("invoice", "{\"basic\": {\"data_name\": \"x\", \"date\": \"2026-11-01\"}}")
                .send(world.alice.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest?async=true");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        UUID job = UUID.fromString(r.json().get("job").asString());
        var done = tp.platform().jobs().awaitFinished(job, java.time.Duration.ofSeconds(60));
        assertThat(done.status().code()).as(String.valueOf(done.error())).isEqualTo("succeeded");
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.result().get("succeeded").asInt()).as(done.result().toString()).isEqualTo(2);
        assertThat(done.result().get("skipped").findValuesAsString("file")).containsExactlyInAnyOrder("two.zip/__MACOSX/a/._si.xy", "Thumbs.db");
        String licoo2 = null;
        for (JsonNode x : done.result().get("results")) {
            if (x.get("file").asString().equals("b/licoo2.xy")) {
                licoo2 = x.get("entry").asString();
            }
        }
        JsonNode e = world.carol.api().get("/api/v1/entries/" + licoo2).json();
        assertThat(e.at("/data/peaks/peaks/0/position").asDouble()).isCloseTo(18.945, within(0.03));
        // the inbox goes once the job's end is committed, just after it
        Eventually.holds("the job's inbox removed", Duration.ofSeconds(30), () -> {
            try (var inboxes = Files.list(tp.dataDir().resolve("ingest-inbox"))) {
                return inboxes.findAny().isEmpty();
            } catch (IOException notListed) {
                throw new UncheckedIOException(notListed);
            }
        });
        // an inbox no job will read (the process died before queuing it) is swept once it is old
        Path orphan = Files.createDirectories(tp.dataDir().resolve("ingest-inbox/" + UUID.randomUUID()));
        Files.writeString(orphan.resolve("scan.xy"), SI);
        assertThat(tp.platform().ingestJobs().sweepInboxes(java.time.Instant.now())).isZero();
        assertThat(tp.platform().ingestJobs().sweepInboxes(java.time.Instant.now().plus(java.time.Duration.ofHours(2)))).isEqualTo(1);
        assertThat(Files.exists(orphan)).isFalse();
    }

    @Test
    void asyncBatchReportsEveryRowInTheJobResult() throws Exception {
        long entries = count("SELECT count(*) FROM entries");
        String sheet = "file,data_name,date,tube_voltage\nsi.xy,Si async,2026-11-06,40\nsi.xy,Too hot,2026-11-06,999\n";
        var r = new Multipart().file("sheet", "async.csv", sheet).file("file", "si.xy", SI)
                .send(world.alice.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest?async=true");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        var done = tp.platform().jobs().awaitFinished(UUID.fromString(r.json().get("job").asString()), java.time.Duration.ofSeconds(60));
        assertThat(done.status().code()).as(String.valueOf(done.error())).isEqualTo("succeeded");
        JsonNode results = done.result().get("results");
        assertThat(results.size()).isEqualTo(2);
        assertThat(results.get(0).get("entry").isString()).isTrue();
        assertThat(results.get(1).at("/issues/0/field").asString()).isEqualTo("custom.tube_voltage");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(entries + 1);
        // the job's status is for its owner only
        assertThat(world.carol.api().get("/api/v1/jobs/" + r.json().get("job").asString()).status()).isEqualTo(404);
    }

    @Test
    void samplePagesFollowTheirDatasetsAccess() {
        java.util.Map<AccessWorld.Level, String> sampleOf = new java.util.EnumMap<>(AccessWorld.Level.class);
        for (AccessWorld.Level l : AccessWorld.Level.values()) {
            var r = new Multipart().file("file", l.marker() + ".xy", SI).field("invoice", INVOICE.replace("Si wafer piece", l.marker() + " sample"))
                    .send(world.alice.api(), "/api/v1/datasets/" + dataset(l) + "/ingest");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String entry = r.json().get("entry").asString();
            sampleOf.put(l, world.alice.api().get("/api/v1/entries/" + entry).json().get("sample").asString());
        }
        for (String who : AccessWorld.PEOPLE) {
            ApiClient api = world.api(who);
            var sight = world.sight(who);
            for (AccessWorld.Level l : AccessWorld.Level.values()) {
                var page = api.get("/api/v1/samples/" + sampleOf.get(l));
                var qr = api.get("/samples/" + sampleOf.get(l) + "/qr.png");
                if (!sight.any().contains(l)) {
                    assertThat(page.status()).as(who + " " + l).isEqualTo(404);
                    assertThat(page.body()).doesNotContain(l.marker());
                    assertThat(qr.status()).as(who + " qr " + l).isEqualTo(404);
                } else {
                    assertThat(page.status()).as(who + " " + l).isEqualTo(200);
                    JsonNode m = page.json().get("measurements");
                    if (sight.full().contains(l)) {
                        assertThat(m.size()).isEqualTo(1);
                        assertThat(m.get(0).has("data")).as(who + " " + l).isTrue();
                    } else {
                        // embargoed: which entries were measured on the sample is their data, as is its name
                        assertThat(m.size()).as(who + " " + l).isZero();
                        assertThat(page.body()).doesNotContain("tube_voltage").doesNotContain(l.marker() + " sample");
                    }
                }
            }
        }
    }

    /**
     * Issue 28: the API, the CLI and a queued job carry out one IngestRequest in one place, so they
     * answer alike: a named archive restricts what it holds at once as when queued; an upload with
     * nothing to register is refused at once (400) and fails as a job, with the same sentence; and a
     * request is queued only for a caller who may write to the dataset.
     */
    @Test
    void aRequestGetsTheSameAnswerAtOnceAndQueued() throws Exception {
        byte[] zip = zip(new String[][] {{"held/si.xy", SI}, {"held/notes.txt", "operator: A. Tanaka"}});
        var r = new Multipart().file("file", "held.zip", zip).field("restricted", "held.zip")
                .field("invoice", "{\"basic\": {\"data_name\": \"held\", \"date\": \"2026-11-01\"}}")
                .send(world.alice.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.GROUP) + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String si = r.json().at("/results/0/entry").asString();
        assertThat(world.alice.api().get("/api/v1/entries/" + si).json().get("files").toString())
                .contains("\"name\":\"held/si.xy\"", "\"name\":\"held/notes.txt\"");
        assertThat(world.bob.api().get("/api/v1/entries/" + si).json().get("files").toString())
                .doesNotContain("\"name\":\"held/si.xy\"").doesNotContain("\"name\":\"held/notes.txt\"");

        var atOnce = new Multipart().file("file", "Thumbs.db", "cache").send(world.alice.api(),
                "/api/v1/datasets/" + dataset(AccessWorld.Level.GROUP) + "/ingest");
        assertThat(atOnce.status()).as(atOnce.body()).isEqualTo(400);
        var queued = new Multipart().file("file", "Thumbs.db", "cache").send(world.alice.api(),
                "/api/v1/datasets/" + dataset(AccessWorld.Level.GROUP) + "/ingest?async=true");
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        var failed = tp.platform().jobs().awaitFinished(UUID.fromString(queued.json().get("job").asString()), Duration.ofSeconds(60));
        assertThat(failed.status().code()).isEqualTo("failed");
        assertThat(failed.error()).isEqualTo(atOnce.json().get("detail").asString()).contains("no data to register", "Thumbs.db");

        Path inboxes = tp.dataDir().resolve("ingest-inbox");
        // the queued request's inbox above goes once its job's end is committed, which may be just now: compare names,
        // not counts, so only an inbox this refused request would make is caught
        java.util.Set<Path> before;
        try (Stream<Path> s = Files.list(inboxes)) {
            before = s.collect(java.util.stream.Collectors.toSet());
        }
        var bobs = new IngestRequest(RequestContext.local(world.bob.caller(tp.platform())), UUID.fromString(dataset(AccessWorld.Level.GROUP)),
                IngestRequest.Mode.TREE, java.util.List.of(new IngestRequest.Part("si.xy", () -> new ByteArrayInputStream(
                        SI.getBytes(StandardCharsets.UTF_8)))), null, null,
                new Ingest.Options("auto", null, "en"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tp.platform().ingestion().queue(bobs))
                .isInstanceOfSatisfying(org.matdx.core.Problem.class, p -> assertThat(p.type().status).isEqualTo(403));
        try (Stream<Path> s = Files.list(inboxes)) {
            assertThat(s.toList()).as("no inbox for a request that is not queued").allMatch(before::contains);
        }
    }

    @Test
    void writingNeedsWriteAccess() {
        var anon = new Multipart().file("file", "a.xy", SI).send(tp.anonymous(), "/api/v1/datasets/" + dataset(AccessWorld.Level.PUBLIC) + "/ingest");
        assertThat(anon.status()).isEqualTo(401);
        var hidden = new Multipart().file("file", "a.xy", SI).send(world.carol.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.PRIVATE) + "/ingest");
        assertThat(hidden.status()).isEqualTo(404);
        var readOnly = new Multipart().file("file", "a.xy", SI).send(world.bob.api(), "/api/v1/datasets/" + dataset(AccessWorld.Level.GROUP) + "/ingest");
        assertThat(readOnly.status()).isEqualTo(403);
    }

    static java.util.Map<String, String> issues(JsonNode problem) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        problem.path("errors").forEach(i -> m.put(i.get("field").asString(), i.get("message").asString()));
        return m;
    }

    static java.awt.image.BufferedImage png(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    static String decodeQr(byte[] png) {
        try {
            var img = ImageIO.read(new ByteArrayInputStream(png));
            // a generated label: tell the reader it is a pure code, so detection does not depend on the content
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img))),
                    java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        } catch (Exception e) {
            throw new AssertionError("QR code does not decode", e);
        }
    }

    static byte[] zip(String[][] files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (String[] f : files) {
                z.putNextEntry(new ZipEntry(f[0]));
                z.write(f[1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
