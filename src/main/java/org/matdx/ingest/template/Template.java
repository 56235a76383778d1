package org.matdx.ingest.template;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One instrument type's recipe for structuring (RDE's dataset template): which reader reads its
 * files, which invoice fields it asks for, and what structuring produces.
 *
 * @param title         bilingual title, keys {@code ja} and {@code en}
 * @param filePatterns  glob patterns on the file name ({@code *.xrdml}); case-insensitive
 * @param invoiceSchema JSON Schema 2020-12 for the template-specific invoice part ({@code custom}),
 *                      with {@code x-label} ({@code {ja, en}}) and {@code x-unit} on each field
 * @param source        where it was declared (a shipped resource or a facility file), for messages
 */
public record Template(String id, String instrumentType, Map<String, String> title, Map<String, String> description,
                       String reader, List<String> filePatterns, Produces produces, JsonNode invoiceSchema,
                       String source) {
    public Template {
        title = Map.copyOf(title);
        description = description == null ? Map.of() : Map.copyOf(description);
        filePatterns = List.copyOf(filePatterns);
    }

    /**
     * What structuring makes of a file read with this template.
     *
     * @param kind        entry kind: measurement, structure, calculation or property_row
     * @param plot        whether a PNG plot and thumbnail are rendered
     * @param descriptors derived descriptors to compute: {@code xrd_peaks}, {@code spectrum_summary},
     *                    {@code structure_summary}
     */
    public record Produces(String kind, boolean plot, List<String> descriptors) {
        public Produces {
            descriptors = descriptors == null ? List.of() : List.copyOf(descriptors);
        }
    }

    public String title(String lang) {
        return title.getOrDefault(lang, title.getOrDefault("en", id));
    }

    /** Whether a file name fits one of the patterns (case-insensitive, as instruments disagree on case). */
    public boolean acceptsName(String fileName) {
        if (fileName == null) {
            return false;
        }
        Path name = Path.of(fileName.toLowerCase(Locale.ROOT).replace('\\', '/')).getFileName();
        for (String p : filePatterns) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.toLowerCase(Locale.ROOT));
            if (m.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
