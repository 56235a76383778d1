package org.matdx.diffraction;

import java.util.List;
import org.matdx.core.Lattice;

/**
 * A simulated powder pattern as a list of reflections (sticks) for one wavelength: positions,
 * integrated intensities and what is needed to move them when the lattice is refined and to turn a
 * fitted scale into a weight fraction (Hill &amp; Howard 1987: the cell's mass and volume).
 *
 * @param wavelength  Å
 * @param lattice     the cell the sticks were computed for
 * @param cellMass    mass of the cell's contents in g/mol (Z·M of Hill–Howard)
 * @param peaks       by increasing 2θ; reflections at the same angle merged, the weakest (below 10⁻³ of
 *                    the strongest) left out as pymatgen does
 * @param reflections how many reciprocal-lattice points were summed (both Friedel mates counted)
 */
public record StickPattern(double wavelength, double twoThetaMin, double twoThetaMax, Lattice lattice, double cellMass,
                           List<Peak> peaks, int reflections) {

    public StickPattern {
        peaks = List.copyOf(peaks);
    }

    /**
     * One line of the pattern: reflections at one angle.
     *
     * @param intensity    Σ m·|F|²·LP in electrons² (absolute: the fitted scale times this is what is measured)
     * @param relative     % of the strongest line
     * @param multiplicity how many reflections (hkl and its equivalents, Friedel mates included) fall here
     * @param hkl          one of them, the highest by (h, k, l); enough to move the line when the cell is strained
     */
    public record Peak(double twoTheta, double d, double intensity, double relative, int multiplicity, int[] hkl) {
        public Peak {
            hkl = hkl.clone();
        }

        @Override
        public int[] hkl() {
            return hkl.clone();
        }


    }

    public double cellVolume() {
        return lattice.volume();
    }
}
