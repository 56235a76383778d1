package org.matdx.formats.vasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.matdx.core.Elements;
import org.matdx.core.EntryKind;
import org.matdx.core.Series;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Recognition;
import org.matdx.formats.Corpus;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class VasprunReaderTest {
    private final VasprunReader reader = new VasprunReader();

    private Parsed read(String name, byte[] bytes) throws Exception {
        List<Parsed> all = reader.read(name, new ByteArrayInputStream(bytes));
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    private byte[] fixture() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/readers/vasprun_si_relax.xml")) {
            return in.readAllBytes();
        }
    }

    /** Expected values come from reading the same file with a DOM parser, independently of the reader. */
    @Test
    void corpusAlNMatchesADomReading() throws Exception {
        Path p = Corpus.file("vasp/AlN_vasprun.xml");
        Document dom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile());
        NodeList calcs = dom.getDocumentElement().getElementsByTagName("calculation");
        Element last = (Element) calcs.item(calcs.getLength() - 1);
        double eFr = Double.parseDouble(directEnergy(last, "e_fr_energy"));
        int atoms = Integer.parseInt(dom.getElementsByTagName("atoms").item(0).getTextContent().strip());

        Parsed r = read(p.getFileName().toString(), Files.readAllBytes(p));
        assertThat(r.kind()).isEqualTo(EntryKind.CALCULATION);
        assertThat(r.structure().numSites()).isEqualTo(atoms).isEqualTo(175);
        assertThat(r.metadata().get("ionic_steps").asInt()).isEqualTo(calcs.getLength());
        assertThat(r.properties().get("free_energy").value()).isEqualTo(eFr);
        // VASP 5.4.4 wrote e_0_energy = 0 for the last step; the reader restores it from the last electronic step
        assertThat(directEnergy(last, "e_0_energy").strip()).isEqualTo("0.00000000");
        assertThat(r.properties().get("total_energy").value()).isCloseTo(-1048.73893371, within(1e-8));
        assertThat(r.properties().get("energy_per_atom").value()).isCloseTo(-1048.73893371 / 175, within(1e-10));
        assertThat(r.properties().get("fermi_energy").value()).isEqualTo(-4.94439120);
        // the highest filled and lowest empty levels coincide (-4.9444 eV): no gap
        assertThat(r.properties().get("band_gap").value()).isEqualTo(0.0);
        assertThat(r.metadata().get("version").asString()).startsWith("5.4.4");
        assertThat(r.metadata().at("/incar/ENCUT").asDouble()).isEqualTo(500.0);
        assertThat(r.metadata().at("/incar/LREAL").asBoolean()).isFalse();
        assertThat(r.metadata().at("/species/Al/count").asInt()).isEqualTo(15);
        assertThat(r.metadata().get("electronic_steps_last").asInt()).isEqualTo(71);
        assertThat(r.metadata().get("converged_electronic").asBoolean()).isTrue(); // 71 < NELM 200
        assertThat(r.composition().amount(Elements.of("H"))).isEqualTo(59.0);
        assertThat(r.structure().lattice().a()).isCloseTo(27.15673637, within(1e-8));
    }

    private static String directEnergy(Element calculation, String name) {
        NodeList children = calculation.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals("energy")) {
                NodeList items = e.getElementsByTagName("i");
                for (int j = 0; j < items.getLength(); j++) {
                    Element item = (Element) items.item(j);
                    if (item.getAttribute("name").equals(name)) {
                        return item.getTextContent();
                    }
                }
            }
        }
        throw new AssertionError("no " + name);
    }

    @Test
    void relaxationFixture() throws Exception {
        Parsed r = read("vasprun.xml", fixture());
        assertThat(r.metadata().get("ionic_steps").asInt()).isEqualTo(2);
        Series energies = r.series().getFirst();
        assertThat(energies.x().values()).containsExactly(1, 2);
        assertThat(energies.y().get(0).values()).containsExactly(-10.80, -10.84);
        assertThat(energies.y().get(1).values()).containsExactly(-10.79, -10.83);
        // step 2's e_0_energy was written as 0: rebuilt as e_fr(ionic) + (e_0 − e_fr)(last electronic step)
        assertThat(energies.y().get(2).values()[1]).isCloseTo(-10.835, within(1e-9));
        assertThat(r.properties().get("total_energy").value()).isCloseTo(-10.835, within(1e-9));
        assertThat(r.properties().get("energy_per_atom").value()).isCloseTo(-5.4175, within(1e-9));
        // VBM 5.7 (spin 2, k1), CBM 6.0 (spin 2, k2): indirect 0.3 eV; smallest direct gap at k2: 6.0 − 5.0 = 1.0
        assertThat(r.properties().get("band_gap").value()).isCloseTo(0.3, within(1e-9));
        assertThat(r.properties().get("vbm").value()).isEqualTo(5.7);
        assertThat(r.properties().get("cbm").value()).isEqualTo(6.0);
        assertThat(r.properties().get("direct_gap").value()).isCloseTo(1.0, within(1e-9));
        assertThat(r.metadata().get("gap_direct").asBoolean()).isFalse();
        assertThat(r.properties().get("fermi_energy").value()).isEqualTo(5.8);
        assertThat(r.structure().lattice().a()).isCloseTo(2.73 * Math.sqrt(2), within(1e-9));
        assertThat(r.metadata().at("/initial_structure").isObject()).isTrue();
        assertThat(r.metadata().get("converged_ionic").asBoolean()).isTrue(); // 2 steps < NSW 10
        assertThat(r.metadata().get("kpoints").asInt()).isEqualTo(2);
        assertThat(r.metadata().get("run_date").asString()).isEqualTo("2024-01-02T10:11:12");
        assertThat(r.metadata().at("/incar/MAGMOM").asString()).isEqualTo("1 1");
        assertThat(r.title()).isEqualTo("Si (Si relax)");
    }

    @Test
    void truncatedFileIsRejectedWithItsLine() throws Exception {
        String full = new String(fixture(), StandardCharsets.ISO_8859_1);
        // killed while writing the second ionic step's eigenvalues
        String cut = full.substring(0, full.indexOf("<r>    4.9000"));
        int lines = (int) cut.lines().count();
        assertThatThrownBy(() -> read("vasprun.xml", cut.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("vasprun.xml, line ")
                .hasMessageContaining("inside <modeling><calculation><eigenvalues><array><set><set><set>")
                .satisfies(e -> assertThat(((FormatException) e).line()).isBetween((long) lines - 1, (long) lines + 1));
        // cut cleanly between elements, before the final structure: still not a result
        String beforeFinal = full.substring(0, full.indexOf(" <structure name=\"finalpos\""));
        assertThatThrownBy(() -> read("vasprun.xml", beforeFinal.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(FormatException.class).hasMessageContaining("modeling");
    }

    /** A forged k-point number sizes the per-k-point arrays: refused by line instead of allocating gigabytes. */
    @Test
    void aForgedKpointNumberIsRefusedNotAllocated() throws Exception {
        String full = new String(fixture(), StandardCharsets.ISO_8859_1);
        String forged = full.replaceFirst("comment=\"kpoint 1\"", "comment=\"kpoint 2000000000\"");
        assertThat(forged).isNotEqualTo(full);
        assertThatThrownBy(() -> read("vasprun.xml", forged.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(FormatException.class).hasMessageContaining("vasprun.xml")
                .hasMessageContaining("kpoint 2000000000").hasMessageContaining("out of range");
    }

    @Test
    void recognisesByContent() throws Exception {
        assertThat(reader.recognise("run.xml", fixture())).isEqualTo(Recognition.CONTENT);
        assertThat(reader.recognise("vasprun.xml.relax1", new byte[0])).isEqualTo(Recognition.NAME);
        assertThat(reader.recognise("data.xml", "<xrdMeasurements/>".getBytes(StandardCharsets.UTF_8))).isEqualTo(Recognition.NO);
    }
}
