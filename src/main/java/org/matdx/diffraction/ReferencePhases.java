package org.matdx.diffraction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference phases MatDX ships as CIF files ({@code references/*.cif}, written by
 * tools/diffraction/make_reference_cifs.py from published lattice parameters and positions, cited
 * in each file): loaded as structure entries by the demo data, and the phases of the golden tests
 * and of the identification benchmark.
 */
public final class ReferencePhases {
    /** One shipped reference: its key, CIF file name, common name and the publication it follows. */
    public record Reference(String key, String file, String name, String source) {
    }

    private static final List<Reference> ALL = load();

    private ReferencePhases() {
    }

    public static List<Reference> all() {
        return ALL;
    }

    /** The CIF text of a shipped reference, by file name (e.g. {@code licoo2.cif}). */
    public static InputStream open(String file) {
        if (ALL.stream().noneMatch(r -> r.file().equals(file))) {
            throw new IllegalArgumentException("no shipped reference phase " + file);
        }
        return ReferencePhases.class.getResourceAsStream("references/" + file);
    }

    public static byte[] bytes(Reference r) {
        try (InputStream in = open(r.file())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Reference> load() {
        List<Reference> out = new ArrayList<>();
        try (InputStream in = ReferencePhases.class.getResourceAsStream("references/index.tsv")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                out.add(new Reference(f[0], f[1], f[2], f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
