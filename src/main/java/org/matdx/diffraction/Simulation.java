package org.matdx.diffraction;

import java.util.Map;
import org.matdx.core.Element;
import org.matdx.core.Problem;

/**
 * What to simulate: one wavelength, the 2θ range and optional corrections.
 *
 * @param wavelength            Å (the Kα1 line of a doublet: Kα2 is added when profiles are drawn)
 * @param twoThetaMin           degrees, ≥ 0
 * @param twoThetaMax           degrees, ≤ {@value #MAX_TWO_THETA}
 * @param debyeWaller           isotropic B per element in Å² (intensity × exp(−2B s²) as |f·exp(−B s²)|²); empty: none
 * @param monochromatorTwoTheta Bragg angle 2θ of a monochromator crystal (e.g. 26.6° for graphite 002), or null
 *                              for unpolarised incident X-rays (the Lorentz-polarisation factor pymatgen uses)
 */
public record Simulation(double wavelength, double twoThetaMin, double twoThetaMax, Map<Element, Double> debyeWaller,
                         Double monochromatorTwoTheta) {
    /** The Lorentz factor diverges towards 180°. */
    public static final double MAX_TWO_THETA = 170;
    public static final double MAX_B = 20;

    public Simulation {
        debyeWaller = debyeWaller == null ? Map.of() : Map.copyOf(debyeWaller);
        if (!Double.isFinite(wavelength) || wavelength < Radiation.MIN_WAVELENGTH || wavelength > Radiation.MAX_WAVELENGTH) {
            throw Problem.invalid("radiation", "the wavelength must be between " + Radiation.MIN_WAVELENGTH + " and "
                    + Radiation.MAX_WAVELENGTH + " Å; found " + wavelength);
        }
        if (!(twoThetaMin >= 0 && twoThetaMax <= MAX_TWO_THETA && twoThetaMin < twoThetaMax)) {
            throw Problem.invalid("two_theta", "the 2θ range must lie within 0-" + (int) MAX_TWO_THETA + "° with min < max; found "
                    + twoThetaMin + "-" + twoThetaMax);
        }
        for (var e : debyeWaller.entrySet()) {
            if (!(e.getValue() >= 0 && e.getValue() <= MAX_B)) {
                throw Problem.invalid("debye_waller", e.getKey().symbol() + ": B must be between 0 and " + MAX_B + " Å²; found " + e.getValue());
            }
        }
        if (monochromatorTwoTheta != null && !(monochromatorTwoTheta >= 0 && monochromatorTwoTheta < 180)) {
            throw Problem.invalid("monochromator_two_theta", "must be an angle between 0 and 180°; found " + monochromatorTwoTheta);
        }
    }


}
