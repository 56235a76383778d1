package org.matdx.formats.cif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.matdx.core.Composition;
import org.matdx.core.Elements;
import org.matdx.core.EntryKind;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import org.matdx.formats.Corpus;

class CifReaderTest {
    private final CifReader reader = new CifReader();

    private List<Parsed> read(Path p) throws Exception {
        try (InputStream in = Files.newInputStream(p)) {
            return reader.read(p.getFileName().toString(), in);
        }
    }

    private List<Parsed> read(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/readers/" + name)) {
            return reader.read(name, in);
        }
    }

    private List<Parsed> readText(String text) throws Exception {
        return reader.read("test.cif", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sites in the full cell must equal Z × atoms per formula unit, with cell parameters as written. */
    @ParameterizedTest
    @CsvSource({
            "garnet.cif, 11.565, 11.565, 11.565, 90, 90, 90, 160, 8, 'Al2 Ca3 O12 Si3', 230",
            "V2O3.cif, 5.467, 5.467, 5.467, 53.74, 53.74, 53.74, 10, 2, 'O3 V2', 167",
            "Cod_2100513.cif, 5.37706, 5.41557, 7.62550, 90, 89.970, 90, 20, 2, 'Al Ca2 Nb O6', 14",
            "MgNiF6.cif, 5.22190287, 5.22190287, 5.22190287, 56.45501097, 56.45501097, 56.45501097, 8, 1, 'Mg1 Ni1 F6', 1",
            "H6PbCI3N_mp-977013_symmetrized.cif, 6.43672416, 6.43839326, 6.49207037, 90, 90.41946266, 90, 12, 1, 'H6 Pb1 C1 I3 N1', 6",
    })
    void corpusStructuresHaveTheirCellAndZTimesFormulaSites(String file, double a, double b, double c, double alpha, double beta,
                                                            double gamma, int sites, int z, String formula, int sg) throws Exception {
        List<Parsed> all = read(Corpus.file("cif/" + file));
        assertThat(all).hasSize(1);
        Parsed p = all.getFirst();
        assertThat(p.kind()).isEqualTo(EntryKind.STRUCTURE);
        Structure s = p.structure();
        assertThat(s.lattice().a()).isCloseTo(a, within(1e-6));
        assertThat(s.lattice().b()).isCloseTo(b, within(1e-6));
        assertThat(s.lattice().c()).isCloseTo(c, within(1e-6));
        assertThat(s.lattice().alpha()).isCloseTo(alpha, within(1e-6));
        assertThat(s.lattice().beta()).isCloseTo(beta, within(1e-6));
        assertThat(s.lattice().gamma()).isCloseTo(gamma, within(1e-6));
        assertThat(s.numSites()).isEqualTo(sites);
        assertThat(p.metadata().get("z").asDouble()).isEqualTo(z);
        assertThat(p.metadata().get("space_group_number").asInt()).isEqualTo(sg);
        // the cell's composition is Z formula units of the stated formula
        Composition stated = Composition.parse(formula.replace(" ", ""));
        assertThat(s.composition().almostEquals(stated.reduced(), 1e-6) || reducedEqual(s.composition(), stated)).isTrue();
        assertThat(s.composition().numAtoms()).isCloseTo(z * stated.numAtoms(), within(1e-6));
        for (Site site : s.sites()) {
            for (double f : site.fractional()) {
                assertThat(f).isGreaterThanOrEqualTo(0).isLessThan(1);
            }
        }
        if (p.metadata().has("reported_volume")) {
            assertThat(s.lattice().volume()).isCloseTo(p.metadata().get("reported_volume").asDouble(), within(0.02));
        }
    }

    private static boolean reducedEqual(Composition a, Composition b) {
        return a.reducedFormula().equals(b.reducedFormula());
    }

    @Test
    void garnetDensityMatchesTheMineral() throws Exception {
        Parsed p = read(Corpus.file("cif/garnet.cif")).getFirst();
        // Ca3Al2Si3O12 is 450.45 g/mol; 8 formula units in 1546.8 Å³ give 8 × 450.45 / (0.602214 × 1546.8) g/cm³
        assertThat(p.properties().get("density").value()).isCloseTo(8 * 450.45 / (0.602214 * 1546.81), within(0.002));
        assertThat(p.metadata().get("space_group_hm").asString()).isEqualTo("I a -3 d");
        assertThat(p.structure().sites()).filteredOn(s -> s.label().equals("O1")).hasSize(96);
    }

    @Test
    void codFileKeepsUncertaintiesAndMergesAlNbDisorder() throws Exception {
        Parsed p = read(Corpus.file("cif/Cod_2100513.cif")).getFirst();
        assertThat(p.metadata().at("/cell/length_a_su").asDouble()).isCloseTo(0.00009, within(1e-12));
        assertThat(p.metadata().at("/cell/length_c_su").asDouble()).isCloseTo(0.00013, within(1e-12));
        assertThat(p.metadata().at("/cell/angle_beta_su").asDouble()).isCloseTo(0.004, within(1e-12));
        List<Site> mixed = p.structure().sites().stream().filter(s -> s.occupancy().size() == 2).toList();
        assertThat(mixed).hasSize(4);
        Site alRich = mixed.stream().filter(s -> s.label().equals("Al1/Nb1")).findFirst().orElseThrow();
        assertThat(alRich.occupancy().get(Elements.of("Al"))).isEqualTo(0.941);
        assertThat(alRich.occupancy().get(Elements.of("Nb"))).isEqualTo(0.059);
        assertThat(p.structure().ordered()).isFalse();
        assertThat(p.structure().composition().amount(Elements.of("Nb"))).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void aFlatCellIsRefusedWithoutHanging() {
        // its angles (20.6°, 83.6°, 63.0°) enclose no volume: stored, it showed a cell of 0 Å³ (#29)
        assertThatThrownBy(() -> read(Corpus.file("cif/bad_superflat_inf_loop.cif"))).isInstanceOf(FormatException.class)
                .hasMessageContaining("line 3").hasMessageContaining("data block V23Ni").hasMessageContaining("do not close into a cell");
    }

    @Test
    void ownFixtureAppliesSymmetryAndParsesUncertainties() throws Exception {
        List<Parsed> blocks = read("rutile_two_blocks.cif");
        assertThat(blocks).hasSize(2);
        Parsed rutile = blocks.getFirst();
        assertThat(rutile.title()).isEqualTo("rutile");
        // P4_2/mnm, Z = 2: Ti at 2a, O at 4f → 6 sites
        assertThat(rutile.structure().numSites()).isEqualTo(6);
        assertThat(rutile.structure().composition().reducedFormula()).isEqualTo("TiO2");
        assertThat(rutile.metadata().at("/cell/length_a").asDouble()).isEqualTo(4.5937);
        assertThat(rutile.metadata().at("/cell/length_a_su").asDouble()).isCloseTo(0.0005, within(1e-12));
        assertThat(rutile.metadata().get("publication_title").asString()).contains("rutile's").contains("\n");
        assertThat(rutile.metadata().get("chemical_name").asString()).isEqualTo("titanium(IV) oxide, 'rutile'");
        assertThat(rutile.structure().density()).isCloseTo(4.25, within(0.01));
        Parsed alloy = blocks.get(1);
        assertThat(alloy.structure().numSites()).isEqualTo(2); // bcc: Im-3m ops via centring
        Site s = alloy.structure().sites().getFirst();
        assertThat(s.occupancy()).containsEntry(Elements.of("Fe"), 0.5).containsEntry(Elements.of("Co"), 0.5);
        assertThat(alloy.metadata().get("ordered").asBoolean()).isFalse();
    }

    @Test
    void brokenLoopNamesTheLine() {
        assertThatThrownBy(() -> read("broken_loop.cif"))
                .isInstanceOf(FormatException.class)
                .satisfies(e -> assertThat(((FormatException) e).line()).isEqualTo(13))
                .hasMessageContaining("broken_loop.cif, line 13")
                .hasMessageContaining("not a multiple");
    }

    @Test
    void aCellThatCannotExistIsRefusedNotStoredWithZeroVolume() throws Exception {
        String atoms = "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n"
                + "_atom_site_fract_z\nNa1 Na 0 0 0\n";
        String flat = "data_flat\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 120\n"
                + "_cell_angle_beta 120\n_cell_angle_gamma 120\n" + atoms;
        assertThatThrownBy(() -> readText(flat)).isInstanceOf(FormatException.class)
                .hasMessageContaining("data block flat").hasMessageContaining("do not close into a cell");
        assertThatThrownBy(() -> readText(flat.replace("_cell_length_b 4", "_cell_length_b 0"))).isInstanceOf(FormatException.class)
                .hasMessageContaining("_cell_length_b must be a positive length");
        assertThatThrownBy(() -> readText(flat.replace("_cell_angle_beta 120", "_cell_angle_beta 180"))).isInstanceOf(FormatException.class)
                .hasMessageContaining("_cell_angle_beta must be an angle between 0° and 180°");
        // a real rhombohedral cell closes (α = 100° < 120°)
        assertThat(readText(flat.replace("120", "100")).getFirst().properties().get("volume").value()).isPositive();
    }

    @Test
    void unterminatedTextFieldNamesItsLine() {
        String cif = "data_x\n_cell_length_a 3\n_publ_section_title\n;\nA title that never ends\n_cell_length_b 3\n";
        assertThatThrownBy(() -> readText(cif)).isInstanceOf(FormatException.class)
                .hasMessageContaining("line 4").hasMessageContaining("never closed");
    }

    @Test
    void missingFractionalCoordinatesIsAClearError() {
        String cif = """
                data_x
                _cell_length_a 3
                _cell_length_b 3
                _cell_length_c 3
                loop_
                _atom_site_label
                _atom_site_Cartn_x
                _atom_site_Cartn_y
                _atom_site_Cartn_z
                Fe1 0 0 0
                """;
        assertThatThrownBy(() -> readText(cif)).isInstanceOf(FormatException.class)
                .hasMessageContaining("line 10").hasMessageContaining("_atom_site_fract_x").hasMessageContaining("Cartesian");
    }

    @Test
    void spaceGroupWithoutOperationsGetsThemFromItsSymbol() throws Exception {
        // issue 21: generated from the symbol (CifSymbolOnlyTest checks many groups against an oracle)
        String cif = "data_x\n_cell_length_a 3.61\n_cell_length_b 3.61\n_cell_length_c 3.61\n_symmetry_space_group_name_H-M 'F m -3 m'\n"
                + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nCu1 0 0 0\n";
        assertThat(readText(cif).get(0).structure().numSites()).isEqualTo(4);
    }

    @Test
    void uncertaintiesScaleWithTheLastDigit() {
        assertThat(Measured.parse("5.377(9)").value()).isEqualTo(5.377);
        assertThat(Measured.parse("5.377(9)").uncertainty()).isCloseTo(0.009, within(1e-15));
        assertThat(Measured.parse("1520(30)").uncertainty()).isEqualTo(30);
        assertThat(Measured.parse("1.23e-3(4)").uncertainty()).isCloseTo(4e-5, within(1e-15));
        assertThat(Measured.parse("-0.0340(5)").value()).isEqualTo(-0.034);
        assertThat(Measured.parse("90.").hasUncertainty()).isFalse();
        assertThat(Measured.parse("?")).isNull();
    }

    @Test
    void elementFromTypeSymbolOrLabel() {
        assertThat(CifReader.element("Fe3+")).contains(Elements.of("Fe"));
        assertThat(CifReader.element("O2-")).contains(Elements.of("O"));
        assertThat(CifReader.element("CA")).contains(Elements.of("Ca"));
        assertThat(CifReader.element("Nb2")).contains(Elements.of("Nb"));
        assertThat(CifReader.element("O1a")).contains(Elements.of("O"));
        assertThat(CifReader.element("123")).isEmpty();
    }

    @Test
    void recognisesByContentBeforeName() {
        byte[] head = "# comment\ndata_abc\n_cell_length_a 3.0\n".getBytes(StandardCharsets.UTF_8);
        assertThat(reader.recognise("upload.txt", head)).isEqualTo(Recognition.CONTENT);
        assertThat(reader.recognise("x.cif", new byte[0])).isEqualTo(Recognition.NAME);
        assertThat(reader.recognise("x.txt", "hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(Recognition.NO);
    }

    @Test
    void syntaxCornersOfCif11() throws Exception {
        String cif = """
                #\\#CIF_1.1
                global_
                _audit_creation_method 'ignored'
                data_Cu   # a comment after the block name
                _journal_name_full 'O'Neil's Journal'
                _publ_section_title 'it's a "word"' 
                _chemical_name_mineral ?
                _cell_length_a 3.6149(1) _cell_length_b 3.6149(1) _cell_length_c 3.6149(1)
                save_frame_of_a_dictionary
                _cell_length_a 99
                save_
                loop_ _symmetry_equiv_pos_as_xyz
                x,y,z  x,y+1/2,z+1/2  x+1/2,y,z+1/2  x+1/2,y+1/2,z
                loop_
                _atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z
                Cu1 1.0 -0.0 2.0
                """;
        Parsed p = readText(cif).getFirst();
        assertThat(p.title()).isEqualTo("Cu");
        assertThat(p.metadata().get("journal").asString()).isEqualTo("O'Neil's Journal");
        assertThat(p.metadata().get("publication_title").asString()).isEqualTo("it's a \"word\"");
        assertThat(p.metadata().has("chemical_name")).isFalse(); // '?' is unknown, not a name
        assertThat(p.structure().lattice().a()).isEqualTo(3.6149); // the save frame's 99 is not read
        assertThat(p.structure().numSites()).isEqualTo(4); // fcc: 4 atoms, (1, -0, 2) wrapped to the origin
        assertThat(p.structure().sites().getFirst().fractional()).containsExactly(0.0, 0.0, 0.0);
        assertThat(p.properties().get("density").value()).isCloseTo(8.93, within(0.02)); // copper
    }

    @Test
    void duplicateDataNameAndStrayValuesAreErrors() {
        assertThatThrownBy(() -> readText("data_a\n_cell_length_a 1\n_cell_length_a 2\n")).isInstanceOf(FormatException.class)
                .hasMessageContaining("line 3").hasMessageContaining("twice");
        assertThatThrownBy(() -> readText("data_a\n_cell_length_a 1 2\n")).isInstanceOf(FormatException.class)
                .hasMessageContaining("line 2").hasMessageContaining("without a data name");
        assertThatThrownBy(() -> readText("data_a\n_title 'not closed\n")).isInstanceOf(FormatException.class)
                .hasMessageContaining("line 2").hasMessageContaining("not closed");
    }

    @Test
    void registeredAsAService() {
        assertThat(ServiceLoader.load(Reader.class).stream().map(p -> p.get().id()))
                .contains("structure.cif", "calc.vasprun", "magnet.qd-dat");
    }
}
