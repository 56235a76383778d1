package org.matdx.optimade.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The providers MatDX may ask, in the format of the OPTIMADE providers registry
 * ({@code https://providers.optimade.org/providers.json}: a JSON:API document whose {@code data}
 * are {@code links} resources with {@code name}, {@code description}, {@code base_url},
 * {@code homepage} and {@code link_type}). Only http and https addresses are taken: a list is the
 * whole set of hosts the federated client will ever contact (docs/SECURITY.md).
 */
public record ProviderList(List<Provider> providers) {
    public static final int MAX_PROVIDERS = 200;
    /** Registry ids are short lower-case words; '/' is kept free to name a provider's child database. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> LINK_TYPES = Set.of("external", "child", "root", "providers");
    private static final int MAX_URL = 500;

    public ProviderList {
        providers = List.copyOf(providers);
    }

    /** The list MatDX ships (a selection of the registry, cited in the file's meta). */
    public static ProviderList defaults() {
        try (InputStream in = ProviderList.class.getResourceAsStream("providers.json")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Provider> find(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * Reads a list in the registry's format, refusing (with every problem named by its place in
     * the document) what is not one: a missing {@code data}, entries of other types, duplicate or
     * malformed ids, addresses that are not absolute http(s) URLs, or carry credentials.
     */
    public static ProviderList parse(String json) {
        JsonNode doc = Json.readUntrusted(json, "");
        List<Problem.Issue> issues = new ArrayList<>();
        JsonNode data = doc.path("data");
        if (!data.isArray()) {
            throw Problem.invalid("data", "a provider list is a JSON:API document whose data is a list of links resources");
        }
        if (data.size() > MAX_PROVIDERS) {
            throw Problem.invalid("data", "holds " + data.size() + " providers; at most " + MAX_PROVIDERS + " are taken");
        }
        List<Provider> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < data.size(); i++) {
            String at = "data[" + i + "]";
            JsonNode item = data.get(i);
            if (!item.path("type").asString("").equals("links")) {
                issues.add(new Problem.Issue(at + ".type", "must be \"links\""));
                continue;
            }
            String id = item.path("id").isString() ? item.get("id").asString() : "";
            if (!ID.matcher(id).matches()) {
                issues.add(new Problem.Issue(at + ".id", "must be 1 to 64 letters, digits, '_', '.' or '-' (a registry id such as \"mp\")"));
                continue;
            }
            if (!ids.add(id)) {
                issues.add(new Problem.Issue(at + ".id", "\"" + id + "\" is listed twice"));
                continue;
            }
            JsonNode a = item.path("attributes");
            String name = text(a, "name", 200, true, at, issues);
            String description = text(a, "description", 2000, false, at, issues);
            URI base = url(a.get("base_url"), at + ".attributes.base_url", issues);
            URI homepage = url(a.get("homepage"), at + ".attributes.homepage", issues);
            String linkType = a.path("link_type").asString("external");
            if (!LINK_TYPES.contains(linkType)) {
                issues.add(new Problem.Issue(at + ".attributes.link_type", "must be one of external, child, root, providers"));
            }
            out.add(new Provider(id, name, description == null ? "" : description, base,
                    homepage == null ? null : homepage.toString(), linkType));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues.subList(0, Math.min(issues.size(), 20)));
        }
        return new ProviderList(out);
    }

    private static String text(JsonNode a, String name, int max, boolean required, String at, List<Problem.Issue> issues) {
        JsonNode v = a.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                issues.add(new Problem.Issue(at + ".attributes." + name, "is required"));
            }
            return null;
        }
        if (!v.isString() || v.asString().length() > max || v.asString().chars().anyMatch(c -> c < 0x20)) {
            issues.add(new Problem.Issue(at + ".attributes." + name, "must be text of at most " + max + " characters on one line"));
            return null;
        }
        return v.asString();
    }

    /**
     * An absolute http(s) URL without credentials or fragment, or null. Other schemes (file:,
     * jar:, gopher:, ftp:) are what server-side request forgery reaches for; they are refused.
     */
    static URI url(JsonNode v, String field, List<Problem.Issue> issues) {
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isString() ? v.asString() : "";
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (s.length() > MAX_URL || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null
                    || u.getRawUserInfo() != null || u.getRawFragment() != null || u.getRawQuery() != null) {
                issues.add(new Problem.Issue(field, "must be an http or https URL with a host, without user name, query or "
                        + "fragment, of at most " + MAX_URL + " characters"));
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            issues.add(new Problem.Issue(field, "is not a URL: " + e.getReason()));
            return null;
        }
    }

    /** The list as the registry writes it. */
    public ObjectNode document() {
        ObjectNode doc = Json.object();
        doc.putObject("meta").put("api_version", "1.2.0").put("more_data_available", false)
                .putObject("query").put("representation", "/links");
        ArrayNode data = doc.putArray("data");
        for (Provider p : providers) {
            ObjectNode a = data.addObject().put("type", "links").put("id", p.id()).putObject("attributes");
            a.put("name", p.name()).put("description", p.description())
                    .put("base_url", p.baseUrl() == null ? null : p.baseUrl().toString())
                    .put("homepage", p.homepage()).put("link_type", p.linkType());
        }
        return doc;
    }
}
