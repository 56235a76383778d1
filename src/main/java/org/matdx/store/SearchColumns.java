package org.matdx.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The derived search columns of an entries row, computed in Java for the bulk loader exactly as
 * the row trigger of V181 computes them in SQL (the functions of V30, V31, V36): the number of
 * sites, the OPTIMADE species at sites, dimension types and disorder of the structure, the
 * instrument, the OPTIMADE integer formulas and the composition keys. The full-text vectors are
 * left to PostgreSQL's parser.
 *
 * <p>Only shapes whose SQL meaning is plain are derived here: sites that are objects with a
 * non-empty {@code species} object of numbers and a string label or none, whole-number dimension
 * types, string instrument names, numeric amounts. For anything else {@link #of} answers null and
 * the loader lets the trigger compute the row, so that a value PostgreSQL would read differently
 * (or refuse) is never guessed at. {@code EntryBulkLoadTest} compares both on the same entries.
 *
 * @param nsites        structure_nsites
 * @param speciesAtSites structure_species_at_sites
 * @param dimensionTypes structure_dimension_types
 * @param disordered    structure_disordered
 * @param instrument    instrument
 * @param optimadeReduced optimade_reduced
 * @param optimadeAnonymous optimade_anonymous
 * @param elementKeys   element_keys
 */
record SearchColumns(Integer nsites, List<String> speciesAtSites, List<Integer> dimensionTypes, Boolean disordered,
                     String instrument, String optimadeReduced, String optimadeAnonymous, List<String> elementKeys) {

    /** Not derivable here: the trigger computes the row. */
    private static final class Unusual extends Exception {
        Unusual() {
            super(null, null, false, false);
        }
    }

    /**
     * The columns for an entry as stored ({@code data}, {@code invoice}, {@code metadata} and
     * {@code composition} as the JSON written to the row; {@code elements} and {@code fractions}
     * as the row's arrays), or null when a value has a shape left to the trigger.
     */
    static SearchColumns of(JsonNode data, JsonNode invoice, JsonNode metadata, JsonNode composition, List<String> elements,
                            List<Double> fractions) {
        try {
            JsonNode structure = data == null ? null : data.get("structure");
            JsonNode sites = structure == null ? null : structure.get("sites");
            boolean hasSites = sites != null && sites.isArray();
            String[] formulas = integerFormula(composition);
            return new SearchColumns(hasSites ? sites.size() : null, hasSites ? speciesAtSites(sites) : null,
                    hasSites ? dimensionTypes(structure) : null, hasSites ? disordered(sites) : null,
                    instrument(invoice, metadata), formulas == null ? null : formulas[0], formulas == null ? null : formulas[1],
                    elementKeys(elements, fractions));
        } catch (Unusual e) {
            return null;
        }
    }

    /** jsonb keeps an object's keys shortest first, then in byte order; SQL functions see them in that order. */
    private static final Comparator<String> JSONB_KEY_ORDER = (a, b) -> {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
    };

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>(object.propertyNames());
        keys.sort(JSONB_KEY_ORDER);
        return keys;
    }

    /** A site's species object: non-empty, numbers only. */
    private static JsonNode speciesOf(JsonNode site) throws Unusual {
        if (!site.isObject()) {
            throw new Unusual();
        }
        JsonNode species = site.get("species");
        if (species == null || !species.isObject() || species.isEmpty()) {
            throw new Unusual();
        }
        for (Map.Entry<String, JsonNode> e : species.properties()) {
            if (!e.getValue().isNumber()) {
                throw new Unusual();
            }
        }
        return species;
    }

    /** matdx_species_at_sites: the label, or the species' names joined. */
    private static List<String> speciesAtSites(JsonNode sites) throws Unusual {
        List<String> out = new ArrayList<>(sites.size());
        for (JsonNode site : sites) {
            JsonNode species = speciesOf(site);
            JsonNode label = site.get("label");
            if (label != null && !label.isNull() && !label.isString()) {
                throw new Unusual();
            }
            String text = label == null || label.isNull() ? "" : label.asString();
            out.add(!text.isEmpty() ? text : String.join("", keys(species)));
        }
        return out;
    }

    /** matdx_structure_disordered: a site with several species, or occupancies summing to less than one. */
    private static boolean disordered(JsonNode sites) throws Unusual {
        boolean any = false;
        for (JsonNode site : sites) {
            JsonNode species = speciesOf(site);
            double sum = 0;
            for (String k : keys(species)) {
                sum += species.get(k).doubleValue();
            }
            any |= species.size() > 1 || sum < 1 - 1e-6;
        }
        return any;
    }

    /** matdx_dimension_types: as given, or a 3D crystal. */
    private static List<Integer> dimensionTypes(JsonNode structure) throws Unusual {
        JsonNode d = structure.get("dimension_types");
        if (d == null || !d.isArray()) {
            return List.of(1, 1, 1);
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode x : d) {
            if (!x.isIntegralNumber() || !x.canConvertToInt()) {
                throw new Unusual();
            }
            out.add(x.intValue());
        }
        return out;
    }

    /** matdx_instrument: the invoice's instrument, else the extracted metadata's. */
    private static String instrument(JsonNode invoice, JsonNode metadata) throws Unusual {
        String fromInvoice = instrumentOf(invoice);
        return fromInvoice != null ? fromInvoice : instrumentOf(metadata);
    }

    private static String instrumentOf(JsonNode part) throws Unusual {
        JsonNode i = part == null ? null : part.get("instrument");
        if (i == null) {
            return null;
        }
        if (i.isString()) {
            return i.asString().isEmpty() ? null : i.asString();
        }
        if (i.isObject()) {
            JsonNode name = i.get("name");
            if (name == null || name.isNull()) {
                return null;
            }
            if (!name.isString()) {
                throw new Unusual();
            }
            return name.asString();
        }
        return null;
    }

    /**
     * matdx_integer_formula: {reduced, anonymous} with whole-number proportions (the smallest
     * multiplier up to 1000 that makes every amount whole, else the fractions to 1/10000).
     */
    static String[] integerFormula(JsonNode composition) throws Unusual {
        if (composition == null || composition.isNull() || !composition.isObject() || composition.isEmpty()) {
            return null;
        }
        List<String> symbols = new ArrayList<>(composition.propertyNames());
        symbols.sort(Comparator.comparing((String s) -> s.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        int n = symbols.size();
        double[] amounts = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode v = composition.get(symbols.get(i));
            if (!v.isNumber()) {
                throw new Unusual();
            }
            amounts[i] = v.doubleValue();
        }
        long[] counts = null;
        for (int k = 1; k <= 1000 && counts == null; k++) {
            boolean whole = true;
            for (int i = 0; i < n && whole; i++) {
                double x = amounts[i] * k;
                whole = !(Math.abs(x - Math.rint(x)) > 1e-8 * Math.max(1, Math.abs(x)) || Math.rint(x) == 0);
            }
            if (whole) {
                counts = new long[n];
                for (int i = 0; i < n; i++) {
                    if (Math.abs(amounts[i] * k) >= 0x1p63) {
                        throw new Unusual(); // beyond bigint, where the SQL function fails rather than wraps
                    }
                }
                for (int i = 0; i < n; i++) {
                    counts[i] = (long) Math.rint(amounts[i] * k);
                }
            }
        }
        if (counts == null) {
            double total = 0;
            for (double a : amounts) {
                total += a;
            }
            counts = new long[n];
            for (int i = 0; i < n; i++) {
                counts[i] = (long) Math.max(1, Math.rint(amounts[i] / total * 10000));
            }
        }
        long g = 0;
        for (long c : counts) {
            g = gcd(g, c);
        }
        StringBuilder reduced = new StringBuilder();
        for (int i = 0; i < n; i++) {
            counts[i] /= g;
            reduced.append(symbols.get(i)).append(counts[i] == 1 ? "" : Long.toString(counts[i]));
        }
        long[] sorted = counts.clone();
        Arrays.sort(sorted);
        StringBuilder anonymous = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            long c = sorted[n - i];
            // labels A … Z, Aa … Za, Ab … (OPTIMADE)
            anonymous.append((char) (65 + (i - 1) % 26)).append(i > 26 ? String.valueOf((char) (97 + (i - 1) / 26 - 1)) : "")
                    .append(c == 1 ? "" : Long.toString(c));
        }
        return new String[] {reduced.toString(), anonymous.toString()};
    }

    private static long gcd(long a, long b) {
        a = Math.abs(a);
        b = Math.abs(b);
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** matdx_element_keys (V36): symbols, pairs of symbols, and each symbol with its fraction in twentieths. */
    static List<String> elementKeys(List<String> elements, List<Double> fractions) throws Unusual {
        List<String> keys = new ArrayList<>(elements);
        for (String a : elements) {
            for (String b : elements) {
                if (Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)) < 0) {
                    keys.add(a + "|" + b);
                }
            }
        }
        for (int i = 0; i < elements.size(); i++) {
            Double boxed = fractions.get(i);
            if (boxed == null || !Double.isFinite(boxed)) {
                throw new Unusual();
            }
            double f = boxed;
            if (f >= 0 && f <= 1 && f == Math.rint(f * 20) / 20.0) {
                keys.add(elements.get(i) + "=" + (int) Math.rint(f * 20));
            } else {
                double b = Math.floor(f * 20);
                double bucket = f <= b / 20.0 ? b - 1 : f >= (b + 1) / 20.0 ? b + 1 : b;
                keys.add(elements.get(i) + ":" + (int) Math.rint(Math.min(19, Math.max(0, bucket))));
            }
        }
        return keys;
    }
}
