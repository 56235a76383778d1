package org.matdx.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic but realistic crystal structures for the search benchmark: compositions made by
 * filling the sites of common structure types (rock salt, perovskite, spinel, layered oxide,
 * olivine, fluorite, wurtzite, corundum, garnet, Heusler, binary alloys) with elements that occupy
 * those sites in real materials, some with mixed (doped) sites, with plausible band gaps and
 * formation energies. The element frequencies thus resemble those of materials databases (oxygen
 * very common, lithium and transition metals frequent) rather than a uniform draw.
 */
final class SyntheticStructures {

    /** A structure type: site groups with their multiplicities and candidate elements. */
    private record Prototype(String name, int weight, List<SiteGroup> groups, String anionForGap, boolean hexagonal) {
    }

    private record SiteGroup(int count, String[] candidates) {
    }

    /** A generated structure: sites (element → occupancy per site), the lattice constant and its type. */
    record Crystal(String prototype, List<Map<String, Double>> sites, double a, double c, boolean hexagonal,
                   Double bandGap, Double formationEnergy, boolean bandGapInMeV) {
    }

    private static final String[] ALKALI = {"Li", "Na", "K", "Rb", "Cs"};
    private static final String[] ALKALINE_EARTH = {"Mg", "Ca", "Sr", "Ba"};
    private static final String[] TM3D = {"Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn"};
    private static final String[] TM_ALL = {"Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Zr", "Nb", "Mo", "Ru",
            "Rh", "Pd", "Ag", "Hf", "Ta", "W", "Ir", "Pt", "Au"};
    private static final String[] ANION = {"O", "O", "O", "O", "S", "Se", "N", "F", "Cl"};
    private static final String[] HALIDE = {"F", "Cl", "Br", "I"};
    private static final String[] METAL = {"Al", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Zr", "Nb",
            "Mo", "Pd", "Ag", "Sn", "Pt", "Au", "Mg", "Si", "Ge", "Sb"};
    private static final String[] DOPANT = {"Al", "Ga", "Ta", "Nb", "Mg", "Ti", "Zr", "Y", "La", "Ce", "Nd", "Sc", "W", "Mo"};

    private static final List<Prototype> PROTOTYPES = List.of(
            new Prototype("rock salt", 14, List.of(group(4, concat(ALKALI, ALKALINE_EARTH, TM3D)), group(4, concat(ANION, HALIDE))), "X", false),
            new Prototype("perovskite", 16, List.of(group(1, new String[] {"Ca", "Sr", "Ba", "La", "Pb", "K", "Na", "Cs", "Bi", "Y", "Nd"}),
                    group(1, new String[] {"Ti", "Zr", "Hf", "Nb", "Ta", "Fe", "Mn", "Co", "Ni", "Al", "Ga", "Sn", "Pb", "Cr", "V"}),
                    group(3, new String[] {"O", "O", "O", "O", "F", "Cl", "Br", "I"})), "X", false),
            new Prototype("spinel", 10, List.of(group(2, new String[] {"Mg", "Zn", "Mn", "Fe", "Co", "Ni", "Li", "Cu", "Cd"}),
                    group(4, new String[] {"Al", "Cr", "Fe", "Mn", "Co", "Ga", "V", "Ti", "Ni"}),
                    group(8, new String[] {"O", "O", "O", "S", "Se"})), "X", false),
            new Prototype("layered oxide", 10, List.of(group(3, new String[] {"Li", "Li", "Li", "Na", "K"}),
                    group(3, new String[] {"Co", "Ni", "Mn", "Fe", "Cr", "V", "Ti"}), group(6, new String[] {"O"})), "O", true),
            new Prototype("olivine", 6, List.of(group(4, new String[] {"Li", "Li", "Na", "Mg"}),
                    group(4, new String[] {"Fe", "Mn", "Co", "Ni", "Mg"}), group(4, new String[] {"P", "P", "Si", "As"}),
                    group(16, new String[] {"O"})), "O", false),
            new Prototype("fluorite", 8, List.of(group(4, new String[] {"Ce", "Zr", "Hf", "Th", "U", "Ca", "Sr", "Ba", "Pb"}),
                    group(8, new String[] {"O", "O", "F", "F", "Cl"})), "X", false),
            new Prototype("wurtzite", 8, List.of(group(2, new String[] {"Zn", "Ga", "Al", "In", "Cd", "Be", "Mg"}),
                    group(2, new String[] {"O", "N", "S", "Se", "Te"})), "X", true),
            new Prototype("corundum", 6, List.of(group(4, new String[] {"Al", "Cr", "Fe", "Ga", "V", "Ti", "In", "Rh"}),
                    group(6, new String[] {"O"})), "O", true),
            new Prototype("garnet", 3, List.of(group(7, new String[] {"Li"}), group(3, new String[] {"La", "La", "Nd", "Y", "Gd"}),
                    group(2, new String[] {"Zr", "Zr", "Hf", "Sn", "Ta", "Nb"}), group(12, new String[] {"O"})), "O", false),
            new Prototype("Heusler", 7, List.of(group(8, TM_ALL), group(4, TM_ALL),
                    group(4, new String[] {"Al", "Ga", "In", "Si", "Ge", "Sn", "Sb"})), null, false),
            new Prototype("binary alloy", 8, List.of(group(3, METAL), group(1, METAL)), null, false),
            new Prototype("chalcogenide", 4, List.of(group(2, new String[] {"Mo", "W", "Sn", "Ti", "Zr", "Nb", "Ta", "Hf"}),
                    group(4, new String[] {"S", "Se", "Te"})), "X", true));

    private static SiteGroup group(int count, String[] candidates) {
        return new SiteGroup(count, candidates);
    }

    private static String[] concat(String[]... arrays) {
        List<String> all = new ArrayList<>();
        for (String[] a : arrays) {
            all.addAll(List.of(a));
        }
        return all.toArray(new String[0]);
    }

    private final SplittableRandom rnd;
    private final int totalWeight;

    SyntheticStructures(long seed) {
        this.rnd = new SplittableRandom(seed);
        this.totalWeight = PROTOTYPES.stream().mapToInt(Prototype::weight).sum();
    }

    Crystal next() {
        int pick = rnd.nextInt(totalWeight);
        Prototype p = null;
        for (Prototype x : PROTOTYPES) {
            pick -= x.weight();
            if (pick < 0) {
                p = x;
                break;
            }
        }
        List<Map<String, Double>> sites = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        String anion = null;
        for (SiteGroup g : p.groups()) {
            String el;
            int guard = 0;
            do {
                el = g.candidates()[rnd.nextInt(g.candidates().length)];
            } while (chosen.contains(el) && ++guard < 20);
            chosen.add(el);
            anion = el;
            // one structure in eight is doped: part of a cation site holds another element
            boolean doped = rnd.nextInt(8) == 0 && g != p.groups().get(p.groups().size() - 1);
            String dopant = DOPANT[rnd.nextInt(DOPANT.length)];
            double x = (1 + rnd.nextInt(4)) * 0.05;
            for (int i = 0; i < g.count(); i++) {
                Map<String, Double> occ = new LinkedHashMap<>();
                if (doped && i == 0 && !dopant.equals(el)) {
                    occ.put(el, 1 - x);
                    occ.put(dopant, x);
                } else {
                    occ.put(el, 1.0);
                }
                sites.add(occ);
            }
        }
        Double gap = null;
        if (rnd.nextInt(10) < 7) {
            if (p.anionForGap() == null) {
                gap = 0.0;
            } else {
                double base = switch (anion) {
                    case "O" -> 3.5;
                    case "F" -> 7.0;
                    case "Cl" -> 5.0;
                    case "Br", "N" -> 3.0;
                    case "S", "I" -> 2.0;
                    default -> 1.2;
                };
                gap = Math.max(0, Math.round((base + rnd.nextGaussian() * 1.5) * 100) / 100.0);
            }
        }
        Double ef = rnd.nextInt(10) < 8 ? Math.round((-3.2 + rnd.nextGaussian() * 0.9) * 1000) / 1000.0 : null;
        double a = 3 + rnd.nextDouble() * (sites.size() > 12 ? 9 : 5);
        double c = p.hexagonal() ? a * (1.5 + rnd.nextDouble()) : a;
        return new Crystal(p.name(), sites, Math.round(a * 1000) / 1000.0, Math.round(c * 1000) / 1000.0, p.hexagonal(),
                gap, ef, rnd.nextInt(20) == 0);
    }

    /** Fractional coordinates for site {@code i}: spread over the cell, reproducible. */
    double[] position(int i) {
        return new double[] {rnd.nextInt(8) / 8.0, rnd.nextInt(8) / 8.0, rnd.nextInt(8) / 8.0};
    }

    SplittableRandom random() {
        return rnd;
    }
}
