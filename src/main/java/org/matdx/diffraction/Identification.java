package org.matdx.diffraction;

import java.util.List;

/**
 * What phase identification found in a measured pattern: the candidates ranked by search-match, the
 * phases the whole-pattern fit kept with their weight fractions, the fit's quality and the curves
 * to show (observed, calculated, each phase, background, difference), and how it was done.
 *
 * @param method              how, in words
 * @param version             the algorithm's version (stored with results, so that later versions can be told apart)
 * @param radiation           what the pattern was fitted with
 * @param candidatesConsidered how many reference phases were compared
 * @param ranking             the best candidates by search-match, best first (at most {@value PhaseIdentifier#RANKED})
 * @param phases              the fitted phases, by decreasing weight fraction (empty when nothing matched)
 */
public record Identification(String method, String version, String radiation, int candidatesConsidered,
                             List<Ranked> ranking, List<Phase> phases, Quality quality, Instrument instrument, Curves curves,
                             List<String> notes) {
    public Identification {
        ranking = List.copyOf(ranking);
        phases = List.copyOf(phases);
        notes = List.copyOf(notes);
    }

    /** A candidate's search-match standing: its score relative to the best, and whether the fit kept it. */
    public record Ranked(String id, String name, String formula, double score, double zeroShift, double strain, boolean selected) {
    }

    /**
     * A phase the fit kept.
     *
     * @param weightFraction    Hill–Howard: S·ZMV / Σ S·ZMV (0-1)
     * @param weightFractionEsd its standard uncertainty from the fit's covariance (NaN when not available)
     * @param cell              refined a, b, c (Å), α, β, γ (°)
     * @param strain            relative change of the cell volume from the reference
     * @param broadening        the phase's own line broadening X (° at θ = 0; FWHM² += (X/cos θ)²)
     */
    public record Phase(String id, String name, String formula, double weightFraction, double weightFractionEsd, double scale,
                        double[] cell, double volume, double strain, double broadening, double zmv) {
        public Phase {
            cell = cell.clone();
        }

        @Override
        public double[] cell() {
            return cell.clone();
        }
    }

    /**
     * Goodness of the fit: weighted-profile R (Rwp), expected R (Rexp, from counting statistics),
     * goodness of fit {@code GoF = Rwp / Rexp} and χ² = GoF².
     */
    public record Quality(double rwp, double rexp, double gof, double chi2, int points, int parameters) {
    }

    /**
     * The refined instrument: zero shift and sample displacement (° 2θ; Δ2θ = D cos θ), Caglioti U, V, W (°²),
     * pseudo-Voigt η, and the Kα2/Kα1 intensity ratio.
     */
    public record Instrument(double zeroShift, double displacement, double u, double v, double w, double eta, double kAlpha2Ratio) {
    }

    /** The curves on the pattern's angles, thinned for display; {@code phases} in the order of {@link #phases()}. */
    public record Curves(double[] twoTheta, double[] observed, double[] calculated, double[] background, List<double[]> phases) {
        public double[] difference() {
            double[] d = new double[observed.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = observed[i] - calculated[i];
            }
            return d;
        }
    }

    /** The weight fraction of the phase with this reduced formula (0 when absent); polymorphs add up. */
    public double fractionOf(String formula) {
        return phases.stream().filter(p -> p.formula().equals(formula)).mapToDouble(Phase::weightFraction).sum();
    }

    /** The weight fraction of the most abundant phase: 1 for a single-phase sample, 0 when nothing was found. */
    public double purity() {
        return phases.stream().mapToDouble(Phase::weightFraction).max().orElse(0);
    }
}
