package org.matdx.formats.cif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.matdx.core.Site;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;

/**
 * Issue 21: CIFs that name their space group (Hermann–Mauguin, Hall or only the IT number) without
 * listing its operations, and ICSD's "." for a coordinate. Each fixture (written for this test) is
 * expanded and compared site by site with pymatgen's expansion of the same sites under spglib's
 * operations ({@code symbol-only/pymatgen-golden.tsv}) or, for the non-standard settings, spglib's own
 * ({@code symbol-only/spglib-golden.tsv}, made by {@code tools/cif/symbol_only_golden.py}).
 */
class CifSymbolOnlyTest {
    private static final CifReader READER = new CifReader();

    record Golden(String file, int sites, String positions, String hall) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Golden> golden() throws Exception {
        List<Golden> out = new ArrayList<>();
        for (String oracle : List.of("pymatgen-golden.tsv", "spglib-golden.tsv")) {
            try (var r = new BufferedReader(new InputStreamReader(resource(oracle), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.startsWith("#")) {
                        String[] f = line.split("\t");
                        out.add(new Golden(f[0], Integer.parseInt(f[1]), f[2], f[3]));
                    }
                }
            }
        }
        return out.stream();
    }

    private static InputStream resource(String name) {
        return CifSymbolOnlyTest.class.getResourceAsStream("symbol-only/" + name);
    }

    static Parsed read(String file) throws Exception {
        try (InputStream in = resource(file)) {
            return READER.read(file, in).get(0);
        }
    }

    /**
     * Whether every golden site ("El x y z") has its own site of the same element within 0.002 in each
     * fractional coordinate (modulo 1): the golden file rounds to 3 decimals, so a text comparison
     * would fail on 0.7785 rounding either way.
     */
    static List<String> unmatched(List<Site> sites, String golden) {
        List<Site> left = new ArrayList<>(sites);
        List<String> missing = new ArrayList<>();
        for (String g : golden.split("\\|")) {
            String[] f = g.split(" ");
            Site hit = null;
            for (Site s : left) {
                if (!s.occupancy().keySet().iterator().next().symbol().equals(f[0])) {
                    continue;
                }
                boolean close = true;
                for (int i = 0; i < 3; i++) {
                    double d = s.fractional()[i] - Double.parseDouble(f[i + 1]);
                    d -= Math.rint(d);
                    close &= Math.abs(d) < 0.002;
                }
                if (close) {
                    hit = s;
                    break;
                }
            }
            if (hit == null) {
                missing.add(g);
            } else {
                left.remove(hit);
            }
        }
        return missing;
    }

    @ParameterizedTest
    @MethodSource("golden")
    void expandsAsPymatgenDoesWithSpglibsOperations(Golden g) throws Exception {
        Parsed p = read(g.file());
        assertThat(p.structure().numSites()).isEqualTo(g.sites());
        assertThat(unmatched(p.structure().sites(), g.positions())).isEmpty();
    }

    @Test
    void ambiguousOriginChoiceIsDecidedByTheSitesAndSaidSo() throws Exception {
        Parsed two = read("spinel_fd-3m_origin2.cif");
        assertThat(two.metadata().path("space_group_setting").asString()).isEqualTo("F d -3 m :2");
        assertThat(two.metadata().path("space_group_setting_note").asString()).contains("F d -3 m :1").contains("56");
        Parsed one = read("spinel_fd-3m_origin1.cif");
        assertThat(one.metadata().path("space_group_setting").asString()).isEqualTo("F d -3 m :1");
        assertThat(one.metadata().path("space_group_setting_note").asString()).contains("declared formula");
        // the same sites without a formula: both origins give 56 sites, so choice 2 is assumed — and said to be
        String bare;
        try (InputStream in = resource("spinel_fd-3m_origin1.cif")) {
            bare = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("_chemical_formula_sum 'Mg Al2 O4'", "");
        }
        Parsed assumed = readText(bare).get(0);
        assertThat(assumed.metadata().path("space_group_setting").asString()).isEqualTo("F d -3 m :2");
        assertThat(assumed.metadata().path("space_group_setting_note").asString()).contains("assumed");
        assertThat(read("licoo2_r-3m_hexagonal.cif").metadata().path("space_group_setting").asString()).isEqualTo("R -3 m :H");
        assertThat(read("licoo2_r-3m_rhombohedral.cif").metadata().path("space_group_setting").asString()).isEqualTo("R -3 m :R");
        assertThat(read("rutile_hall_only.cif").metadata().path("symmetry_from").asString()).startsWith("Hall symbol");
        assertThat(read("molecule_p21n.cif").metadata().path("space_group_setting").asString()).isEqualTo("P 1 21/n 1");
    }

    /** Issue 21: settings other than the tabulated standard ones, named as CIFs name them (expansions checked above against spglib). */
    @Test
    void nonStandardSettingsAreNamedInTheirOwnCell() throws Exception {
        assertThat(read("p1121b_c_unique.cif").metadata().path("space_group_setting").asString()).isEqualTo("P 1 1 21/b");
        assertThat(read("i12a1_cell_choice3.cif").metadata().path("space_group_setting").asString()).isEqualTo("I 1 2/a 1");
        assertThat(read("pbn21_permuted.cif").metadata().path("space_group_setting").asString()).isEqualTo("P b n 21");
        assertThat(read("aba2_before_e.cif").metadata().path("space_group_setting").asString()).isEqualTo("A e a 2 (A b a 2)");
        // 'P 21/m' with γ ≠ 90°: the cell says unique axis c, so the mirror is the one perpendicular to c
        assertThat(read("p21m_gamma_unique_c.cif").metadata().path("space_group_setting").asString()).isEqualTo("P 1 1 21/m");
    }

    private static List<Parsed> readText(String text) throws Exception {
        return READER.read("t.cif", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String CELL_AND_SITE = "_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\nloop_\n_atom_site_label\n"
            + "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nCu1 0 0 0\n";

    @Test
    void unknownSymbolsAndContradictionsAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> readText("data_x\n_symmetry_space_group_name_H-M 'Q 7 7'\n" + CELL_AND_SITE))
                .isInstanceOf(FormatException.class).hasMessageContaining("line 2").hasMessageContaining("'Q 7 7'");
        assertThatThrownBy(() -> readText("data_x\n_symmetry_space_group_name_H-M 'F m -3 m'\n_space_group_IT_number 221\n" + CELL_AND_SITE))
                .isInstanceOf(FormatException.class).hasMessageContaining("space group 225").hasMessageContaining("says 221");
        assertThatThrownBy(() -> readText("data_x\n_space_group_name_Hall '-Q 4'\n" + CELL_AND_SITE))
                .isInstanceOf(FormatException.class).hasMessageContaining("line 2").hasMessageContaining("lattice");
        assertThatThrownBy(() -> readText("data_x\n_space_group_IT_number 231\n" + CELL_AND_SITE))
                .isInstanceOf(FormatException.class).hasMessageContaining("number 231");
    }

    @Test
    void aQuotedDotIsNotACoordinate() {
        assertThatThrownBy(() -> readText("data_x\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\nloop_\n_atom_site_label\n"
                + "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nCu1 '.' 0 0\n")).isInstanceOf(FormatException.class);
    }
}
