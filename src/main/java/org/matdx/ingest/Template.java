package org.matdx.ingest;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * How one kind of instrument file becomes an entry, as RDE's templates say it: which files it
 * accepts, which readers may read them, what the technician fills in (the invoice's
 * template-specific part, a JSON Schema with ja/en labels and units), and what structuring
 * derives. Declared in YAML or JSON; see docs/ingest.md.
 *
 * @param readers   reader ids in order of preference; recognition picks among them
 * @param invoice   JSON Schema (2020-12) of the template's own invoice fields ({@code custom})
 * @param descriptors derived descriptors to compute, e.g. {@code xrd_peaks}, {@code spectrum_maxima}
 * @param source    where it was declared (for messages)
 */
public record Template(String id, String instrumentType, Map<String, String> title, List<String> filePatterns,
                       List<String> readers, String kind, List<String> descriptors, JsonNode invoice, String source) {
    public Template {
        title = Map.copyOf(title);
        filePatterns = List.copyOf(filePatterns);
        readers = List.copyOf(readers);
        descriptors = List.copyOf(descriptors);
    }

    public String title(String lang) {
        return title.getOrDefault(lang, title.getOrDefault("en", id));
    }

    /** Whether a file name matches one of the accepted patterns (glob, case-insensitive). */
    public boolean accepts(String fileName) {
        if (filePatterns.isEmpty()) {
            return true;
        }
        Path name = Path.of(fileName.toLowerCase(Locale.ROOT));
        for (String pattern : filePatterns) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.toLowerCase(Locale.ROOT));
            if (m.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
