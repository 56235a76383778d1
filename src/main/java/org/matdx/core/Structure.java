package org.matdx.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A periodic crystal structure: a lattice and the sites of the full cell (symmetry already
 * applied). Named after pymatgen's {@code Structure}.
 */
public record Structure(Lattice lattice, List<Site> sites) {
    public Structure {
        sites = List.copyOf(sites);
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("a structure needs at least one site");
        }
    }

    /** The cell's composition, counting partial occupancies. */
    public Composition composition() {
        Map<Element, Double> m = new LinkedHashMap<>();
        for (Site s : sites) {
            s.occupancy().forEach((e, occ) -> m.merge(e, occ, Double::sum));
        }
        return Composition.of(m);
    }

    /** Mass density in g/cm³. */
    public double density() {
        double gramsPerMol = composition().molarMass();
        return gramsPerMol / 6.02214076e23 / (lattice.volume() * 1e-24);
    }

    public double volumePerAtom() {
        return lattice.volume() / composition().numAtoms();
    }

    public boolean ordered() {
        return sites.stream().allMatch(Site::ordered);
    }

    public int numSites() {
        return sites.size();
    }
}
