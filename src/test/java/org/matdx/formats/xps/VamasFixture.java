package org.matdx.formats.xps;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes small VAMAS files to the ISO 14976 layout for tests: NORM experiment, XPS blocks with the
 * 40 block parameters in their order, an optional inclusion list that leaves parameters out of the
 * blocks after the first.
 */
final class VamasFixture {
    record Region(String blockId, String sample, String species, String transition, double[] kinetic, double[] counts,
                  int year, int hour) {
    }

    private VamasFixture() {
    }

    /** @param included the parameter inclusion list (null: all parameters in every block) */
    static String write(String scanMode, List<Region> regions, Set<Integer> included, int futureExperimentEntries) {
        boolean regular = scanMode.equals("REGULAR");
        List<String> l = new ArrayList<>();
        l.add("VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4");
        l.add("MatDX test lab");
        l.add("Fixture XPS 1");
        l.add("A. Technician");
        l.add("experiment 42");
        l.add("2");
        l.add("first comment line");
        l.add("second comment line");
        l.add("NORM");
        l.add(scanMode);
        l.add(Integer.toString(regions.size())); // spectral regions
        l.add("1");                              // experimental variables
        l.add("Temperature");
        l.add("K");
        if (included == null) {
            l.add("0");
        } else {
            l.add(Integer.toString(included.size()));
            included.stream().sorted().forEach(p -> l.add(Integer.toString(p)));
        }
        l.add("0");                              // manually entered items
        l.add(Integer.toString(futureExperimentEntries));
        l.add("0");                              // future upgrade block entries
        for (int i = 0; i < futureExperimentEntries; i++) {
            l.add("future " + i);
        }
        l.add(Integer.toString(regions.size()));
        boolean first = true;
        for (Region r : regions) {
            Set<Integer> inc = first || included == null ? null : included;
            l.add(r.blockId());
            l.add(r.sample());
            p(l, inc, 1, Integer.toString(r.year()));
            p(l, inc, 2, "3");
            p(l, inc, 3, "14");
            p(l, inc, 4, Integer.toString(r.hour()));
            p(l, inc, 5, "5");
            p(l, inc, 6, "9");
            p(l, inc, 7, "1");
            p(l, inc, 8, "1", "block comment of " + r.blockId());
            p(l, inc, 9, "XPS");
            // 10: only for MAP modes
            p(l, inc, 11, "298");
            p(l, inc, 12, "Al K alpha");
            // 13: only for sputter depth profiles and SIMS-like techniques
            p(l, inc, 14, "1486.6");
            p(l, inc, 15, "300");
            p(l, inc, 16, "1e+037", "1e+037");
            // 17, 18: only for mapping modes
            p(l, inc, 19, "54.7");
            p(l, inc, 20, "0");
            p(l, inc, 21, "FAT");
            p(l, inc, 22, "20");
            // 23: only for AES diff
            p(l, inc, 24, "1");
            p(l, inc, 25, "4.5");
            p(l, inc, 26, "0");
            p(l, inc, 27, "300", "700");
            p(l, inc, 28, "0", "0");
            p(l, inc, 29, r.species());
            p(l, inc, 30, r.transition(), "-1");
            if (regular) {
                double step = r.kinetic().length > 1 ? r.kinetic()[1] - r.kinetic()[0] : 1;
                p(l, inc, 31, "Kinetic Energy", "eV", Double.toString(r.kinetic()[0]), Double.toString(step));
                p(l, inc, 32, "1", "counts", "d");
            } else {
                p(l, inc, 32, "2", "Kinetic Energy", "eV", "counts", "d");
            }
            p(l, inc, 33, "pulse counting");
            p(l, inc, 34, "0.05");
            p(l, inc, 35, "3");
            p(l, inc, 36, "1e+037");
            // 37: only for sputter depth profiles
            p(l, inc, 38, "0", "0");
            p(l, inc, 39, "0");
            p(l, inc, 40, "1", "ESCAPE DEPTH TYPE", "d", "1");
            int n = r.counts().length;
            int cv = regular ? 1 : 2;
            l.add(Integer.toString(n * cv));
            for (int k = 0; k < cv; k++) {
                l.add("0");
                l.add("1");
            }
            for (int i = 0; i < n; i++) {
                if (!regular) {
                    l.add(Double.toString(r.kinetic()[i]));
                }
                l.add(Double.toString(r.counts()[i]));
            }
            first = false;
        }
        l.add("end of experiment");
        return String.join("\r\n", l) + "\r\n";
    }

    private static void p(List<String> l, Set<Integer> included, int parameter, String... lines) {
        if (included == null || included.contains(parameter)) {
            l.addAll(List.of(lines));
        }
    }
}
