package org.matdx.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;

/**
 * A spectrum image that its file leaves as a plain 3-D array, laid out as one. Berkeley EMD marks no
 * axis as navigation (HyperSpy reads it so too: every axis a signal axis) and its dims are in Fortran
 * order, so an (x, y, energy) map arrives as (energy, y, x); the navigator, its sum image and the
 * decomposition need (y, x, energy) in C order — each pixel's spectrum contiguous — with the two
 * spatial axes navigating, as DM, TIA and Bruker spectrum images arrive.
 *
 * <p>Recognised by the axes' units only: exactly one axis in energy units and two in length units,
 * none marked as navigation. Anything else (image stacks, diffraction, uncalibrated arrays, a signal
 * whose file says what navigates) is left as it is.
 */
public final class SpectrumImages {
    private static final Set<String> ENERGY = Set.of("ev", "kev", "mev");
    private static final Set<String> LENGTH = Set.of("m", "mm", "µm", "um", "nm", "å", "a", "pm");

    private SpectrumImages() {
    }

    /** {@code s} as a navigable spectrum image (spatial axes first and navigating, energy last) when it is one, else {@code s}. */
    public static Signal navigable(Signal s) {
        List<SignalAxis> axes = s.axes();
        if (axes.size() != 3 || !s.navigationAxes().isEmpty() || s.isColour()) {
            return s;
        }
        int energy = -1;
        List<Integer> spatial = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            String u = axes.get(k).units().strip().toLowerCase(Locale.ROOT);
            if (ENERGY.contains(u)) {
                if (energy >= 0) {
                    return s;
                }
                energy = k;
            } else if (LENGTH.contains(u)) {
                spatial.add(k);
            }
        }
        if (energy < 0 || spatial.size() != 2) {
            return s;
        }
        int[] order = {spatial.get(0), spatial.get(1), energy};
        List<SignalAxis> laid = List.of(axes.get(order[0]).withNavigate(true), axes.get(order[1]).withNavigate(true),
                axes.get(energy).withNavigate(false));
        return s.transposed(order, laid);
    }
}
