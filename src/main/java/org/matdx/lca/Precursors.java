package org.matdx.lca;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.matdx.core.Composition;
import org.matdx.elementstrategy.ElementResources;

/**
 * The precursor chemicals MatDX ships with a published cradle-to-gate footprint
 * ({@code precursor-footprints.tsv}): a bill of materials names one by its code and its figure is
 * used instead of the sum over its elements. A figure the source does not give is unassessed (null),
 * never zero: the element sum stands in for it.
 */
public final class Precursors {
    private static final Map<String, Precursor> ALL = load();

    private Precursors() {
    }

    /**
     * One precursor as supplied.
     *
     * @param composition what it is made of (hydrate water included), for element masses, critical content and risk
     * @param gwp         kg CO2-eq per kg of the precursor, or null when the source gives none
     * @param ced         MJ per kg, or null when the source gives none
     * @param source      key into {@code element-footprint-sources.tsv}
     * @param scope       route, region and product form the figure is for
     */
    public record Precursor(String code, String name, Composition composition, Double gwp, Double ced, String source,
                            int year, String scope, String boundary) {
    }

    public static Map<String, Precursor> all() {
        return ALL;
    }

    public static Optional<Precursor> byCode(String code) {
        return Optional.ofNullable(ALL.get(code));
    }

    private static Map<String, Precursor> load() {
        try (InputStream in = Precursors.class.getResourceAsStream("/org/matdx/elementstrategy/precursor-footprints.tsv")) {
            if (in == null) {
                throw new IllegalStateException("precursor-footprints.tsv is missing from the classpath");
            }
            Map<String, Precursor> out = new LinkedHashMap<>();
            String[] header = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (header == null) {
                    header = c;
                    continue;
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], i < c.length ? c[i].strip() : "");
                }
                String code = row.get("code");
                if (!ElementResources.standard().footprintSources().containsKey(row.get("source"))) {
                    throw new IllegalStateException("precursor-footprints.tsv: " + code + " cites unknown source " + row.get("source"));
                }
                Precursor p = new Precursor(code, row.get("name"), Composition.parse(row.get("formula")),
                        number(row.get("gwp_kg_co2eq_per_kg")), number(row.get("ced_mj_per_kg")), row.get("source"),
                        Integer.parseInt(row.get("year")), row.get("scope"), row.get("boundary"));
                if (out.put(code, p) != null) {
                    throw new IllegalStateException("precursor-footprints.tsv lists " + code + " twice");
                }
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Double number(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalStateException("precursor-footprints.tsv: " + s + " is not a footprint");
        }
        return v;
    }
}
