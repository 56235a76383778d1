package org.matdx.fair;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import org.matdx.core.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How to cite a version: BibTeX ({@code @misc}, as DataCite and Zenodo export datasets) and
 * CSL-JSON (type {@code dataset}), the input of Zotero, Pandoc and citeproc.
 */
public final class Citations {
    private Citations() {
    }

    /** Where the version can be looked up: its DOI when it has one, else the instance's resolver. */
    public static String url(Version v, String baseUrl) {
        return v.doi() != null ? "https://doi.org/" + v.doi()
                : baseUrl + "/api/v1/datasets/" + v.datasetId() + "/versions/" + v.number();
    }

    public static String key(Version v) {
        String family = v.authors().isEmpty() ? "matdx" : v.authors().get(0).family().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "");
        return (family.isEmpty() ? "matdx" : family) + year(v) + "_" + v.datasetId().toString().substring(0, 8) + "_v" + v.number();
    }

    public static String bibtex(Version v, String baseUrl) {
        StringBuilder b = new StringBuilder("@misc{").append(key(v)).append(",\n");
        field(b, "author", String.join(" and ", v.authors().stream()
                .map(a -> a.given().isEmpty() ? escape(a.family()) : escape(a.family()) + ", " + escape(a.given())).toList()));
        field(b, "title", "{" + escape(v.title()) + "}");
        field(b, "year", String.valueOf(year(v)));
        field(b, "month", ZonedDateTime.ofInstant(v.publishedAt(), ZoneOffset.UTC).getMonth().name().substring(0, 3)
                .toLowerCase(Locale.ROOT));
        field(b, "publisher", "MatDX");
        field(b, "version", String.valueOf(v.number()));
        if (v.doi() != null) {
            field(b, "doi", escape(v.doi()));
        }
        field(b, "url", url(v, baseUrl));
        field(b, "note", "Dataset, persistent identifier " + escape(v.pid()) + ", licence " + escape(v.license()));
        b.setLength(b.length() - 2);
        return b.append("\n}\n").toString();
    }

    public static ArrayNode csl(Version v, String baseUrl) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        ObjectNode c = out.addObject();
        c.put("id", v.pid()).put("type", "dataset").put("title", v.title());
        ArrayNode authors = c.putArray("author");
        for (Version.Author a : v.authors()) {
            ObjectNode n = authors.addObject().put("family", a.family());
            if (!a.given().isEmpty()) {
                n.put("given", a.given());
            }
            if (a.orcid() != null) {
                n.put("ORCID", "https://orcid.org/" + a.orcid());
            }
        }
        ZonedDateTime at = ZonedDateTime.ofInstant(v.publishedAt(), ZoneOffset.UTC);
        c.putObject("issued").putArray("date-parts").addArray().add(at.getYear()).add(at.getMonthValue()).add(at.getDayOfMonth());
        c.put("publisher", "MatDX").put("version", String.valueOf(v.number()));
        if (v.doi() != null) {
            c.put("DOI", v.doi());
        }
        c.put("URL", url(v, baseUrl));
        if (!v.description().isBlank()) {
            c.put("abstract", v.description());
        }
        c.put("note", "persistent identifier " + v.pid() + "; licence " + v.license());
        return out;
    }

    /**
     * RIS (tag {@code TY - DATA}), read by EndNote, Mendeley and Zotero. RIS has no escaping: a
     * line break inside a value would end the tag, so every value is kept to one line.
     */
    public static String ris(Version v, String baseUrl) {
        StringBuilder b = new StringBuilder();
        ris(b, "TY", "DATA");
        for (Version.Author a : v.authors()) {
            ris(b, "AU", a.given().isEmpty() ? a.family() : a.family() + ", " + a.given());
        }
        ris(b, "TI", v.title());
        ZonedDateTime at = ZonedDateTime.ofInstant(v.publishedAt(), ZoneOffset.UTC);
        ris(b, "PY", String.valueOf(at.getYear()));
        ris(b, "DA", String.format(Locale.ROOT, "%04d/%02d/%02d", at.getYear(), at.getMonthValue(), at.getDayOfMonth()));
        ris(b, "PB", "MatDX");
        ris(b, "ET", String.valueOf(v.number()));
        if (v.doi() != null) {
            ris(b, "DO", v.doi());
        }
        ris(b, "UR", url(v, baseUrl));
        if (!v.description().isBlank()) {
            ris(b, "AB", v.description());
        }
        ris(b, "N1", "persistent identifier " + v.pid() + "; licence " + v.license());
        return b.append("ER  - \r\n").toString();
    }

    private static void ris(StringBuilder b, String tag, String value) {
        b.append(tag).append("  - ").append(value.replaceAll("[\\r\\n\\u2028\\u2029]+", " ").strip()).append("\r\n");
    }

    static int year(Version v) {
        return ZonedDateTime.ofInstant(v.publishedAt(), ZoneOffset.UTC).getYear();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append("  ").append(name).append(" = {").append(value).append("},\n");
    }

    /** Escapes LaTeX's special characters so titles like "Li_2MnO_3 & 50% Ni" survive BibTeX. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> out.append("\\textbackslash{}");
                case '{', '}', '&', '%', '$', '#', '_' -> out.append('\\').append(ch);
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    static List<String> formats() {
        return List.of("bibtex", "csl", "ris");
    }
}
