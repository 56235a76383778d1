package org.matdx.formats.em;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.core.Json;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Berkeley/NCEM EMD layout (emdatasets.com, version 0.2 and the 0.5 that prismatic and py4DSTEM
 * write): a group whose {@code emd_group_type} attribute is set holds the array ({@code data},
 * {@code realslice}, {@code datacube}, …) and one vector per dimension, {@code dim1…dimN}, with
 * {@code name} and {@code units} ({@code "[n_m]"}: bracketed, letters separated by underscores).
 *
 * <p>Read as HyperSpy reads it (the oracle of the tests): the dims vectors are in Fortran order, so
 * the array is transposed (a {@code datacube} excepted) and {@code dimN} calibrates the first axis;
 * offset is the vector's first value and scale the mean step. Prismatic writes one group per output
 * depth ({@code virtual_detector_depth0000}, …): those are stacked along a depth axis whose step is
 * the simulation's slices × slice thickness, in Å. All axes are signal axes, except in prismatic
 * output, where everything but the two real-space axes navigates.
 */
final class EmdNcem {
    static final List<String> DATASET_NAMES = List.of("data", "counted_datacube", "datacube", "diffractionslice", "realslice",
            "pointlistarray", "pointlist");
    private static final Pattern BRACKETED = Pattern.compile("\\[(.+?)]");
    private static final String PRISMATIC = "4DSTEM_simulation";
    private static final String SIMULATION = "/" + PRISMATIC + "/metadata/metadata_0/original/simulation_parameters";

    private EmdNcem() {
    }

    /** One array found in the file: its path, dataset and the group it lives in. */
    private record Found(String path, Dataset dataset, Group group, String groupPath) {
    }

    /** The signals of the file, or null when no group is marked as EMD data. */
    static List<Parsed> read(Hdf5 h) throws FormatException {
        List<Found> found = new ArrayList<>();
        for (Hdf5.Entry e : h.walk()) {
            if (e.node() instanceof Dataset d && DATASET_NAMES.stream().anyMatch(n -> e.node().getName().startsWith(n))
                    && d.getParent() instanceof Group g && marked(h, g, parentPath(e.path()))) {
                found.add(new Found(e.path(), d, g, parentPath(e.path())));
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        boolean prismatic = Hdf5.child(h.root(), PRISMATIC) != null;
        Map<String, Object> simulation = simulation(h, prismatic);
        ObjectNode original = original(h, simulation);
        List<Parsed> out = new ArrayList<>();
        while (!found.isEmpty()) {
            if (out.size() >= EmLimits.MAX_SIGNALS) {
                throw FormatException.inFile(h.file(), "more than " + EmLimits.MAX_SIGNALS + " signals in one file");
            }
            Found first = found.remove(0);
            // prismatic numbers its output depths in the group name (…_depth0000): those groups are one signal
            String stem = prismatic && !first.path().contains("ppotential") && first.groupPath().length() > 4
                    ? first.groupPath().substring(0, first.groupPath().length() - 4) : first.groupPath();
            List<Found> stack = new ArrayList<>(List.of(first));
            for (var it = found.iterator(); it.hasNext(); ) {
                Found f = it.next();
                if (f.path().contains(stem) && f.dataset().getName().equals(first.dataset().getName())) {
                    stack.add(f);
                    it.remove();
                }
            }
            String stackKey = stem.substring(stem.lastIndexOf('/') + 1);
            out.add(EmRecords.of("emd", signal(h, stack, stackKey, prismatic, simulation), acquisition(simulation), original));
        }
        return out;
    }

    private static String parentPath(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static boolean marked(Hdf5 h, Group g, String path) throws FormatException {
        Double type = h.number(g, path, "emd_group_type");
        return type != null && type != 0;
    }

    private static Signal signal(Hdf5 h, List<Found> stack, String stackKey, boolean prismatic, Map<String, Object> simulation)
            throws FormatException {
        Found first = stack.get(0);
        boolean transpose = !first.dataset().getName().equals("datacube");
        List<double[]> parts = new ArrayList<>();
        List<double[]> imaginary = new ArrayList<>();
        int[] shape = null;
        String dtype = null;
        long total = 0;
        for (Found f : stack) {
            Hdf5.Numbers n = h.numbers(f.dataset(), f.path());
            if (shape != null && !Arrays.equals(shape, n.shape())) {
                throw FormatException.inFile(h.file(), f.path() + ": shape " + Arrays.toString(n.shape()) + " differs from "
                        + Arrays.toString(shape) + " of " + first.path() + ", with which it is stacked");
            }
            total += n.real().length;
            if (total > EmLimits.MAX_VALUES) {
                throw FormatException.inFile(h.file(), f.path() + ": the stacked groups hold more than " + EmLimits.MAX_VALUES + " values");
            }
            shape = n.shape();
            dtype = n.dtype();
            Signal one = new Signal("", uncalibrated(shape), dtype, n.real(), n.imaginary(), "");
            if (transpose && shape.length > 1) {
                int[] order = new int[shape.length];
                for (int k = 0; k < order.length; k++) {
                    order[k] = shape.length - 1 - k;
                }
                List<SignalAxis> reversed = new ArrayList<>(one.axes());
                Collections.reverse(reversed);
                one = one.transposed(order, reversed);
            }
            parts.add(one.values());
            imaginary.add(one.imaginary());
        }
        int[] arrayShape = shape.clone();
        if (transpose) {
            for (int k = 0; k < shape.length; k++) {
                arrayShape[k] = shape[shape.length - 1 - k];
            }
        }
        List<SignalAxis> axes = new ArrayList<>();
        int dims = arrayShape.length;
        if (stack.size() > 1) {
            axes.add(depthAxis(stackKey, stack.size(), prismatic, simulation));
        }
        for (int k = 0; k < dims; k++) {
            int dimIndex = transpose ? dims - k : k + 1;
            axes.add(axis(h, first, dimIndex, arrayShape[k], prismatic));
        }
        double[] values = concat(parts);
        double[] im = imaginary.get(0) == null ? null : concat(imaginary);
        String title = stackKey.replace("_depth", "");
        Signal s = new Signal(title, axes, dtype, values, im, "");
        // stacking squeezes away single-point axes, as HyperSpy's stack does
        return stack.size() > 1 ? s.squeezed() : s;
    }

    private static List<SignalAxis> uncalibrated(int[] shape) {
        List<SignalAxis> out = new ArrayList<>();
        for (int d : shape) {
            out.add(new SignalAxis("", d, 1, 0, "", false));
        }
        return out;
    }

    private static double[] concat(List<double[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * The depth of prismatic's outputs: every {@code numSlices} slices of {@code sliceThickness} Å,
     * starting at {@code zStart} (or after the first output when it is 0). When the depths do not
     * add up to the cell's thickness (tile × cell), the axis is not uniform and is left uncalibrated.
     */
    private static SignalAxis depthAxis(String stackKey, int size, boolean prismatic, Map<String, Object> sim) {
        double offset = 0;
        double scale = 1;
        String units = "";
        if (prismatic && stackKey.contains("depth")) {
            if (sim.get("ns") instanceof Number ns) {
                // float32 arithmetic, as the simulation wrote its parameters
                scale = (float) (ns.floatValue() * (sim.get("s") instanceof Number s ? s.floatValue() : 1f));
            }
            if (sim.get("zs") instanceof Number zs) {
                offset = zs.floatValue() == 0 ? scale : zs.floatValue();
            }
            units = "Å";
            double thickness = element(sim.get("t"), 2) * element(sim.get("c"), 0);
            if (!(Math.abs(thickness - size * scale) <= 1e-4 * Math.max(Math.abs(thickness), Math.abs(size * scale)))) {
                offset = 0;
                scale = 1;
                units = "";
            }
        }
        return new SignalAxis(stackKey, size, scale, offset, units, true);
    }

    private static double element(Object array, int i) {
        return array instanceof List<?> l && l.size() > i && l.get(i) instanceof Number n ? n.doubleValue() : 0;
    }

    private static SignalAxis axis(Hdf5 h, Found f, int dimIndex, int size, boolean prismatic) throws FormatException {
        String dimName = "dim" + dimIndex;
        Node dim = Hdf5.child(f.group(), dimName);
        String path = f.groupPath() + "/" + dimName;
        Set<String> signalDims = f.dataset().getName().equals("datacube") ? Set.of("dim3", "dim4") : Set.of("dim1", "dim2");
        boolean navigate = prismatic && !signalDims.contains(dimName);
        if (!(dim instanceof Dataset d)) {
            return new SignalAxis("<undefined>", size, 1, 0, "", navigate);
        }
        String name = h.string(d, path, "name");
        String units = units(h.string(d, path, "units"));
        double offset = 0;
        double scale = 1;
        if (d.getDimensions().length > 0 && Hdf5.dtype(d.getDataType()) != null && !d.isCompound()) {
            double[] v = h.numbers(d, path).real();
            if (v.length > 0 && Double.isFinite(v[0])) {
                offset = v[0];
            }
            if (v.length > 1) {
                // the mean step, as numpy's mean of the differences
                double sum = 0;
                for (int i = 1; i < v.length; i++) {
                    sum += v[i] - v[i - 1];
                }
                double mean = sum / (v.length - 1);
                scale = Double.isFinite(mean) && mean != 0 ? mean : 1;
            }
        }
        return new SignalAxis(name == null ? "<undefined>" : name, size, scale, offset, units, navigate);
    }

    /** EMD writes units as bracketed groups of underscore-separated letters: {@code [n_m]} is nm, {@code [1_/_n_m]} 1/nm. */
    static String units(String raw) {
        if (raw == null) {
            return "";
        }
        Matcher m = BRACKETED.matcher(raw);
        List<String> parts = new ArrayList<>();
        while (m.find()) {
            parts.add(m.group(1).replace("_", ""));
        }
        String u = String.join(" * ", parts);
        return switch (u) {
            case "um", "micron" -> "µm";
            case "A", "Angstrom", "angstrom" -> "Å";
            default -> u;
        };
    }

    private static Map<String, Object> simulation(Hdf5 h, boolean prismatic) throws FormatException {
        if (!prismatic) {
            return Map.of();
        }
        Node n = h.root();
        for (String part : SIMULATION.substring(1).split("/")) {
            n = n instanceof Group g ? Hdf5.child(g, part) : null;
            if (n == null) {
                return Map.of();
            }
        }
        return h.attributes(n, SIMULATION);
    }

    /** The file's version, its microscope/sample/user/comments groups and prismatic's parameters, for the entry. */
    private static ObjectNode original(Hdf5 h, Map<String, Object> simulation) throws FormatException {
        ObjectNode o = Json.object();
        Double major = h.number(h.root(), "/", "version_major");
        Double minor = h.number(h.root(), "/", "version_minor");
        if (major != null && minor != null) {
            o.put("emd_version", major.intValue() + "." + minor.intValue());
        }
        for (String name : List.of("microscope", "sample", "user", "comments")) {
            Node g = Hdf5.child(h.root(), name);
            if (g != null) {
                Map<String, Object> a = h.attributes(g, "/" + name);
                if (!a.isEmpty()) {
                    o.set(name, Json.MAPPER.valueToTree(a));
                }
            }
        }
        if (!simulation.isEmpty()) {
            o.put("software", "prismatic");
            o.set("simulation_parameters", Json.MAPPER.valueToTree(simulation));
        }
        return o;
    }

    /** A prismatic simulation states its beam energy (E, keV); measured NCEM files say little in machine-readable form. */
    private static Acquisition acquisition(Map<String, Object> simulation) {
        Double energy = simulation.get("E") instanceof Number e ? e.doubleValue() : null;
        if (energy == null) {
            return Acquisition.NONE;
        }
        return new Acquisition(null, "STEM (simulated)", null, energy, null, null, null, null, null, null, null, null, null, null);
    }
}
