package org.matdx.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The periodic table as compiled by the project ({@code elements.tsv}; sources in docs/SOURCES.md).
 */
public final class Elements {
    private static final List<Element> ALL;
    private static final Map<String, Element> BY_SYMBOL;

    private static final Map<String, ElementProperty> COLUMNS = Map.ofEntries(
            Map.entry("electronegativity_pauling", ElementProperty.ELECTRONEGATIVITY_PAULING),
            Map.entry("covalent_radius_pm", ElementProperty.COVALENT_RADIUS),
            Map.entry("magpie_MendeleevNumber", ElementProperty.MENDELEEV_NUMBER),
            Map.entry("magpie_AtomicWeight", ElementProperty.MAGPIE_ATOMIC_WEIGHT),
            Map.entry("magpie_MeltingT", ElementProperty.MELTING_T),
            Map.entry("magpie_Column", ElementProperty.COLUMN),
            Map.entry("magpie_Row", ElementProperty.ROW),
            Map.entry("magpie_CovalentRadius", ElementProperty.MAGPIE_COVALENT_RADIUS),
            Map.entry("magpie_Electronegativity", ElementProperty.MAGPIE_ELECTRONEGATIVITY),
            Map.entry("magpie_NsValence", ElementProperty.NS_VALENCE),
            Map.entry("magpie_NpValence", ElementProperty.NP_VALENCE),
            Map.entry("magpie_NdValence", ElementProperty.ND_VALENCE),
            Map.entry("magpie_NfValence", ElementProperty.NF_VALENCE),
            Map.entry("magpie_NValence", ElementProperty.N_VALENCE),
            Map.entry("magpie_NsUnfilled", ElementProperty.NS_UNFILLED),
            Map.entry("magpie_NpUnfilled", ElementProperty.NP_UNFILLED),
            Map.entry("magpie_NdUnfilled", ElementProperty.ND_UNFILLED),
            Map.entry("magpie_NfUnfilled", ElementProperty.NF_UNFILLED),
            Map.entry("magpie_NUnfilled", ElementProperty.N_UNFILLED),
            Map.entry("magpie_GSvolume_pa", ElementProperty.GS_VOLUME_PA),
            Map.entry("magpie_GSbandgap", ElementProperty.GS_BANDGAP),
            Map.entry("magpie_GSmagmom", ElementProperty.GS_MAGMOM),
            Map.entry("magpie_SpaceGroupNumber", ElementProperty.SPACE_GROUP_NUMBER),
            Map.entry("magpie_FirstIonizationEnergy", ElementProperty.FIRST_IONIZATION_ENERGY),
            Map.entry("magpie_ElectronAffinity", ElementProperty.ELECTRON_AFFINITY),
            Map.entry("magpie_Density", ElementProperty.DENSITY));

    static {
        List<Element> all = new ArrayList<>();
        try (InputStream in = Elements.class.getResourceAsStream("elements.tsv")) {
            if (in == null) {
                throw new IllegalStateException("elements.tsv is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String[] header = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (header == null) {
                    header = cells;
                    continue;
                }
                all.add(parse(header, cells));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ALL = Collections.unmodifiableList(all);
        Map<String, Element> bySymbol = new HashMap<>();
        for (Element e : all) {
            bySymbol.put(e.symbol(), e);
        }
        BY_SYMBOL = Collections.unmodifiableMap(bySymbol);
    }

    private static Element parse(String[] header, String[] cells) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            row.put(header[i], i < cells.length ? cells[i] : "");
        }
        int z = Integer.parseInt(row.get("z"));
        double weight = Double.parseDouble(row.get("atomic_weight"));
        int period = Integer.parseInt(row.get("period"));
        String groupCell = row.get("group");
        int group = groupCell.isEmpty() ? 0 : Integer.parseInt(groupCell);
        Map<ElementProperty, Double> props = new EnumMap<>(ElementProperty.class);
        props.put(ElementProperty.ATOMIC_NUMBER, (double) z);
        props.put(ElementProperty.ATOMIC_WEIGHT, weight);
        props.put(ElementProperty.PERIOD, (double) period);
        if (group > 0) {
            props.put(ElementProperty.GROUP, (double) group);
        }
        COLUMNS.forEach((column, property) -> {
            String v = row.getOrDefault(column, "");
            if (!v.isEmpty()) {
                props.put(property, Double.parseDouble(v));
            }
        });
        return new Element(z, row.get("symbol"), row.get("name"), weight, period, group,
                row.get("block").charAt(0), props);
    }

    private Elements() {
    }

    /** All 118 elements in order of atomic number. */
    public static List<Element> all() {
        return ALL;
    }

    public static Optional<Element> bySymbol(String symbol) {
        return Optional.ofNullable(BY_SYMBOL.get(symbol));
    }

    /** The element with this symbol; throws {@link IllegalArgumentException} for an unknown symbol. */
    public static Element of(String symbol) {
        Element e = BY_SYMBOL.get(symbol);
        if (e == null) {
            throw new IllegalArgumentException("unknown element symbol '" + symbol + "'");
        }
        return e;
    }

    public static Element byNumber(int z) {
        if (z < 1 || z > ALL.size()) {
            throw new IllegalArgumentException("no element with atomic number " + z);
        }
        return ALL.get(z - 1);
    }
}
