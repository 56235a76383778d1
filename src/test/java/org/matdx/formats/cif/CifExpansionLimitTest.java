package org.matdx.formats.cif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.matdx.formats.FormatException;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitExceeded;
import org.matdx.formats.LimitedInput;
import org.matdx.formats.Parsed;

/**
 * A small CIF must not expand into a huge cell (issue 18, finding 7): 200 atom sites at general
 * positions of Fm-3m (192 operations) make an 18 kB file that took 5.6 s and stored 39,000 sites.
 */
class CifExpansionLimitTest {

    @Test
    void aSmallFileExpandingPastTheSiteCapIsRefusedNamingTheBlockAndTheLimit() {
        byte[] cif = fm3m(200, 192);
        assertThat(cif.length).isLessThan(20_000);
        Throwable t = catchThrowable(() -> new CifReader().read("huge.cif", new ByteArrayInputStream(cif)));
        assertThat(t).isInstanceOf(LimitExceeded.class);
        assertThat(t.getMessage()).startsWith("huge.cif: data block huge expands to more than 20000 sites (200 atom sites × 192"
                + " symmetry operations)").contains("--max-sites");
    }

    @Test
    void underARaisedCapTheSameFileExpandsCompletely() throws Exception {
        byte[] cif = fm3m(200, 192);
        IngestLimits raised = IngestLimits.DEFAULTS.withMaxSites(50_000);
        List<Parsed> p = new CifReader().read("huge.cif", new LimitedInput(new ByteArrayInputStream(cif), "huge.cif", raised));
        // general positions: every operation gives a distinct image
        assertThat(p.get(0).structure().numSites()).isEqualTo(200 * 192);
        assertThat(p.get(0).metadata().get("symmetry_operations").asInt()).isEqualTo(192);
    }

    @Test
    void operationsWrittenTwiceCountOnce() throws Exception {
        // every operation listed twice, the second time shifted by a whole cell
        byte[] cif = fm3m(2, 192 * 2);
        List<Parsed> p = new CifReader().read("twice.cif", new ByteArrayInputStream(cif));
        assertThat(p.get(0).structure().numSites()).isEqualTo(2 * 192);
        assertThat(p.get(0).metadata().get("symmetry_operations").asInt()).isEqualTo(192);
    }

    @Test
    void moreDistinctOperationsThanAnyGroupHasAreRefused() {
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            ops.append(String.format(Locale.ROOT, "'x+%d/1000,y,z'%n", i + 1));
        }
        String cif = "data_many\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\nloop_\n_symmetry_equiv_pos_as_xyz\n" + ops
                + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nFe1 0.1 0.2 0.3\n";
        Throwable t = catchThrowable(() -> new CifReader().read("many.cif",
                new ByteArrayInputStream(cif.getBytes(StandardCharsets.UTF_8))));
        assertThat(t).isInstanceOf(FormatException.class).hasMessageContaining("many.cif, line 391")
                .hasMessageContaining("more than 384 distinct operations");
    }

    /**
     * A CIF of {@code sites} atoms at random general positions in Fm-3m, its operations listed
     * {@code listed / 192} times (shifted by whole cells after the first time).
     */
    static byte[] fm3m(int sites, int listed) {
        List<SymmetryOperation> group = CellExpansionProperties.closure(List.of("x,y+1/2,z+1/2", "x+1/2,y,z+1/2", "-x,-y,z", "z,x,y",
                "y,x,-z", "-x,-y,-z").stream().map(SymmetryOperation::parse).toList());
        assertThat(group).hasSize(192);
        StringBuilder s = new StringBuilder("data_huge\n_cell_length_a 12.0\n_cell_length_b 12.0\n_cell_length_c 12.0\n"
                + "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'F m -3 m'\n"
                + "loop_\n_symmetry_equiv_pos_as_xyz\n");
        for (int i = 0; i < listed; i++) {
            s.append('\'').append(jones(group.get(i % 192), i / 192)).append("'\n");
        }
        s.append("loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n");
        Random r = new Random(7);
        for (int i = 0; i < sites; i++) {
            double x;
            double y;
            double z;
            do { // inside Fm-3m's asymmetric unit (0 <= z <= y <= min(x, 1/2 - x)), off its faces: 192 images each
                x = r.nextDouble() / 2;
                y = r.nextDouble() / 4;
                z = r.nextDouble() / 4;
            } while (z < 0.005 || z + 0.005 > y || y + 0.005 > x || y + 0.005 > 0.5 - x);
            s.append(String.format(Locale.ROOT, "Fe%d Fe %.4f %.4f %.4f%n", i + 1, x, y, z));
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Jones notation, e.g. {@code -y+1/2,x,z}, with {@code shift} whole cells added to x. */
    static String jones(SymmetryOperation op, int shift) {
        String[] parts = new String[3];
        for (int i = 0; i < 3; i++) {
            StringBuilder p = new StringBuilder();
            for (int j = 0; j < 3; j++) {
                double c = op.rotation()[i][j];
                if (c != 0) {
                    p.append(c < 0 ? "-" : p.isEmpty() ? "" : "+").append("xyz".charAt(j));
                }
            }
            double t = op.translation()[i] + (i == 0 ? shift : 0);
            long quarters = Math.round(t * 4);
            if (quarters != 0) {
                p.append(quarters < 0 ? "-" : "+").append(Math.abs(quarters)).append("/4");
            }
            parts[i] = p.toString();
        }
        return String.join(",", parts);
    }
}
