package org.matdx.diffraction;

/**
 * A reference phase a pattern is compared with: a structure entry's id, its title and reduced
 * formula, and its lines simulated for the pattern's wavelength over (a little more than) its range.
 */
public record Candidate(String id, String name, String formula, StickPattern sticks) {
}
