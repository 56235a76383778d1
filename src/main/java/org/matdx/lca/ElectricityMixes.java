package org.matdx.lca;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The electricity mixes MatDX ships, each with a cited grid intensity ({@code electricity-mixes.tsv}). */
public final class ElectricityMixes {
    private static final Map<String, Bom.Electricity> MIXES = load();

    private ElectricityMixes() {
    }

    public static Map<String, Bom.Electricity> all() {
        return MIXES;
    }

    public static Optional<Bom.Electricity> byCode(String code) {
        return Optional.ofNullable(MIXES.get(code));
    }

    /** The default mix of a product that names none: the world average. */
    public static Bom.Electricity world() {
        return MIXES.get("world");
    }

    private static Map<String, Bom.Electricity> load() {
        try (InputStream in = ElectricityMixes.class.getResourceAsStream("/org/matdx/elementstrategy/electricity-mixes.tsv")) {
            if (in == null) {
                throw new IllegalStateException("electricity-mixes.tsv is missing from the classpath");
            }
            Map<String, Bom.Electricity> out = new LinkedHashMap<>();
            boolean header = true;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] c = line.split("\t", -1);
                out.put(c[0], new Bom.Electricity(c[0], c[1], Double.parseDouble(c[2]), Integer.parseInt(c[3]), c[4]));
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
