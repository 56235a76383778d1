package org.matdx.lca;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.matdx.core.Composition;
import org.matdx.core.FormulaException;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;

/**
 * Reads a bill of materials from JSON, collecting every problem with its path
 * ({@code components[2].components[0].mass_kg}) before refusing it as one 400. What a careless or
 * hostile document can cost is bounded: at most {@link #MAX_COMPONENTS} components in all,
 * {@link #MAX_DEPTH} levels of parts, masses finite, positive and at most {@link #MAX_MASS_KG}.
 */
public final class BomReader {
    public static final int MAX_COMPONENTS = 2000;
    public static final int MAX_DEPTH = 12;
    public static final int MAX_STEPS = 50;
    public static final double MAX_MASS_KG = 1e6;
    public static final double MAX_KWH = 1e9;
    public static final double MAX_G_PER_KWH = 2000;
    static final int MAX_NAME = 200;
    static final int MAX_SOURCE = 1000;
    /** An assembly's stated mass may differ from the sum of its parts by rounding, no more. */
    static final double MASS_TOLERANCE = 1e-3;

    private static final Set<String> PRODUCT_KEYS = Set.of("name", "functional_unit", "electricity", "allocation",
            "components", "steps", "mass_kg");
    private static final Set<String> COMPONENT_KEYS = Set.of("name", "mass_kg", "formula", "precursor", "entry", "product",
            "components", "recycled_fraction", "declared", "steps");

    private final List<Problem.Issue> issues = new ArrayList<>();
    private int components;

    private BomReader() {
    }

    /** The bill of materials in {@code body}, or a 400 naming every problem found. */
    public static Bom read(JsonNode body) {
        BomReader r = new BomReader();
        Bom bom = r.product(body);
        if (!r.issues.isEmpty()) {
            throw Problem.invalid(r.issues.size() > 20 ? r.issues.subList(0, 20) : r.issues);
        }
        return bom;
    }

    private Bom product(JsonNode b) {
        if (b == null || !b.isObject()) {
            issues.add(new Problem.Issue("", "a bill of materials is a JSON object with name and components"));
            return null;
        }
        unknownKeys(b, PRODUCT_KEYS, "");
        String name = text(b, "name", "", true);
        String unit = b.has("functional_unit") ? text(b, "functional_unit", "", true) : "1 unit";
        Bom.Electricity mix = b.has("electricity") ? electricity(b.get("electricity"), "electricity") : ElectricityMixes.world();
        Bom.Allocation allocation = Bom.Allocation.CUT_OFF;
        if (b.has("allocation")) {
            JsonNode a = b.get("allocation");
            allocation = a.isString() ? Bom.Allocation.byCode(a.asString()).orElse(null) : null;
            if (allocation == null) {
                issues.add(new Problem.Issue("allocation", "must be \"cut-off\" or \"none\""));
            }
        }
        Bom.Component root = assembly(b, name == null ? "product" : name, "", 0);
        return issues.isEmpty() ? new Bom(name, unit, root, mix, allocation) : null;
    }

    private Bom.Component component(JsonNode c, String path, int depth) {
        if (!c.isObject()) {
            issues.add(new Problem.Issue(path, "a component is an object with name, mass_kg and one of formula, precursor, entry, product or components"));
            return null;
        }
        if (++components > MAX_COMPONENTS) {
            if (components == MAX_COMPONENTS + 1) {
                issues.add(new Problem.Issue(path, "a bill of materials holds at most " + MAX_COMPONENTS + " components"));
            }
            return null;
        }
        unknownKeys(c, COMPONENT_KEYS, path + ".");
        String name = text(c, "name", path + ".", true);
        int kinds = (c.has("formula") ? 1 : 0) + (c.has("precursor") ? 1 : 0) + (c.has("entry") ? 1 : 0)
                + (c.has("product") ? 1 : 0) + (c.has("components") ? 1 : 0);
        if (kinds != 1) {
            issues.add(new Problem.Issue(path, kinds == 0
                    ? "give what the component is: formula, precursor (a listed precursor's code), entry (a hub entry's id), "
                    + "product (a stored product's id) or components"
                    : "give only one of formula, precursor, entry, product and components"));
            return null;
        }
        if (c.has("components")) {
            if (c.has("recycled_fraction") || c.has("declared")) {
                issues.add(new Problem.Issue(path, "recycled_fraction and declared belong to a material, not to an assembly of components"));
            }
            return assembly(c, name, path + ".", depth);
        }
        Double mass = mass(c.get("mass_kg"), path + ".mass_kg", true);
        Bom.Declared declared = c.has("declared") ? declared(c.get("declared"), path + ".declared") : null;
        Bom.Material material = null;
        if (c.has("formula")) {
            JsonNode f = c.get("formula");
            if (!f.isString() || f.asString().isBlank()) {
                issues.add(new Problem.Issue(path + ".formula", "must be a chemical formula, e.g. LiCoO2"));
            } else {
                try {
                    material = new Bom.Formula(Composition.parse(f.asString()), declared);
                } catch (FormulaException e) {
                    issues.add(new Problem.Issue(path + ".formula", e.getMessage()));
                }
            }
        } else if (c.has("precursor")) {
            JsonNode p = c.get("precursor");
            var listed = p.isString() ? Precursors.byCode(p.asString().strip()) : Optional.<Precursors.Precursor>empty();
            if (listed.isEmpty()) {
                issues.add(new Problem.Issue(path + ".precursor", (p.isString() ? "'" + abbreviate(p.asString()) + "' is not a listed precursor"
                        : "must be a listed precursor's code") + " (" + String.join(", ", Precursors.all().keySet())
                        + "; GET /api/v1/precursors); or give its formula with a declared figure"));
            } else {
                material = new Bom.Formula(listed.get().composition(), declared, listed.get());
            }
        } else if (c.has("entry")) {
            UUID id = uuid(c.get("entry"), path + ".entry");
            material = id == null ? null : new Bom.HubEntry(id, declared);
        } else {
            UUID id = uuid(c.get("product"), path + ".product");
            material = id == null ? null : new Bom.SubProduct(id, declared);
        }
        Double recycled = null;
        if (c.has("recycled_fraction")) {
            JsonNode r = c.get("recycled_fraction");
            if (!r.isNumber() || !Double.isFinite(r.asDouble()) || r.asDouble() < 0 || r.asDouble() > 1) {
                issues.add(new Problem.Issue(path + ".recycled_fraction", "must be a number from 0 to 1 (the recycled share of this material's mass)"));
            } else {
                recycled = r.asDouble();
            }
        }
        List<Bom.ProcessStep> steps = steps(c, path + ".");
        if (mass == null || material == null) {
            return null;
        }
        return new Bom.Component(name, mass, material, List.of(), recycled, steps);
    }

    private Bom.Component assembly(JsonNode c, String name, String prefix, int depth) {
        JsonNode parts = c.get("components");
        String where = prefix + "components";
        List<Bom.Component> out = new ArrayList<>();
        if (parts == null || !parts.isArray() || parts.isEmpty()) {
            issues.add(new Problem.Issue(where, "must be a non-empty array of components"));
        } else if (depth >= MAX_DEPTH) {
            issues.add(new Problem.Issue(where, "components are nested more than " + MAX_DEPTH + " levels deep"));
        } else {
            for (int i = 0; i < parts.size() && components <= MAX_COMPONENTS; i++) {
                Bom.Component x = component(parts.get(i), where + "[" + i + "]", depth + 1);
                if (x != null) {
                    out.add(x);
                }
            }
        }
        List<Bom.ProcessStep> steps = steps(c, prefix);
        double sum = out.stream().mapToDouble(Bom.Component::massKg).sum();
        if (c.has("mass_kg")) {
            Double stated = mass(c.get("mass_kg"), prefix + "mass_kg", false);
            if (stated != null && issues.isEmpty() && Math.abs(stated - sum) > MASS_TOLERANCE * Math.max(stated, sum)) {
                issues.add(new Problem.Issue(prefix + "mass_kg", "is " + kg(stated) + " kg but the components add up to "
                        + kg(sum) + " kg; an assembly's mass is the sum of its parts (list what is missing as a component)"));
            }
        }
        return new Bom.Component(name, sum, null, out, null, steps);
    }

    private List<Bom.ProcessStep> steps(JsonNode c, String prefix) {
        if (!c.has("steps")) {
            return List.of();
        }
        JsonNode s = c.get("steps");
        if (!s.isArray() || s.size() > MAX_STEPS) {
            issues.add(new Problem.Issue(prefix + "steps", "must be an array of at most " + MAX_STEPS + " process steps"));
            return List.of();
        }
        List<Bom.ProcessStep> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            String p = prefix + "steps[" + i + "]";
            JsonNode x = s.get(i);
            if (!x.isObject()) {
                issues.add(new Problem.Issue(p, "a step is an object with name and electricity_kwh"));
                continue;
            }
            unknownKeys(x, Set.of("name", "electricity_kwh", "electricity"), p + ".");
            String name = text(x, "name", p + ".", true);
            JsonNode k = x.get("electricity_kwh");
            Double kwh = null;
            if (k == null || !k.isNumber() || !Double.isFinite(k.asDouble()) || k.asDouble() < 0 || k.asDouble() > MAX_KWH) {
                issues.add(new Problem.Issue(p + ".electricity_kwh", "must be a number of kWh from 0 to " + (long) MAX_KWH));
            } else {
                kwh = k.asDouble();
            }
            Bom.Electricity mix = x.has("electricity") ? electricity(x.get("electricity"), p + ".electricity") : null;
            if (name != null && kwh != null) {
                out.add(new Bom.ProcessStep(name, kwh, mix));
            }
        }
        return out;
    }

    private Bom.Electricity electricity(JsonNode e, String path) {
        if (e.isString()) {
            var m = ElectricityMixes.byCode(e.asString());
            if (m.isEmpty()) {
                issues.add(new Problem.Issue(path, "'" + abbreviate(e.asString()) + "' is not a listed electricity mix ("
                        + String.join(", ", ElectricityMixes.all().keySet())
                        + "); or give {\"g_co2eq_per_kwh\": …, \"source\": …}"));
            }
            return m.orElse(null);
        }
        if (!e.isObject()) {
            issues.add(new Problem.Issue(path, "must be a listed mix's code or {\"g_co2eq_per_kwh\": …, \"source\": …}"));
            return null;
        }
        unknownKeys(e, Set.of("g_co2eq_per_kwh", "name", "year", "source"), path + ".");
        JsonNode g = e.get("g_co2eq_per_kwh");
        String source = text(e, "source", path + ".", true);
        if (g == null || !g.isNumber() || !Double.isFinite(g.asDouble()) || g.asDouble() < 0 || g.asDouble() > MAX_G_PER_KWH) {
            issues.add(new Problem.Issue(path + ".g_co2eq_per_kwh", "must be a grid intensity from 0 to " + (int) MAX_G_PER_KWH + " g CO2-eq/kWh"));
            return null;
        }
        int year = e.has("year") && e.get("year").isIntegralNumber() ? e.get("year").asInt() : 0;
        String name = e.has("name") ? text(e, "name", path + ".", false) : "declared mix";
        return source == null ? null : new Bom.Electricity("declared", name, g.asDouble(), year, source);
    }

    private Bom.Declared declared(JsonNode d, String path) {
        if (!d.isObject()) {
            issues.add(new Problem.Issue(path, "must be {\"gwp_kg_co2eq_per_kg\": …, \"ced_mj_per_kg\": …, \"source\": …}"));
            return null;
        }
        unknownKeys(d, Set.of("gwp_kg_co2eq_per_kg", "ced_mj_per_kg", "source"), path + ".");
        Double gwp = figure(d, "gwp_kg_co2eq_per_kg", path);
        Double ced = figure(d, "ced_mj_per_kg", path);
        String source = text(d, "source", path + ".", true);
        if (gwp == null && ced == null && !d.has("gwp_kg_co2eq_per_kg") && !d.has("ced_mj_per_kg")) {
            issues.add(new Problem.Issue(path, "declare gwp_kg_co2eq_per_kg, ced_mj_per_kg or both"));
        }
        return new Bom.Declared(gwp, ced, source);
    }

    private Double figure(JsonNode d, String key, String path) {
        JsonNode v = d.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0 || v.asDouble() > 1e7) {
            issues.add(new Problem.Issue(path + "." + key, "must be a finite number from 0 to 1e7 per kg"));
            return null;
        }
        return v.asDouble();
    }

    private Double mass(JsonNode m, String path, boolean required) {
        if (m == null) {
            if (required) {
                issues.add(new Problem.Issue(path, "is required: the component's mass in kg"));
            }
            return null;
        }
        if (!m.isNumber() || !Double.isFinite(m.asDouble())) {
            issues.add(new Problem.Issue(path, "must be a finite number of kg"));
            return null;
        }
        double v = m.asDouble();
        if (!(v > 0) || v > MAX_MASS_KG) {
            issues.add(new Problem.Issue(path, "must be more than 0 and at most " + (long) MAX_MASS_KG + " kg, got " + v));
            return null;
        }
        return v;
    }

    private UUID uuid(JsonNode n, String path) {
        if (n.isString()) {
            try {
                return UUID.fromString(n.asString());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        issues.add(new Problem.Issue(path, "must be an id (UUID)"));
        return null;
    }

    private String text(JsonNode o, String key, String prefix, boolean required) {
        JsonNode v = o.get(key);
        int max = key.equals("source") ? MAX_SOURCE : MAX_NAME;
        if (v == null || !v.isString() || v.asString().isBlank()) {
            if (required || v != null) {
                issues.add(new Problem.Issue(prefix + key, "must be a non-empty text"));
            }
            return null;
        }
        if (v.asString().length() > max) {
            issues.add(new Problem.Issue(prefix + key, "must be at most " + max + " characters"));
            return null;
        }
        return v.asString().strip();
    }

    private void unknownKeys(JsonNode o, Set<String> known, String prefix) {
        for (String k : o.propertyNames()) {
            if (!known.contains(k)) {
                issues.add(new Problem.Issue(prefix + abbreviate(k), "is not a field of a bill of materials here (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")"));
            }
        }
    }

    private static String kg(double v) {
        return new BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
