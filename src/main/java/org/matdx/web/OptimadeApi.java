package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.optimade.OptimadeException;
import org.matdx.optimade.OptimadeQuery;
import org.matdx.optimade.OptimadeService;
import org.matdx.optimade.filter.FilterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OPTIMADE API under {@code /optimade}: {@code /versions} at the unversioned base URL, and
 * under {@code /v1} (also {@code /v1.2}, {@code /v1.2.0}, and the unversioned base URL itself)
 * {@code /info}, {@code /info/<type>}, {@code /links}, {@code /structures[/<id>]} and
 * {@code /references[/<id>]}. Responses and errors are JSON:API documents with the {@code meta}
 * the specification requires; other versions answer 553.
 */
final class OptimadeApi {
    private static final Logger LOG = LoggerFactory.getLogger(OptimadeApi.class);
    static final String MEDIA_TYPE = "application/vnd.api+json";
    /** The OpenAPI schema the responses follow (meta.schema). */
    private static final String SCHEMA = "https://schemas.optimade.org/openapi/v1.2.0/optimade.json";
    private static final Set<String> VERSIONS = Set.of("v1", "v1.2", "v1.2.0");
    private static final Pattern VERSION_SEGMENT = Pattern.compile("^v(\\d+)(.*)$");
    private static final Set<String> ENTRY_TYPES = Set.of("structures", "references");

    private final OptimadeService optimade;
    private final Clock clock;

    OptimadeApi(OptimadeService optimade, Clock clock) {
        this.optimade = optimade;
        this.clock = clock;
    }

    void register(RoutesConfig r) {
        r.get("/optimade", this::handle);
        r.get("/optimade/<path>", this::handle);
    }

    /** What a request asks for once the version segment is read. */
    private record Target(String versionPrefix, List<String> rest) {
    }

    private void handle(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        String path = ctx.path().substring("/optimade".length());
        List<String> segments = new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList());
        try {
            Requests.requireNoNul(ctx);
            if (segments.equals(List.of("versions"))) {
                // the one endpoint that lives at the unversioned base URL only
                ctx.contentType("text/csv; header=present").result("version\n1\n");
                return;
            }
            Target t = target(ctx, segments);
            route(ctx, t);
        } catch (FilterException e) {
            error(ctx, e.kind() == FilterException.Kind.INVALID ? 400 : 501,
                    e.kind() == FilterException.Kind.INVALID ? "Bad Request" : "Not Implemented",
                    "filter: " + e.getMessage(), "filter", Json.object().put("position", e.offset() + 1)
                            .put("line", e.line()).put("column", e.column()).put("excerpt", e.excerpt()));
        } catch (OptimadeException e) {
            error(ctx, e.status(), e.title(), e.getMessage(), e.parameter(), null);
        } catch (Problem p) {
            error(ctx, p.type().status, p.type().title, p.getMessage(), null, null);
        } catch (RuntimeException e) {
            LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "Internal Server Error", "MatDX could not complete this request because of an internal "
                    + "error; it has been logged.", null, null);
        }
    }

    private Target target(Context ctx, List<String> segments) {
        if (!segments.isEmpty()) {
            Matcher m = VERSION_SEGMENT.matcher(segments.get(0));
            if (m.matches()) {
                if (!VERSIONS.contains(segments.get(0))) {
                    throw new OptimadeException(553, "Version Not Supported", "MatDX serves OPTIMADE " + OptimadeService.API_VERSION
                            + " at /optimade/v1 (also /optimade/v1.2 and /optimade/v1.2.0), not " + segments.get(0)
                            + "; see /optimade/versions", null);
                }
                return new Target("/optimade/" + segments.get(0), segments.subList(1, segments.size()));
            }
        }
        String hint = ctx.queryParam("api_hint");
        if (hint != null && hint.matches("^v\\d+(\\.\\d+)?$") && !hint.startsWith("v1")) {
            throw new OptimadeException(553, "Version Not Supported", "api_hint " + hint + " asks for a version MatDX "
                    + "does not serve; it serves OPTIMADE " + OptimadeService.API_VERSION + " at /optimade/v1", "api_hint");
        }
        return new Target("/optimade", segments);
    }

    private void route(Context ctx, Target t) {
        List<String> r = t.rest();
        Caller caller = Requests.caller(ctx);
        Map<String, List<String>> params = ctx.queryParamMap();
        negotiate(ctx);
        if (r.isEmpty()) {
            ctx.contentType("text/html; charset=utf-8").result("<!doctype html><title>MatDX OPTIMADE</title>"
                    + "<p>This is the OPTIMADE API of MatDX, meant to be queried by an OPTIMADE client. Start at "
                    + "<a href=\"" + t.versionPrefix() + "/info\">" + t.versionPrefix() + "/info</a>.");
            return;
        }
        String head = r.get(0);
        if (head.equals("info") && r.size() == 1) {
            send(ctx, t, baseInfo(ctx), null, false, 1, true, List.of(), null);
        } else if (head.equals("info") && r.size() == 2 && ENTRY_TYPES.contains(r.get(1))) {
            send(ctx, t, optimade.info(caller, r.get(1)), null, false, 1, true, List.of(), null);
        } else if (head.equals("links") && r.size() == 1) {
            OptimadeQuery.listing(params);
            ArrayNode data = Json.MAPPER.createArrayNode();
            data.addObject().put("type", "links").put("id", "matdx").putObject("attributes")
                    .put("name", "MatDX").put("description", "This MatDX instance: materials data with tiered access.")
                    .put("base_url", base(ctx) + "/optimade").put("homepage", base(ctx)).put("link_type", "root");
            send(ctx, t, data, null, false, 1, true, List.of(), null);
        } else if (ENTRY_TYPES.contains(head) && r.size() == 1) {
            OptimadeQuery q = OptimadeQuery.listing(params);
            OptimadeService.Listing l = optimade.list(Requests.context(ctx), head, q);
            ArrayNode data = Json.MAPPER.createArrayNode();
            l.data().forEach(data::add);
            ObjectNode links = Json.object();
            links.put("next", l.more() ? pageLink(ctx, t, q.offset() + q.limit(), q.limit()) : null);
            links.put("prev", q.offset() > 0 ? pageLink(ctx, t, Math.max(0, q.offset() - q.limit()), q.limit()) : null);
            send(ctx, t, data, l, l.more(), l.returned(), l.exact(), l.warnings(), links);
        } else if (ENTRY_TYPES.contains(head) && r.size() == 2) {
            OptimadeService.Listing l = optimade.get(Requests.context(ctx), head, r.get(1), OptimadeQuery.single(params));
            send(ctx, t, l.data().get(0), l, false, 1, true, l.warnings(), null);
        } else if (head.equals("versions")) {
            throw OptimadeException.notFound("the versions endpoint is served at the unversioned base URL only: /optimade/versions");
        } else {
            throw OptimadeException.notFound("no OPTIMADE endpoint " + t.versionPrefix() + "/" + String.join("/", r)
                    + "; MatDX serves /info, /info/structures, /info/references, /links, /structures and /references");
        }
    }

    /** OPTIMADE is read-only: other methods answer 405 in its error format, naming those that work. */
    void methodNotAllowed(Context ctx, List<String> methods) {
        error(ctx, 405, "Method Not Allowed", ctx.method().name() + " is not supported: the OPTIMADE API is read-only and "
                + "takes " + String.join(", ", methods), null, null);
    }

    /**
     * JSON:API content negotiation (JSON:API 1.1, "Content Negotiation"): 415 for a JSON:API
     * Content-Type with parameters other than profile (ext too: MatDX supports no extensions); 406 when the Accept header admits
     * neither JSON:API without such parameters (and without extensions, as MatDX supports none)
     * nor plain JSON.
     */
    private static void negotiate(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType != null) {
            MediaRange m = MediaRange.parse(contentType);
            if (m.type().equals(MEDIA_TYPE) && !m.onlyProfile()) {
                throw new OptimadeException(415, "Unsupported Media Type", "Content-Type " + MEDIA_TYPE
                        + " takes no media type parameters other than profile (MatDX supports no JSON:API extensions)", null);
            }
        }
        String accept = ctx.header("Accept");
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String part : accept.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            MediaRange m = MediaRange.parse(part);
            if (m.q() > 0 && (m.type().equals(MEDIA_TYPE) ? m.onlyProfile()
                    : Set.of("application/json", "application/*", "*/*").contains(m.type()))) {
                return;
            }
        }
        throw new OptimadeException(406, "Not Acceptable", "this endpoint answers " + MEDIA_TYPE + " (without media type "
                + "parameters other than profile) or application/json; the Accept header admits neither", null);
    }

    /** One media range of an Accept or Content-Type header: the type in lower case, its q, its other parameters. */
    private record MediaRange(String type, double q, Set<String> parameters) {
        static MediaRange parse(String text) {
            String[] parts = text.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            double q = 1;
            Set<String> params = new HashSet<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                String key = kv[0].strip().toLowerCase(Locale.ROOT);
                if (key.equals("q") && kv.length == 2) {
                    try {
                        q = Double.parseDouble(kv[1].strip());
                    } catch (NumberFormatException e) {
                        q = 0; // a q MatDX cannot read is no preference for it
                    }
                } else if (!key.isEmpty()) {
                    params.add(key);
                }
            }
            return new MediaRange(parts[0].strip().toLowerCase(Locale.ROOT), q, params);
        }

        boolean onlyProfile() {
            return Set.of("profile").containsAll(parameters);
        }
    }

    private ObjectNode baseInfo(Context ctx) {
        ObjectNode data = Json.object().put("type", "info").put("id", "/");
        ObjectNode a = data.putObject("attributes");
        a.put("api_version", OptimadeService.API_VERSION);
        a.putArray("available_api_versions").addObject().put("url", base(ctx) + "/optimade/v1/")
                .put("version", OptimadeService.API_VERSION);
        a.putArray("formats").add("json");
        ArrayNode types = a.putObject("entry_types_by_format").putArray("json");
        types.add("structures").add("references");
        ArrayNode endpoints = a.putArray("available_endpoints");
        endpoints.add("info").add("links").add("structures").add("references");
        a.put("is_index", false);
        a.putObject("license").put("href", base(ctx) + "/api/v1/datasets").putObject("meta").put("description",
                "Each MatDX dataset carries its own licence (an SPDX identifier in the dataset's 'license' field); "
                        + "every structure names its dataset in _matdx_dataset_id.");
        return data;
    }

    /**
     * Writes a JSON:API document: {@code jsonapi} first, then {@code links}, {@code meta},
     * {@code data} and, for entry endpoints, {@code included}.
     */
    /** @param exact false when {@code returned} is only a lower bound (the count stopped at its cap) */
    private void send(Context ctx, Target t, JsonNode data, OptimadeService.Listing listing,
                      boolean more, long returned, boolean exact, List<String> warnings, ObjectNode links) {
        ObjectNode doc = Json.object();
        jsonapi(doc);
        ObjectNode l = links == null ? Json.object() : links;
        l.putObject("base_url").put("href", base(ctx) + "/optimade");
        doc.set("links", l);
        ObjectNode meta = meta(ctx, t, more);
        if (exact) {
            meta.put("data_returned", returned);
        } else {
            // more matches than MatDX counts by default: data_returned is left out rather than wrong
            meta.put("_matdx_data_returned_at_least", returned);
        }
        if (!warnings.isEmpty()) {
            ArrayNode w = meta.putArray("warnings");
            int i = 0;
            for (String s : warnings) {
                w.addObject().put("id", "warning-" + (++i)).put("type", "warning").put("code", "_matdx_filter")
                        .put("title", "Warning").put("detail", s);
            }
        }
        doc.set("meta", meta);
        doc.set("data", data);
        if (listing != null) {
            ArrayNode inc = doc.putArray("included");
            listing.included().forEach(inc::add);
        }
        ctx.contentType(MEDIA_TYPE).result(Json.write(doc));
    }

    private void error(Context ctx, int status, String title, String detail, String parameter, ObjectNode errorMeta) {
        ObjectNode doc = Json.object();
        jsonapi(doc);
        String path = ctx.path().substring("/optimade".length());
        String versionPrefix = "/optimade";
        Matcher m = Pattern.compile("^/(v[^/]*)").matcher(path);
        if (m.find() && VERSIONS.contains(m.group(1))) {
            versionPrefix = "/optimade/" + m.group(1);
        }
        ObjectNode e = doc.putArray("errors").addObject().put("status", Integer.toString(status)).put("title", title)
                .put("detail", detail);
        if (parameter != null) {
            e.putObject("source").put("parameter", parameter);
        }
        if (errorMeta != null) {
            e.set("meta", errorMeta);
        }
        doc.set("meta", meta(ctx, new Target(versionPrefix, List.of()), false));
        ctx.status(status).contentType(MEDIA_TYPE).result(Json.write(doc));
    }

    private static void jsonapi(ObjectNode doc) {
        doc.putObject("jsonapi").put("version", "1.1").putObject("meta").put("api", "OPTIMADE")
                .put("api-version", OptimadeService.API_VERSION);
    }

    private ObjectNode meta(Context ctx, Target t, boolean more) {
        ObjectNode meta = Json.object();
        String full = ctx.path();
        String representation = full.startsWith(t.versionPrefix()) ? full.substring(t.versionPrefix().length()) : full;
        if (ctx.queryString() != null && !ctx.queryString().isEmpty()) {
            representation += "?" + ctx.queryString();
        }
        meta.putObject("query").put("representation", representation.isEmpty() ? "/" : representation);
        meta.put("api_version", OptimadeService.API_VERSION);
        meta.put("schema", SCHEMA);
        meta.put("time_stamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)
                .atOffset(ZoneOffset.UTC).toInstant()));
        meta.put("more_data_available", more);
        meta.putObject("provider").put("name", "MatDX").put("description",
                "MatDX materials data platform: instrument, simulation and table data under tiered access")
                .put("prefix", "matdx").put("homepage", base(ctx));
        meta.putObject("implementation").put("name", "MatDX").put("version", Version.current());
        return meta;
    }

    /** The same request for another page, with page_offset in place of page_offset/page_number. */
    private static String pageLink(Context ctx, Target t, int offset, int limit) {
        StringBuilder sb = new StringBuilder(base(ctx)).append(ctx.path()).append('?');
        ctx.queryParamMap().forEach((k, vs) -> {
            if (!k.equals("page_offset") && !k.equals("page_number") && !k.equals("page_limit")) {
                for (String v : vs) {
                    sb.append(enc(k)).append('=').append(enc(v)).append('&');
                }
            }
        });
        return sb.append("page_limit=").append(limit).append("&page_offset=").append(offset).toString();
    }

    private static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
