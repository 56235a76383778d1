package org.matdx.diffraction;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.matdx.core.Structure;
import org.matdx.formats.cif.CifReader;

/** The shipped reference phases as structures and Cu Kα1 sticks (8-92°), read once. */
final class Phases {
    private static final Map<String, StickPattern> STICKS = new ConcurrentHashMap<>();

    private Phases() {
    }

    static Structure structure(String file) {
        try {
            return new CifReader().read(file, new ByteArrayInputStream(ReferencePhases.open(file).readAllBytes())).get(0).structure();
        } catch (Exception e) {
            throw new IllegalStateException(file, e);
        }
    }

    static StickPattern sticks(String file) {
        return STICKS.computeIfAbsent(file, f -> PowderDiffraction.simulate(structure(f),
                new Simulation(Radiation.CU_KA.kAlpha1(), 8, 92, Map.of(), null)));
    }

    static Candidate candidate(String file) {
        Structure s = structure(file);
        return new Candidate(file.replace(".cif", ""), file, s.composition().reducedFormula(), sticks(file));
    }
}
