package org.matdx.fair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matdx.core.Elements;
import org.matdx.core.Lattice;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.formats.cif.CifReader;

/** CIF and POSCAR written from stored structures, read back by MatDX's own CIF reader. */
class StructureFilesTest {
    static Structure read(String cif) throws Exception {
        var parsed = new CifReader().read("x.cif", new ByteArrayInputStream(cif.getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed).as("one data block").hasSize(1);
        return parsed.get(0).structure();
    }

    @Test
    void storedLabelsAndTitlesCannotAddCifItemsOrBlocks() throws Exception {
        var s = new Structure(Lattice.fromParameters(3, 4, 5, 90, 100, 90), List.of(
                new Site("Fe1 _cell_length_a 99\ndata_evil", Map.of(Elements.of("Fe"), 1.0), new double[] {0, 0, 0}),
                new Site("Fe1 _cell_length_a 99\ndata_evil", Map.of(Elements.of("Fe"), 1.0), new double[] {.5, .5, .5})));
        String cif = StructureFiles.cif(s, "Fe\ndata_x", "title\ndata_evil\n_cell_length_a 1 日本語");
        Structure back = read(cif);
        assertThat(back.numSites()).isEqualTo(2);
        assertThat(back.lattice().a()).isCloseTo(3, within(1e-6));
        assertThat(back.lattice().beta()).isCloseTo(100, within(1e-6));
        assertThat(cif).doesNotContain("日本語").contains("Fe1 ").contains("Fe2 ");
    }

    @Test
    void vacanciesAndMixedSitesKeepTheirOccupancies() throws Exception {
        var s = new Structure(Lattice.fromParameters(4, 4, 4, 90, 90, 90), List.of(
                new Site("M", Map.of(Elements.of("Fe"), 0.6, Elements.of("Ni"), 0.3), new double[] {0, 0, 0}),
                Site.of(Elements.of("O"), .5, .5, .5)));
        Structure back = read(StructureFiles.cif(s, "FeNiO", "t"));
        assertThat(back.composition()).isEqualTo(s.composition());
        assertThat(StructureFiles.poscarRefusal(s)).get().asString().contains("site M").contains("Fe 0.6").contains("CIF");
        assertThatThrownBy(() -> StructureFiles.poscar(s, "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDegenerateCellIsNotWritten() {
        var flat = new Structure(new Lattice(new double[][] {{4, 0, 0}, {0, 4, 0}, {4, 0, 0}}), List.of(Site.of(Elements.of("Si"), 0, 0, 0)));
        assertThat(StructureFiles.unwritable(flat)).get().asString().contains("no volume");
        var nan = new Structure(new Lattice(new double[][] {{Double.NaN, 0, 0}, {0, 4, 0}, {0, 0, 4}}), List.of(Site.of(Elements.of("Si"), 0, 0, 0)));
        assertThat(StructureFiles.unwritable(nan)).get().asString().contains("finite");
        assertThat(StructureFiles.unwritable(new Structure(Lattice.fromParameters(4, 4, 4, 90, 90, 90),
                List.of(Site.of(Elements.of("Si"), 0, 0, 0))))).isEmpty();
    }
}
