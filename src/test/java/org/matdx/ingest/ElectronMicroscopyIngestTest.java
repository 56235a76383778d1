package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.formats.em.DmFixture;
import org.matdx.formats.em.EmdReaderTest;
import org.matdx.testing.AccessWorld;
import org.matdx.testing.Multipart;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * A microscope image through the HTTP API: it becomes an entry whose calibration and acquisition
 * settings are searchable, its array a .npy blob, its preview a PNG with a scale bar; a forged or cut
 * file is refused by name and leaves no entry and no blob.
 */
class ElectronMicroscopyIngestTest {
    static TestPlatform tp;
    static AccessWorld world;
    static final String INVOICE = """
            {"basic": {"data_name": "Au nanoparticles, HAADF", "owner": "alice", "date": "2026-11-20"},
             "sample": {"name": "Au/C", "composition": "Au"}}""";

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        world = new AccessWorld(tp);
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static long count(String sql) {
        return tp.platform().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static long blobFiles() throws IOException {
        try (Stream<Path> s = Files.walk(tp.dataDir().resolve("blobs"))) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".staging")).count();
        }
    }

    static double[] particles(int w, int h) {
        double[] v = new double[w * h];
        double[][] discs = {{30, 30, 8}, {90, 40, 10}, {50, 100, 6}, {100, 100, 9}};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = 200 + (x * 7 + y * 13) % 50;
                for (double[] d : discs) {
                    if (Math.hypot(x + 0.5 - d[0], y + 0.5 - d[1]) <= d[2]) {
                        v[y * w + x] = 3000 + (x * 11 + y * 3) % 80;
                    }
                }
            }
        }
        return v;
    }

    /** Two TIA series and their .emi in one zip: each .ser an entry, the .emi attached to both and read for the settings. */
    @Test
    void tiaSeriesUploadedWithTheirEmiCarryTheMicroscopeSettings() throws Exception {
        Path dir = org.matdx.testing.SharedData.require("corpus/em/FEI_old");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            for (String n : new String[] {"16x16_STEM_BF_DF_acquire.emi", "16x16_STEM_BF_DF_acquire_1.ser", "16x16_STEM_BF_DF_acquire_2.ser"}) {
                z.putNextEntry(new java.util.zip.ZipEntry("stem/" + n));
                z.write(Files.readAllBytes(dir.resolve(n)));
                z.closeEntry();
            }
        }
        String ds = world.datasets.get(AccessWorld.Level.PUBLIC);
        var r = new Multipart().file("file", "stem.zip", out.toByteArray()).field("invoice", INVOICE)
                .send(world.alice.api(), "/api/v1/datasets/" + ds + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("succeeded").asInt()).as(r.body()).isEqualTo(2);
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode x : r.json().get("results")) {
            ids.add(x.get("entry").asString());
            assertThat(x.get("attachments").toString()).contains("16x16_STEM_BF_DF_acquire.emi");
            JsonNode e = world.carol.api().get("/api/v1/entries/" + x.get("entry").asString()).json();
            // the settings HyperSpy reads from the same .emi (hyperspy-golden.json)
            assertThat(e.at("/properties/beam_energy/value").asDouble()).isEqualTo(200.0);
            assertThat(e.at("/properties/magnification/value").asDouble()).isEqualTo(10000.0);
            assertThat(e.at("/properties/camera_length/value").asDouble()).isCloseTo(40.0, within(1e-9));
            assertThat(e.at("/metadata/instrument").asString()).isEqualTo("Tecnai 200 kV D2267 SuperTwin");
            assertThat(e.at("/metadata/acquisition/mode").asString()).isEqualTo("STEM");
            assertThat(e.at("/properties/pixel_size/value").asDouble()).isCloseTo(21.510044070327744, within(1e-9));
            assertThat(e.at("/metadata/original_metadata/units_assumed").isMissingNode()).isTrue();
        }
        assertThat(search("instrument=" + enc("Tecnai 200 kV D2267 SuperTwin") + "&dataset=" + ds)).contains(ids);
    }

    @Test
    void aDmImageBecomesASearchableEntryWithArrayPreviewAndStatistics() throws Exception {
        String ds = world.datasets.get(AccessWorld.Level.PUBLIC);
        byte[] dm = DmFixture.image(128, 128, particles(128, 128), false, 0.5, "Titan Themis", 300000, 910000);
        var r = new Multipart().file("file", "au-np.dm3", dm).field("invoice", INVOICE)
                .send(world.alice.api(), "/api/v1/datasets/" + ds + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("template").asString()).isEqualTo("em.dm");
        String id = r.json().get("entry").asString();
        JsonNode e = world.carol.api().get("/api/v1/entries/" + id).json();
        assertThat(e.at("/properties/pixel_size/value").asDouble()).isCloseTo(0.5, within(1e-7));
        assertThat(e.at("/properties/pixel_size/unit").asString()).isEqualTo("nm");
        assertThat(e.at("/properties/beam_energy/value").asDouble()).isEqualTo(300.0);
        assertThat(e.at("/metadata/instrument").asString()).isEqualTo("Titan Themis");
        assertThat(e.at("/data/signals/0/kind").asString()).isEqualTo("image");
        assertThat(e.at("/data/signals/0/statistics/max").asDouble()).isEqualTo(3079.0);
        assertThat(e.at("/data/signals/0/statistics/histogram").size()).isEqualTo(64);
        assertThat(e.at("/data/signals/0/scale_bar").asString()).isEqualTo("10 nm");
        // searchable by calibration and instrument, in any length unit
        assertThat(search("property=" + enc("pixel_size<1 nm") + "&dataset=" + ds)).contains(id);
        assertThat(search("property=" + enc("pixel_size<=5 Å") + "&dataset=" + ds)).contains(id);
        assertThat(search("property=" + enc("pixel_size<0.1 nm") + "&dataset=" + ds)).doesNotContain(id);
        assertThat(search("instrument=" + enc("Titan Themis") + "&dataset=" + ds)).contains(id);
        // the array comes back exactly as numpy would load it
        String array = e.at("/data/signals/0/array").asString();
        byte[] npy = world.carol.api().get("/api/v1/entries/" + id + "/files/" + array).bytes();
        if (array.endsWith(".gz")) {
            npy = new GZIPInputStream(new ByteArrayInputStream(npy)).readAllBytes();
        }
        assertThat(new String(npy, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        String header = new String(npy, 10, ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort(), StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<u2'").contains("'shape': (128, 128)");
        int dataStart = 10 + header.length();
        assertThat(Short.toUnsignedInt(ByteBuffer.wrap(npy, dataStart + 2 * (30 * 128 + 30), 2).order(ByteOrder.LITTLE_ENDIAN).getShort()))
                .isEqualTo((int) particles(128, 128)[30 * 128 + 30]);
        var preview = world.carol.api().get("/api/v1/entries/" + id + "/files/" + e.at("/data/signals/0/preview").asString());
        assertThat(preview.status()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(preview.bytes())).getWidth()).isEqualTo(256);
        assertThat(e.at("/data/plot").asString()).isEqualTo("au-np.dm3.preview.png");
    }

    @Test
    void theParticleTemplateCountsParticlesAndAnswersTheEuNanomaterialQuestion() throws Exception {
        String ds = world.datasets.get(AccessWorld.Level.PUBLIC);
        String fei = "[System]\r\nSystemType=Helios G4\r\n[Beam]\r\nHV=15000\r\n[Scan]\r\nPixelWidth=5e-10\r\nPixelHeight=5e-10\r\n";
        byte[] tif = org.matdx.formats.em.TiffFixture.grey16(128, 128, particles(128, 128), java.util.Map.of(34682, fei), null);
        var r = new Multipart().file("file", "np.tif", tif).field("template", "em.particles").field("invoice", INVOICE)
                .send(world.alice.api(), "/api/v1/datasets/" + ds + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("entry").asString();
        JsonNode e = world.carol.api().get("/api/v1/entries/" + id).json();
        assertThat(e.at("/properties/particle_count/value").asInt()).isEqualTo(4);
        // discs of radius 6, 8, 9, 10 px at 0.5 nm: median diameter (8 + 9) px ≈ 8.5 nm
        assertThat(e.at("/properties/median_particle_size/value").asDouble()).isCloseTo(8.5e-9, within(0.5e-9));
        assertThat(e.at("/properties/median_particle_size/unit").asString()).isEqualTo("m");
        assertThat(e.at("/properties/eu_nanomaterial/value").asInt()).isEqualTo(1);
        assertThat(e.at("/data/particles/particles").size()).isEqualTo(4);
        assertThat(search("property=" + enc("median_particle_size<100 nm") + "&dataset=" + ds)).contains(id);
        assertThat(search("property=" + enc("eu_nanomaterial=1") + "&property=" + enc("particle_count>=4") + "&dataset=" + ds)).contains(id);
    }

    /** The navigator's data: the spectrum at a clicked pixel, read from the stored array under the entry's access policy. */
    @Test
    void aSpectrumImageAnswersTheSpectrumAtAPixel() throws Exception {
        int w = 6;
        int h = 4;
        int ch = 50;
        double[] v = new double[w * h * ch];
        for (int e = 0; e < ch; e++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[(e * h + y) * w + x] = 1000 * y + 10 * x + e; // stored energy-slowest, as GMS does
                }
            }
        }
        String ds = world.datasets.get(AccessWorld.Level.PRIVATE);
        var r = new Multipart().file("file", "si.dm4", DmFixture.spectrumImage(w, h, ch, v, 2.0)).field("invoice", INVOICE)
                .send(world.alice.api(), "/api/v1/datasets/" + ds + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("entry").asString();
        JsonNode e = world.alice.api().get("/api/v1/entries/" + id).json();
        assertThat(e.at("/data/signals/0/kind").asString()).isEqualTo("spectrum image");
        assertThat(e.at("/data/signals/0/shape").toString()).isEqualTo("[4,6,50]");
        assertThat(e.at("/properties/pixel_size/value").asDouble()).isEqualTo(2.0);
        assertThat(e.at("/properties/channel_width/value").asDouble()).isEqualTo(0.5);
        var s = world.alice.api().get("/api/v1/entries/" + id + "/signals/0/spectrum?row=3&column=5");
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        assertThat(s.json().get("name").asString()).isEqualTo("Energy loss");
        assertThat(s.json().get("x").get(0).asDouble()).isEqualTo(100.0);
        assertThat(s.json().get("x").get(2).asDouble()).isEqualTo(101.0);
        assertThat(s.json().get("y").get(7).asDouble()).isEqualTo(3057.0);
        assertThat(world.alice.api().get("/api/v1/entries/" + id + "/signals/0/spectrum?row=4&column=0").status()).isEqualTo(400);
        assertThat(world.alice.api().get("/api/v1/entries/" + id + "/signals/0/spectrum?row=x").status()).isEqualTo(400);
        // the private dataset's map is as hidden as its files
        assertThat(world.carol.api().get("/api/v1/entries/" + id + "/signals/0/spectrum?row=0&column=0").status()).isIn(401, 403, 404);
        assertThat(tp.anonymous().get("/api/v1/entries/" + id + "/signals/0/spectrum?row=0&column=0").status()).isIn(401, 403, 404);
    }

    /**
     * A Berkeley EMD spectrum image arrives as a plain 3-D array, energy first, no axis navigating (as
     * HyperSpy reads it): the entry stores it as a spectrum image — (y, x, energy), the map navigable —
     * and the spectrum at a pixel is that pixel's, not a strided slice across the map.
     */
    @Test
    void aBerkeleyEmdSpectrumImageIsNavigable() throws Exception {
        String ds = world.datasets.get(AccessWorld.Level.PUBLIC);
        var r = new Multipart().file("file", "si.emd", EmdReaderTest.fixture("ncem_spectrum_image.emd")).field("invoice", INVOICE)
                .send(world.alice.api(), "/api/v1/datasets/" + ds + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("entry").asString();
        JsonNode sig = world.carol.api().get("/api/v1/entries/" + id).json().at("/data/signals/0");
        assertThat(sig.path("kind").asString()).isEqualTo("spectrum image");
        assertThat(sig.path("shape").toString()).isEqualTo("[3,4,16]");
        assertThat(sig.at("/axes/0/name").asString() + sig.at("/axes/0/navigate") + sig.at("/axes/2/name").asString()
                + sig.at("/axes/2/navigate")).isEqualTo("ytrueEnergy lossfalse");
        assertThat(sig.has("preview")).as("the sum image").isTrue();
        // the fixture's data[x][y][e] = 48x + 16y + e, energy from 100 eV in 0.5 eV channels
        for (int[] px : new int[][] {{0, 0}, {1, 2}, {2, 3}}) {
            var s = world.carol.api().get("/api/v1/entries/" + id + "/signals/0/spectrum?row=" + px[0] + "&column=" + px[1]);
            assertThat(s.status()).as(s.body()).isEqualTo(200);
            assertThat(s.json().get("name").asString()).isEqualTo("Energy loss");
            assertThat(s.json().get("x").get(3).asDouble()).isEqualTo(101.5);
            for (int e = 0; e < 16; e++) {
                assertThat(s.json().get("y").get(e).asDouble()).as("pixel %s, channel %d", Arrays.toString(px), e)
                        .isEqualTo(48 * px[1] + 16 * px[0] + e);
            }
        }
    }

    /**
     * Every spectrum image of the shared corpus that a reader reads — a DM4 EELS map and TIA EDS maps
     * (.emi with its .ser) — becomes a navigable entry whose spectrum at a pixel is what the reader read there.
     */
    @Test
    void everySpectrumImageOfTheCorpusIsNavigable() throws Exception {
        Path em = org.matdx.testing.SharedData.require("corpus/em");
        String ds = world.datasets.get(AccessWorld.Level.PUBLIC);
        Map<String, List<String>> maps = Map.of(
                "dm4_3D_data/EELS_SI.dm4", List.of(),
                "FEI_new/16x16-spectrum_image_5x5x4000-not_square_1.ser", List.of("FEI_new/16x16-spectrum_image_5x5x4000-not_square.emi"),
                "FEI_new/16x16-diffraction_imagel_5x5x256x256_EDS_copy_1.ser",
                List.of("FEI_new/16x16-diffraction_imagel_5x5x256x256_EDS_copy.emi"));
        for (var m : maps.entrySet()) {
            Path main = em.resolve(m.getKey());
            java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(zip)) {
                for (String f : Stream.concat(Stream.of(m.getKey()), m.getValue().stream()).toList()) {
                    z.putNextEntry(new java.util.zip.ZipEntry("si/" + Path.of(f).getFileName()));
                    z.write(Files.readAllBytes(em.resolve(f)));
                    z.closeEntry();
                }
            }
            var r = new Multipart().file("file", "si.zip", zip.toByteArray()).field("invoice", INVOICE)
                    .send(world.alice.api(), "/api/v1/datasets/" + ds + "/ingest");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("succeeded").asInt()).as(r.body()).isEqualTo(1);
            String id = r.json().get("results").get(0).get("entry").asString();
            JsonNode sig = world.carol.api().get("/api/v1/entries/" + id).json().at("/data/signals/0");
            assertThat(sig.path("kind").asString()).as(m.getKey()).isEqualTo("spectrum image");
            // the reader's own numbers at the last pixel
            var read = org.matdx.formats.ReadBudget.read(org.matdx.formats.Readers.installed().candidates(main.getFileName().toString(),
                            org.matdx.testing.SharedData.head(main)).get(0).reader(), main.getFileName().toString(), main,
                    org.matdx.formats.IngestLimits.DEFAULTS, name -> {
                        for (String f : m.getValue()) {
                            if (Path.of(f).getFileName().toString().equalsIgnoreCase(name)) {
                                return Files.readAllBytes(em.resolve(f));
                            }
                        }
                        return null;
                    });
            var signal = read.get(0).signals().get(0);
            int rows = signal.shape()[0];
            int cols = signal.shape()[1];
            int ch = signal.shape()[2];
            var s = world.carol.api().get("/api/v1/entries/" + id + "/signals/0/spectrum?row=" + (rows - 1) + "&column=" + (cols - 1));
            assertThat(s.status()).as(s.body()).isEqualTo(200);
            assertThat(s.json().get("y").size()).isEqualTo(ch);
            for (int c = 0; c < ch; c += Math.max(1, ch / 50)) {
                assertThat(s.json().get("y").get(c).asDouble()).as("%s channel %d", m.getKey(), c)
                        .isEqualTo(signal.values()[((rows - 1) * cols + cols - 1) * ch + c]);
            }
        }
    }

    /**
     * A Bruker .bcf upload: the overview image and the EDS hypermap become entries; the hypermap is a
     * navigable spectrum image whose spectrum at a pixel is what the reader decoded there.
     */
    @Test
    void aBrukerBcfHypermapBecomesANavigableSpectrumImage() throws Exception {
        Path bcf = org.matdx.testing.SharedData.require("corpus/em").resolve("bruker_data/16x16_12bit_packed_8bit.bcf");
        String ds = world.datasets.get(AccessWorld.Level.PUBLIC);
        var r = new Multipart().file("file", "map.bcf", Files.readAllBytes(bcf)).field("invoice", INVOICE)
                .send(world.alice.api(), "/api/v1/datasets/" + ds + "/ingest");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode entries = r.json().get("entries");
        assertThat(entries.size()).as(r.body()).isEqualTo(2);
        String id = entries.get(1).asString();
        JsonNode sig = world.carol.api().get("/api/v1/entries/" + id).json().at("/data/signals/0");
        assertThat(sig.path("kind").asString()).as(sig.toString()).isEqualTo("spectrum image");
        var read = new org.matdx.formats.em.BcfReader().read("map.bcf", new java.io.ByteArrayInputStream(Files.readAllBytes(bcf)));
        var signal = read.get(1).signals().get(0);
        int[] px = {0, 0};
        int c = signal.shape()[2];
        var s = world.carol.api().get("/api/v1/entries/" + id + "/signals/0/spectrum?row=" + px[0] + "&column=" + px[1]);
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        assertThat(s.json().get("y").size()).isEqualTo(c);
        double total = 0;
        for (int k = 0; k < c; k++) {
            assertThat(s.json().get("y").get(k).asDouble()).as("channel %d", k).isEqualTo(signal.values()[k]);
            total += s.json().get("y").get(k).asDouble();
        }
        assertThat(total).isEqualTo(92); // pixel (0, 0) holds 92 pulses (HyperSpy: bcf-golden.json)
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String search(String query) {
        var r = world.carol.api().get("/api/v1/search?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** A Velox file through the API: its settings searchable; hostile EMD files a 422 naming file and dataset, nothing left behind. */
    @Test
    void emdFilesBecomeSearchableEntriesAndHostileOnesLeaveNothingBehind() throws Exception {
        String ds = world.datasets.get(AccessWorld.Level.PUBLIC);
        String path = "/api/v1/datasets/" + ds + "/ingest";
        var r = new Multipart().file("file", "haadf.emd", EmdReaderTest.fixture("velox_haadf_stack.emd")).field("invoice", INVOICE)
                .send(world.alice.api(), path);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("template").asString()).isEqualTo("em.emd");
        String id = r.json().get("entry").asString();
        JsonNode e = world.carol.api().get("/api/v1/entries/" + id).json();
        assertThat(e.at("/data/signals/0/kind").asString()).isEqualTo("image stack");
        assertThat(e.at("/data/signals/0/shape").toString()).isEqualTo("[2,5,6]");
        assertThat(e.at("/properties/beam_energy/value").asDouble()).isEqualTo(200.0);
        assertThat(e.at("/metadata/original_metadata/Optics/CameraLength").asString()).isEqualTo("0.098");
        assertThat(search("instrument=Talos&dataset=" + ds)).contains(id);
        assertThat(search("property=" + enc("pixel_size<0.3 nm") + "&dataset=" + ds)).contains(id);
        assertThat(search("property=" + enc("pixel_size<0.2 nm") + "&dataset=" + ds)).doesNotContain(id);

        long entries = count("SELECT count(*) FROM entries");
        long blobRows = count("SELECT count(*) FROM blobs");
        long blobs = blobFiles();
        Map<String, String> hostile = Map.of("hostile_deflate_bomb.emd", "/signals/bomb/data: the chunk at [0, 0] cannot be decoded",
                "hostile_huge_dimensions.emd", "/signals/huge/data:", "hostile_group_loop.emd", "/signals/a/back:",
                "hostile_deep_groups.emd", "nested more than");
        for (var h : hostile.entrySet()) {
            var f = new Multipart().file("file", h.getKey(), EmdReaderTest.fixture(h.getKey())).field("invoice", INVOICE).send(world.alice.api(), path);
            assertThat(f.status()).as(f.body()).isEqualTo(422);
            assertThat(f.json().get("detail").asString()).startsWith(h.getKey()).contains(h.getValue());
        }
        byte[] velox = EmdReaderTest.fixture("velox_haadf_stack.emd");
        var cut = new Multipart().file("file", "cut.emd", Arrays.copyOf(velox, velox.length * 2 / 3)).field("invoice", INVOICE)
                .send(world.alice.api(), path);
        assertThat(cut.status()).as(cut.body()).isEqualTo(422);
        assertThat(cut.json().get("detail").asString()).startsWith("cut.emd");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(entries);
        assertThat(count("SELECT count(*) FROM blobs")).isEqualTo(blobRows);
        assertThat(blobFiles()).isEqualTo(blobs);
    }

    @Test
    void forgedCutAndNaNFilesAreRefusedOrKeptHonestlyAndLeaveNothingBehind() throws Exception {
        String ds = world.datasets.get(AccessWorld.Level.PRIVATE);
        String path = "/api/v1/datasets/" + ds + "/ingest";
        long entries = count("SELECT count(*) FROM entries");
        long blobRows = count("SELECT count(*) FROM blobs");
        long blobs = blobFiles();
        byte[] forged = DmFixture.image(65535, 65535, 16, 16, particles(16, 16), false, 1, "x", 1, 1);
        var f = new Multipart().file("file", "forged.dm3", forged).field("invoice", INVOICE).send(world.alice.api(), path);
        assertThat(f.status()).as(f.body()).isEqualTo(422);
        assertThat(f.json().get("detail").asString()).startsWith("forged.dm3").contains("values");
        byte[] dm = DmFixture.image(64, 64, particles(64, 64), false, 1, "x", 1, 1);
        var c = new Multipart().file("file", "cut.dm3", Arrays.copyOf(dm, dm.length / 2)).field("invoice", INVOICE)
                .send(world.alice.api(), path);
        assertThat(c.status()).as(c.body()).isEqualTo(422);
        assertThat(c.json().get("detail").asString()).startsWith("cut.dm3").contains("truncated");
        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(entries);
        assertThat(count("SELECT count(*) FROM blobs")).isEqualTo(blobRows);
        assertThat(blobFiles()).isEqualTo(blobs);
        // NaN pixels are data, not an error: kept, counted, shown red in the preview
        double[] v = particles(32, 32);
        v[5] = Double.NaN;
        byte[] nan = DmFixture.image(32, 32, v, true, 1, "x", 1, 1);
        var n = new Multipart().file("file", "nan.dm3", nan).field("invoice", INVOICE).send(world.alice.api(), path);
        assertThat(n.status()).as(n.body()).isEqualTo(201);
        JsonNode e = world.alice.api().get("/api/v1/entries/" + n.json().get("entry").asString()).json();
        assertThat(e.at("/data/signals/0/statistics/non_finite").asInt()).isEqualTo(1);
        assertThat(e.at("/data/signals/0/statistics/count").asInt()).isEqualTo(1023);
    }
}
