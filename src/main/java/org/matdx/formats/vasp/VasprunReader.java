package org.matdx.formats.vasp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.matdx.core.Axis;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.EntryKind;
import org.matdx.core.Json;
import org.matdx.core.Lattice;
import org.matdx.core.Quantity;
import org.matdx.core.Series;
import org.matdx.core.Site;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;
import org.matdx.formats.FormatException;
import org.matdx.formats.Parsed;
import org.matdx.formats.Reader;
import org.matdx.formats.Recognition;
import tools.jackson.databind.node.ObjectNode;

/**
 * VASP's vasprun.xml, read as a stream (StAX) so that files of hundreds of megabytes never sit in
 * memory: only the structures, energies and the running band-edge extremes are kept. The file must
 * be complete (closing {@code </modeling>}); a run killed mid-write is rejected, not half-read.
 */
public final class VasprunReader implements Reader {
    /** More k-points than any calculation has (a dense 100 × 100 × 100 mesh is 10⁶). */
    static final int MAX_KPOINTS = 1 << 21;
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    @Override
    public String id() {
        return "calc.vasprun";
    }

    @Override
    public String name() {
        return "VASP vasprun.xml";
    }

    @Override
    public Recognition recognise(String fileName, byte[] head) {
        String text = head == null ? "" : new String(head, StandardCharsets.ISO_8859_1);
        if (text.contains("<modeling>") && (text.contains("<generator>") || text.contains("name=\"program\""))) {
            return Recognition.CONTENT;
        }
        String n = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return n.startsWith("vasprun") && n.contains(".xml") ? Recognition.NAME : Recognition.NO;
    }

    @Override
    public List<Parsed> read(String fileName, InputStream content) throws FormatException, IOException {
        State s = new State(fileName);
        XMLStreamReader r;
        try {
            r = XML.createXMLStreamReader(content);
        } catch (XMLStreamException e) {
            throw FormatException.inFile(fileName, "not XML: " + e.getMessage());
        }
        try {
            s.run(r);
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            String where = s.path.isEmpty() ? "" : " inside <" + String.join("><", s.path.reversed()) + ">";
            String msg = "the XML ends or breaks" + where + " (" + firstLine(e.getMessage())
                    + "); a complete vasprun.xml ends with </modeling> — was the run stopped?";
            throw line > 0 ? FormatException.atLine(fileName, line, msg) : FormatException.inFile(fileName, msg);
        } catch (NumberFormatException e) {
            throw FormatException.atLine(fileName, r.getLocation().getLineNumber(), "expected a number: " + e.getMessage());
        } finally {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // nothing left to release
            }
        }
        return List.of(s.result());
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "unexpected end";
        }
        int i = m.indexOf("Message:");
        String t = i >= 0 ? m.substring(i + 8) : m;
        return t.strip().lines().findFirst().orElse(t);
    }

    /** Everything kept while streaming through one file. */
    private static final class State {
        final String file;
        final Deque<String> path = new ArrayDeque<>();
        final ObjectNode generator = Json.object();
        final ObjectNode incar = Json.object();
        final Map<String, String> parameters = new LinkedHashMap<>();
        final List<String> atoms = new ArrayList<>();
        final ObjectNode species = Json.object();
        // structures by name, kept as numbers: <structure name="primitive_cell"> comes before <atominfo>
        final Map<String, List<List<double[]>>> named = new LinkedHashMap<>();
        final List<double[]> ionicEnergies = new ArrayList<>(); // e_fr, e_wo, e_0 per ionic step
        final List<Integer> scsteps = new ArrayList<>();
        double[] lastScEnergy; // e_fr, e_0 of the last electronic step of the current ionic step
        int currentScsteps;
        Double efermi;
        int kpoints;
        // band edges of the last ionic step's eigenvalues
        double vbm, cbm;
        int vbmK, cbmK;
        // per k-point extremes for the direct gap; empty until a calculation's <eigenvalues> opens
        double[] kVbm = new double[0];
        double[] kCbm = new double[0];
        boolean haveEigen;
        int spinIndex, kIndex;
        boolean closed;

        // current structure being read
        List<double[]> basis, positions;
        String structureName;
        String varrayName;
        String iName, iType;
        String arrayName;
        int rcCol;

        State(String file) {
            this.file = file;
        }

        void run(XMLStreamReader r) throws XMLStreamException, FormatException {
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    start(r);
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    end(r.getLocalName());
                    path.pop();
                }
            }
            if (!closed) {
                throw FormatException.inFile(file, "no closing </modeling>; the file is incomplete");
            }
        }

        private boolean under(String element) {
            return path.contains(element);
        }

        private String parent() {
            return path.isEmpty() ? "" : path.peek();
        }

        private void start(XMLStreamReader r) throws XMLStreamException, FormatException {
            String name = r.getLocalName();
            String parent = parent();
            path.push(name);
            switch (name) {
                case "structure" -> {
                    structureName = r.getAttributeValue(null, "name");
                    basis = new ArrayList<>();
                    positions = new ArrayList<>();
                }
                case "varray" -> varrayName = r.getAttributeValue(null, "name");
                case "array" -> arrayName = r.getAttributeValue(null, "name");
                case "calculation" -> {
                    currentScsteps = 0;
                    lastScEnergy = null;
                    haveEigen = false;
                    spinIndex = 0;
                }
                case "scstep" -> currentScsteps++;
                case "eigenvalues" -> {
                    if (parent.equals("calculation")) {
                        vbm = Double.NEGATIVE_INFINITY;
                        cbm = Double.POSITIVE_INFINITY;
                        kVbm = new double[0];
                        kCbm = new double[0];
                        spinIndex = 0;
                    }
                }
                case "set" -> {
                    String comment = r.getAttributeValue(null, "comment");
                    if (comment != null && eigenvaluesOfCalculation()) {
                        if (comment.startsWith("spin")) {
                            spinIndex++;
                        } else if (comment.startsWith("kpoint")) {
                            kIndex = Integer.parseInt(comment.substring(6).strip()) - 1;
                            if (kIndex < 0 || kIndex >= MAX_KPOINTS) {
                                // a k-point number sizes arrays: bounded, so a forged one cannot allocate gigabytes
                                throw FormatException.inFile(file, "k-point set \"" + comment.strip() + "\" out of range (1 to "
                                        + MAX_KPOINTS + ")");
                            }
                            if (kIndex >= kVbm.length) {
                                int n = Math.max(kIndex + 1, kVbm.length * 2);
                                double[] a = Arrays.copyOf(kVbm, n);
                                double[] b = Arrays.copyOf(kCbm, n);
                                Arrays.fill(a, kVbm.length, n, Double.NEGATIVE_INFINITY);
                                Arrays.fill(b, kCbm.length, n, Double.POSITIVE_INFINITY);
                                kVbm = a;
                                kCbm = b;
                            }
                        }
                    }
                }
                case "rc" -> rcCol = 0;
                case "i" -> {
                    iName = r.getAttributeValue(null, "name");
                    iType = r.getAttributeValue(null, "type");
                    String text = r.getElementText();
                    path.pop();
                    item(parent, iName, iType, text.strip()); // getElementText consumed the end tag
                    return;
                }
                case "v" -> {
                    String vName = r.getAttributeValue(null, "name");
                    String vType = r.getAttributeValue(null, "type");
                    String text = r.getElementText();
                    path.pop();
                    vector(parent, vName, vType, text.strip(), r);
                    return;
                }
                case "c" -> {
                    String text = r.getElementText();
                    path.pop();
                    cell(text.strip());
                    return;
                }
                case "r" -> {
                    String text = r.getElementText();
                    path.pop();
                    if (eigenvaluesOfCalculation()) {
                        eigen(text);
                    }
                    return;
                }
                default -> {
                }
            }
        }

        private boolean eigenvaluesOfCalculation() {
            // <calculation><eigenvalues> — not <projected><eigenvalues> nor eigenvalues_kpoints_opt
            if (!path.contains("eigenvalues") || path.contains("projected") || !path.contains("calculation")) {
                return false;
            }
            for (String p : path) {
                if (p.equals("eigenvalues")) {
                    return true;
                }
                if (p.startsWith("projected") || p.startsWith("eigenvalues_")) {
                    return false;
                }
            }
            return false;
        }

        private void end(String name) {
            switch (name) {
                case "structure" -> {
                    if (structureName != null && !basis.isEmpty() && !positions.isEmpty()) {
                        named.put(structureName, List.of(basis, positions));
                    }
                    structureName = null;
                }
                case "calculation" -> {
                    scsteps.add(currentScsteps);
                    if (ionicEnergies.size() < scsteps.size()) {
                        ionicEnergies.add(new double[] {Double.NaN, Double.NaN, Double.NaN});
                    }
                    double[] e = ionicEnergies.getLast();
                    // VASP 5.4.4 writes e_0_energy of the last ionic step wrongly (often 0); recompute it
                    // from the last electronic step, as pymatgen does (vasp.at forum thread 16942).
                    if (lastScEnergy != null && !Double.isNaN(e[0])) {
                        double fixed = lastScEnergy[1] - lastScEnergy[0] + e[0];
                        if (Math.abs(fixed - e[2]) > 1e-7) {
                            e[2] = fixed;
                        }
                    }
                }
                case "modeling" -> closed = true;
                default -> {
                }
            }
        }

        private void item(String parent, String name, String type, String text) {
            if (name == null) {
                return;
            }
            if (parent.equals("generator")) {
                generator.put(name, text);
            } else if (parent.equals("incar")) {
                putTyped(incar, name, type, text);
            } else if (under("parameters")) {
                parameters.putIfAbsent(name, text);
            } else if (parent.equals("energy") && under("calculation")) {
                double v = Double.parseDouble(text);
                if (under("scstep")) {
                    if (lastScEnergy == null) {
                        lastScEnergy = new double[] {Double.NaN, Double.NaN};
                    }
                    if (name.equals("e_fr_energy")) {
                        lastScEnergy[0] = v;
                    } else if (name.equals("e_0_energy")) {
                        lastScEnergy[1] = v;
                    }
                } else {
                    if (ionicEnergies.size() <= scsteps.size()) {
                        ionicEnergies.add(new double[] {Double.NaN, Double.NaN, Double.NaN});
                    }
                    double[] e = ionicEnergies.getLast();
                    switch (name) {
                        case "e_fr_energy" -> e[0] = v;
                        case "e_wo_entrp" -> e[1] = v;
                        case "e_0_energy" -> e[2] = v;
                        default -> {
                        }
                    }
                }
            } else if (name.equals("efermi") && parent.equals("dos")) {
                efermi = Double.parseDouble(text);
            }
        }

        private static void putTyped(ObjectNode o, String name, String type, String text) {
            String t = type == null ? "float" : type;
            try {
                switch (t) {
                    case "int" -> o.put(name, Long.parseLong(text));
                    case "logical" -> o.put(name, text.toUpperCase(Locale.ROOT).startsWith("T") || text.toUpperCase(Locale.ROOT).startsWith(".T"));
                    case "string" -> o.put(name, text);
                    default -> o.put(name, Double.parseDouble(text));
                }
            } catch (NumberFormatException e) {
                o.put(name, text); // e.g. "********" overflow in VASP's fixed-width output
            }
        }

        private void vector(String parent, String name, String type, String text, XMLStreamReader r) throws FormatException {
            if (parent.equals("incar")) {
                if (name != null) {
                    putTyped(incar, name, "string", text.replaceAll("\\s+", " "));
                }
                return;
            }
            if (parent.equals("generation") || parent.equals("kpoints") || (parent.equals("varray") && "kpointlist".equals(varrayName))) {
                if ("kpointlist".equals(varrayName)) {
                    kpoints++;
                }
                return;
            }
            if (structureName != null || under("structure")) {
                if (parent.equals("varray") && "basis".equals(varrayName) && under("crystal")) {
                    basis.add(numbers(text, r));
                } else if (parent.equals("varray") && "positions".equals(varrayName)) {
                    positions.add(numbers(text, r));
                }
            }
        }

        private double[] numbers(String text, XMLStreamReader r) throws FormatException {
            String[] f = text.strip().split("\\s+");
            if (f.length != 3) {
                throw FormatException.atLine(file, r.getLocation().getLineNumber(), "expected 3 numbers in <v>, found " + f.length);
            }
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        }

        private final List<String> typeRow = new ArrayList<>();

        private void cell(String text) {
            if (!under("atominfo")) {
                return;
            }
            if ("atoms".equals(arrayName) && rcCol == 0) {
                atoms.add(text);
            } else if ("atomtypes".equals(arrayName)) {
                typeRow.add(text);
                if (typeRow.size() == 5) {
                    ObjectNode t = species.putObject(typeRow.get(1));
                    t.put("count", Integer.parseInt(typeRow.get(0)));
                    t.put("mass", Double.parseDouble(typeRow.get(2)));
                    t.put("valence", Double.parseDouble(typeRow.get(3)));
                    t.put("pseudopotential", typeRow.get(4));
                    typeRow.clear();
                }
            }
            rcCol++;
        }

        private void eigen(String text) throws FormatException {
            if (kIndex < 0 || kIndex >= kVbm.length) {
                // a damaged file: an eigenvalue row outside any <set comment="kpoint N"> of this calculation
                throw FormatException.inFile(file, "an eigenvalue outside a k-point set (<set comment=\"kpoint N\">, N from 1)");
            }
            String[] f = text.strip().split("\\s+");
            double e = Double.parseDouble(f[0]);
            double occ = f.length > 1 ? Double.parseDouble(f[1]) : Double.NaN;
            if (Double.isNaN(occ)) {
                return;
            }
            haveEigen = true;
            // occupations above 0.5 count as filled (pymatgen's occu_tol is 1e-8 for insulators; 0.5 is robust to smearing)
            if (occ > 0.5) {
                if (e > vbm) {
                    vbm = e;
                    vbmK = kIndex;
                }
                kVbm[kIndex] = Math.max(kVbm[kIndex], e);
            } else {
                if (e < cbm) {
                    cbm = e;
                    cbmK = kIndex;
                }
                kCbm[kIndex] = Math.min(kCbm[kIndex], e);
            }
        }

        private Structure structure(String name) throws FormatException {
            List<List<double[]>> raw = named.get(name);
            if (raw == null) {
                return null;
            }
            List<double[]> basis = raw.get(0);
            List<double[]> positions = raw.get(1);
            if (basis.size() != 3) {
                throw FormatException.inFile(file, "structure " + name + ": expected 3 basis vectors, found " + basis.size());
            }
            if (positions.size() != atoms.size()) {
                throw FormatException.inFile(file, "structure " + name + " has " + positions.size() + " positions but <atominfo> lists "
                        + atoms.size() + " atoms");
            }
            Lattice lattice = new Lattice(basis.toArray(new double[0][]));
            List<Site> sites = new ArrayList<>();
            for (int i = 0; i < positions.size(); i++) {
                String symbol = atoms.get(i).strip();
                Element e = Elements.bySymbol(symbol)
                        .orElseThrow(() -> FormatException.inFile(file, "<atominfo> names an unknown element '" + symbol + "'"));
                sites.add(new Site(e.symbol() + (i + 1), Map.of(e, 1.0), positions.get(i)));
            }
            return new Structure(lattice, sites);
        }

        Parsed result() throws FormatException {
            Structure finalStructure = structure("finalpos");
            if (finalStructure == null) {
                throw FormatException.inFile(file, "no <structure name=\"finalpos\">; the run did not finish writing");
            }
            if (ionicEnergies.isEmpty()) {
                throw FormatException.inFile(file, "no <calculation> with energies");
            }
            ObjectNode meta = Json.object();
            meta.put("program", generator.path("program").asString("vasp").strip());
            meta.put("version", generator.path("version").asString("").strip());
            if (generator.has("subversion")) {
                meta.put("subversion", generator.get("subversion").asString().strip().replaceAll("\\s+", " "));
            }
            if (generator.has("date")) {
                meta.put("run_date", generator.get("date").asString().strip().replace(' ', '-')
                        + (generator.has("time") ? "T" + generator.get("time").asString().strip() : ""));
            }
            meta.set("incar", incar);
            meta.set("species", species);
            meta.put("num_atoms", finalStructure.numSites());
            int steps = ionicEnergies.size();
            meta.put("ionic_steps", steps);
            meta.put("electronic_steps_last", scsteps.isEmpty() ? 0 : scsteps.getLast());
            int nelm = intParam("NELM", 60);
            int nsw = intParam("NSW", 0);
            boolean electronic = !scsteps.isEmpty() && scsteps.getLast() < nelm;
            boolean ionic = nsw <= 1 || steps < nsw;
            meta.put("converged_electronic", electronic);
            meta.put("converged_ionic", ionic);
            meta.put("converged", electronic && ionic);
            if (kpoints > 0) {
                meta.put("kpoints", kpoints);
            }
            Structure initial = structure("initialpos");
            if (initial != null) {
                meta.set("initial_structure", StructureJson.write(initial));
            }
            double[] last = ionicEnergies.getLast();
            Map<String, Quantity> props = new LinkedHashMap<>();
            int n = finalStructure.numSites();
            if (!Double.isNaN(last[2])) {
                props.put("total_energy", Quantity.of(last[2], "eV"));
                props.put("energy_per_atom", Quantity.of(last[2] / n, "eV/atom"));
            }
            if (!Double.isNaN(last[0])) {
                props.put("free_energy", Quantity.of(last[0], "eV"));
            }
            if (efermi != null) {
                props.put("fermi_energy", Quantity.of(efermi, "eV"));
            }
            if (haveEigen && vbm > Double.NEGATIVE_INFINITY && cbm < Double.POSITIVE_INFINITY) {
                double gap = Math.max(0, cbm - vbm);
                double direct = Double.POSITIVE_INFINITY;
                for (int k = 0; k < kVbm.length; k++) {
                    if (kVbm[k] > Double.NEGATIVE_INFINITY && kCbm[k] < Double.POSITIVE_INFINITY) {
                        direct = Math.min(direct, kCbm[k] - kVbm[k]);
                    }
                }
                props.put("band_gap", Quantity.of(gap, "eV"));
                props.put("vbm", Quantity.of(vbm, "eV"));
                props.put("cbm", Quantity.of(cbm, "eV"));
                meta.put("gap_direct", gap > 0 && vbmK == cbmK);
                if (direct < Double.POSITIVE_INFINITY) {
                    props.put("direct_gap", Quantity.of(Math.max(0, direct), "eV"));
                }
            }
            double[] step = new double[steps];
            double[] fr = new double[steps];
            double[] wo = new double[steps];
            double[] e0 = new double[steps];
            for (int i = 0; i < steps; i++) {
                step[i] = i + 1;
                fr[i] = ionicEnergies.get(i)[0];
                wo[i] = ionicEnergies.get(i)[1];
                e0[i] = ionicEnergies.get(i)[2];
            }
            Series energies = new Series("ionic steps", new Axis("ionic step", "", step),
                    List.of(new Axis("e_fr_energy", "eV", fr), new Axis("e_wo_entrp", "eV", wo), new Axis("e_0_energy", "eV", e0)));
            String system = incar.path("SYSTEM").asString("").strip();
            String title = finalStructure.composition().reducedFormula() + (system.isEmpty() ? "" : " (" + system + ")");
            return new Parsed(EntryKind.CALCULATION, title, finalStructure.composition(), List.of(energies), finalStructure, props, meta);
        }

        private int intParam(String name, int fallback) {
            String v = parameters.get(name);
            if (v == null && incar.has(name)) {
                v = incar.get(name).asString();
            }
            try {
                return v == null ? fallback : (int) Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
    }
}
