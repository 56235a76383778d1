package org.matdx.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matdx.core.Problem;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The templates this installation offers: the ones MatDX ships (listed in
 * {@code templates/index.txt} on the class path) and a facility's own, read from a directory at
 * start so that adding an instrument needs no rebuild. A facility template with the same id
 * replaces the shipped one. A template that names an unknown reader or has an invalid invoice
 * schema is refused at start with the file and field, not at the first upload.
 */
public final class Templates {
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Map<String, Template> byId;

    private Templates(Map<String, Template> byId) {
        this.byId = byId;
    }

    public static Templates load(Readers readers, Path facilityDir) {
        Map<String, Template> all = new LinkedHashMap<>();
        for (String name : shippedNames()) {
            try (InputStream in = Templates.class.getResourceAsStream("/templates/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("templates/index.txt lists " + name + " but the file is missing");
                }
                Template t = parse(name, in.readAllBytes(), "classpath:templates/" + name, readers);
                all.put(t.id(), t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (facilityDir != null && Files.isDirectory(facilityDir)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(facilityDir, "*.{yaml,yml,json}")) {
                List<Path> files = new ArrayList<>();
                dir.forEach(files::add);
                files.sort(null);
                for (Path f : files) {
                    Template t = parse(f.getFileName().toString(), Files.readAllBytes(f), f.toString(), readers);
                    all.put(t.id(), t);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Templates(all);
    }

    private static List<String> shippedNames() {
        try (InputStream in = Templates.class.getResourceAsStream("/templates/index.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one declaration; problems name the file and the field. */
    static Template parse(String fileName, byte[] content, String source, Readers readers) {
        JsonNode n;
        try {
            n = (fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML).readTree(content);
        } catch (JacksonException e) {
            throw Problem.badRequest("template " + source + ": not valid " + (fileName.endsWith(".json") ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage());
        }
        List<Problem.Issue> issues = new ArrayList<>();
        String id = text(n, "id");
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            issues.add(new Problem.Issue("id", "needs lower-case letters, digits, '.', '_' or '-'"));
        }
        Map<String, String> title = new LinkedHashMap<>();
        n.path("title").properties().forEach(e -> title.put(e.getKey(), e.getValue().asString()));
        if (!title.containsKey("en") || !title.containsKey("ja")) {
            issues.add(new Problem.Issue("title", "needs an English (en) and a Japanese (ja) title"));
        }
        List<String> readerIds = strings(n.path("readers"));
        if (readerIds.isEmpty()) {
            issues.add(new Problem.Issue("readers", "name at least one reader"));
        }
        for (String r : readerIds) {
            if (readers.byId(r).isEmpty()) {
                issues.add(new Problem.Issue("readers", "unknown reader '" + r + "'; installed: "
                        + String.join(", ", readers.all().stream().map(Reader::id).toList())));
            }
        }
        JsonNode invoice = n.path("invoice");
        if (!invoice.isMissingNode() && !invoice.isObject()) {
            issues.add(new Problem.Issue("invoice", "must be a JSON Schema object"));
        }
        String kind = n.path("produces").path("kind").asString("measurement");
        if (!issues.isEmpty()) {
            throw new Problem(Problem.Type.BAD_REQUEST, "template " + source + ": " + String.join("; ",
                    issues.stream().map(i -> i.field() + ": " + i.message()).toList()), issues);
        }
        Template t = new Template(id, n.path("instrument_type").asString(""), title, strings(n.path("files")), readerIds,
                kind, strings(n.path("produces").path("descriptors")),
                invoice.isObject() ? invoice : JSON.createObjectNode().put("type", "object"), source);
        InvoiceSchema.check(t); // an unusable schema fails now, naming the template
        return t;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isString() ? null : v.asString();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asString()));
        } else if (n.isString()) {
            out.add(n.asString());
        }
        return out;
    }

    public Optional<Template> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Template require(String id) {
        return byId(id).orElseThrow(() -> Problem.invalid("template", "unknown template '" + id + "'; available: "
                + String.join(", ", byId.keySet())));
    }

    public List<Template> all() {
        return List.copyOf(byId.values());
    }

    /**
     * The template for a file when none was chosen: among the templates whose patterns accept
     * the name, the one whose reader recognises the content (content beats name).
     */
    public Optional<Template> recognise(Readers readers, String fileName, byte[] head) {
        Template best = null;
        Recognition bestHow = Recognition.NO;
        for (Template t : byId.values()) {
            Optional<Readers.Match> m = readers.recognise(fileName, head, t.readers());
            if (m.isEmpty()) {
                continue;
            }
            Recognition how = m.get().recognition();
            if (how == Recognition.NAME && !t.accepts(fileName)) {
                continue;
            }
            if (how.ordinal() > bestHow.ordinal()) {
                best = t;
                bestHow = how;
            }
        }
        return Optional.ofNullable(best);
    }
}
