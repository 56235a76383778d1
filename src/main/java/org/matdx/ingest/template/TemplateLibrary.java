package org.matdx.ingest.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.matdx.formats.Readers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The templates this installation knows: the ones shipped under {@code /templates/} (listed in
 * {@code /templates/shipped.txt}) and a facility's own, read from a directory at start-up, so a
 * facility adds an instrument without recompiling. A facility template with a shipped id replaces it.
 */
public final class TemplateLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateLibrary.class);
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Map<String, Template> byId;
    private final InvoiceValidator validator;

    private TemplateLibrary(Map<String, Template> byId) {
        this.byId = Map.copyOf(byId);
        this.validator = new InvoiceValidator();
        byId.values().forEach(validator::compile); // a broken schema fails at start, not at the first upload
    }

    /**
     * Loads shipped templates and, when the directory exists, every {@code *.yaml}, {@code *.yml}
     * and {@code *.json} in {@code facilityDir}. A template naming a reader that is not installed is
     * refused with the file's name.
     */
    public static TemplateLibrary load(Path facilityDir, Readers readers) {
        Map<String, Template> m = new LinkedHashMap<>();
        for (String name : shippedNames()) {
            try (InputStream in = TemplateLibrary.class.getResourceAsStream("/templates/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("shipped template /templates/" + name + " is missing");
                }
                Template t = TemplateParser.parse(readTree(name, in.readAllBytes()), "classpath:/templates/" + name);
                m.put(t.id(), t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (facilityDir != null && Files.isDirectory(facilityDir)) {
            try (Stream<Path> files = Files.list(facilityDir)) {
                for (Path f : files.filter(TemplateLibrary::isTemplateFile).sorted(Comparator.naturalOrder()).toList()) {
                    Template t = TemplateParser.parse(readTree(f.getFileName().toString(), Files.readAllBytes(f)), f.toString());
                    if (m.containsKey(t.id())) {
                        LOG.info("Facility template {} replaces the shipped one", f);
                    }
                    m.put(t.id(), t);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read templates in " + facilityDir, e);
            }
        }
        List<String> missing = new ArrayList<>();
        for (Template t : m.values()) {
            if (readers != null && readers.byId(t.reader()).isEmpty()) {
                missing.add(t.source() + ": reader '" + t.reader() + "' is not installed");
            }
        }
        if (!missing.isEmpty()) {
            // shipped templates for readers still being written are skipped; facility ones must be right
            for (String s : missing) {
                if (!s.startsWith("classpath:")) {
                    throw new IllegalStateException("template " + s);
                }
            }
            m.values().removeIf(t -> t.source().startsWith("classpath:") && readers.byId(t.reader()).isEmpty());
            LOG.debug("Skipped shipped templates whose reader is not installed: {}", missing);
        }
        return new TemplateLibrary(m);
    }

    private static boolean isTemplateFile(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    static List<String> shippedNames() {
        try (InputStream in = TemplateLibrary.class.getResourceAsStream("/templates/shipped.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readTree(String name, byte[] bytes) {
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        try {
            return (json ? JSON : YAML).readTree(bytes);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new IllegalStateException("template " + name + (loc == null ? "" : ", line " + loc.getLineNr())
                    + ": not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
        }
    }

    public Optional<Template> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Template> all() {
        return byId.values().stream().sorted(Comparator.comparing(Template::id)).toList();
    }

    /** The template for a reader: the one whose id is the reader's id, else the first naming that reader. */
    public Optional<Template> forReader(String readerId) {
        Template same = byId.get(readerId);
        if (same != null && same.reader().equals(readerId)) {
            return Optional.of(same);
        }
        return all().stream().filter(t -> t.reader().equals(readerId)).findFirst();
    }

    public InvoiceValidator validator() {
        return validator;
    }
}
