package org.matdx.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAPI 3.1 description of the HTTP API, generated from the routes the server actually
 * serves ({@link WebServer#routes}), so it cannot list an endpoint that is gone or miss a new one:
 * every path and method, its path parameters, how to authenticate, and the problem types
 * ({@code application/problem+json}, RFC 9457) it may answer with. What each endpoint's body and
 * answer hold is described in docs/API.md, which each operation links to by its section.
 */
final class OpenApi {
    static final String PATH = "/api/openapi.json";
    static final String PAGE = "/api/docs";
    /** The swagger-ui WebJar's version (pom.xml). */
    static final String SWAGGER_UI = "5.35.0";
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

    private OpenApi() {
    }

    /** The API's routes (native API and OPTIMADE, not the web pages) as an OpenAPI 3.1 document. */
    static ObjectNode describe(List<Route> routes, String version) {
        ObjectNode doc = Json.object().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "MatDX API").put("version", version)
                .put("description", "The native REST API (/api/v1) and OPTIMADE (/optimade/v1) of this MatDX server. "
                        + "Generated from the routes it serves. Bodies and answers are JSON (snake_case); errors are "
                        + "application/problem+json. Things a caller may not see answer 404, never 403. What each body "
                        + "and answer holds: docs/API.md and docs/optimade.md in the MatDX source; OPTIMADE's own "
                        + "description: https://schemas.optimade.org/openapi/v1.2/optimade.json")
                .putObject("license").put("name", "Apache-2.0").put("identifier", "Apache-2.0");
        doc.putArray("servers").addObject().put("url", "/").put("description", "this server");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "An API token: matdx token issue, or the admin token matdx up prints");
        schemes.putObject("session").put("type", "apiKey").put("in", "cookie").put("name", "matdx_session")
                .put("description", "The browser's session after /login; writes also need the X-CSRF-Token header");
        ObjectNode problem = components.putObject("schemas").putObject("Problem").put("type", "object");
        problem.put("description", "RFC 9457 problem details");
        ObjectNode props = problem.putObject("properties");
        ArrayNode types = props.putObject("type").put("type", "string").putArray("enum");
        for (Problem.Type t : Problem.Type.values()) {
            types.add(Problems.typeUri(t));
        }
        props.putObject("title").put("type", "string");
        props.putObject("status").put("type", "integer");
        props.putObject("detail").put("type", "string").put("description", "a sentence saying what is wrong and where");
        props.putObject("instance").put("type", "string");
        ObjectNode issue = props.putObject("errors").put("type", "array").putObject("items").put("type", "object");
        issue.putObject("properties").putObject("field").put("type", "string");
        ((ObjectNode) issue.get("properties")).putObject("message").put("type", "string");
        ((ObjectNode) issue.get("properties")).putObject("pointer").put("type", "string")
                .put("description", "for a field of a JSON body, its RFC 6901 JSON pointer");
        problem.putArray("required").add("type").add("title").add("status");
        ObjectNode responses = components.putObject("responses");
        for (Problem.Type t : Problem.Type.values()) {
            responses.putObject(responseName(t)).put("description", t.status + " " + t.title)
                    .putObject("content").putObject("application/problem+json").putObject("schema")
                    .put("$ref", "#/components/schemas/Problem");
        }

        Map<String, ObjectNode> paths = new TreeMap<>();
        List<Route> api = new ArrayList<>(routes.stream().filter(r -> isApi(r.path())).toList());
        // OPTIMADE is served by one catch-all route; its endpoints are the specification's
        if (routes.stream().anyMatch(r -> r.path().startsWith("/optimade/<"))) {
            for (String p : OPTIMADE) {
                api.add(new Route("GET", p));
            }
        }
        api.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        for (Route r : api) {
            ObjectNode item = paths.computeIfAbsent(r.path(), p -> Json.object());
            item.set(r.method().toLowerCase(Locale.ROOT), operation(r));
        }
        ObjectNode out = doc.putObject("paths");
        paths.forEach(out::set);
        return doc;
    }

    /** The OPTIMADE v1 endpoints this server answers (docs/optimade.md); the specification's own OpenAPI schema has the details. */
    static final List<String> OPTIMADE = List.of("/optimade/v1/info", "/optimade/v1/info/{entry_type}",
            "/optimade/v1/links", "/optimade/v1/structures", "/optimade/v1/structures/{entry_id}",
            "/optimade/v1/references", "/optimade/v1/references/{entry_id}");
    private static final List<String> OPTIMADE_QUERY = List.of("filter", "response_fields", "sort", "page_limit",
            "page_offset", "response_format", "email_address", "api_hint");

    static boolean isApi(String path) {
        return path.startsWith("/api/v1/") || path.equals("/api/v1");
    }

    private static ObjectNode operation(Route r) {
        String tag = tag(r.path());
        ObjectNode op = Json.object().put("operationId", operationId(r))
                .put("summary", r.method() + " " + r.path());
        op.putArray("tags").add(tag);
        ArrayNode params = op.putArray("parameters");
        Matcher m = PARAM.matcher(r.path());
        while (m.find()) {
            params.addObject().put("name", m.group(1)).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        if (r.path().startsWith("/optimade") && (r.path().endsWith("/structures") || r.path().endsWith("/references")
                || r.path().endsWith("/links"))) {
            for (String q : OPTIMADE_QUERY) {
                params.addObject().put("name", q).put("in", "query").put("required", false)
                        .putObject("schema").put("type", q.startsWith("page_") ? "integer" : "string");
            }
        }
        if (params.isEmpty()) {
            op.remove("parameters");
        }
        if (List.of("POST", "PUT", "PATCH").contains(r.method())) {
            ObjectNode content = op.putObject("requestBody").putObject("content");
            content.putObject("application/json").putObject("schema").put("type", "object");
            if (r.path().endsWith("/ingest") || r.path().endsWith("/files") || r.path().endsWith("/predict")
                    || r.path().endsWith("/identify")) {
                content.putObject("multipart/form-data").putObject("schema").put("type", "object");
            }
        }
        ObjectNode res = op.putObject("responses");
        res.putObject(r.method().equals("POST") ? "2XX" : "200").put("description", "success")
                .putObject("content").putObject(r.path().startsWith("/optimade") ? "application/vnd.api+json" : "application/json")
                .putObject("schema").put("type", "object");
        List<Problem.Type> answers = new ArrayList<>(List.of(Problem.Type.BAD_REQUEST, Problem.Type.UNAUTHORIZED,
                Problem.Type.NOT_FOUND, Problem.Type.TOO_MANY_REQUESTS, Problem.Type.INTERNAL));
        if (!r.method().equals("GET")) {
            answers.addAll(List.of(Problem.Type.FORBIDDEN, Problem.Type.CONFLICT, Problem.Type.TOO_LARGE,
                    Problem.Type.UNSUPPORTED_MEDIA_TYPE));
        }
        answers.sort(Comparator.comparingInt(t -> t.status));
        for (Problem.Type t : answers) {
            res.putObject(Integer.toString(t.status)).put("$ref", "#/components/responses/" + responseName(t));
        }
        ArrayNode security = op.putArray("security");
        security.addObject();
        security.addObject().putArray("bearer");
        security.addObject().putArray("session");
        return op;
    }

    private static String tag(String path) {
        if (path.startsWith("/optimade")) {
            return "optimade";
        }
        String[] parts = path.split("/");
        return parts.length > 3 ? parts[3] : "api";
    }

    private static String operationId(Route r) {
        StringBuilder id = new StringBuilder(r.method().toLowerCase(Locale.ROOT));
        for (String part : r.path().split("[/.{}_-]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    /** The interactive page: Swagger UI (WebJar) reading {@link #PATH}; its start-up script is a file, as the CSP wants. */
    static String page() {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>MatDX API</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="stylesheet" href="/webjars/swagger-ui/%1$s/swagger-ui.css"></head>
                <body><p style="margin:.5rem 1rem"><a href="/">MatDX</a> · <a href="%2$s">OpenAPI 3.1 description (JSON)</a></p>
                <div id="swagger" data-url="%2$s"></div>
                <script src="/webjars/swagger-ui/%1$s/swagger-ui-bundle.js"></script>
                <script src="/static/api-docs.js"></script></body></html>
                """.formatted(SWAGGER_UI, PATH);
    }

    private static String responseName(Problem.Type t) {
        return t.name().toLowerCase(Locale.ROOT);
    }
}
