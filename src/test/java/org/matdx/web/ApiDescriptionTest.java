package org.matdx.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Problem;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Issue 29: the API described in OpenAPI 3.1 from the routes served — every API route exactly
 * once, its path parameters, the problem types — on an interactive page the footer's "API"
 * link opens (it opened the health JSON).
 */
class ApiDescriptionTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void everyApiRouteIsDescribedWithItsPathParametersAndProblemTypes() {
        var r = tp.anonymous().get(OpenApi.PATH);
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asString()).isEqualTo("3.1.0");
        Set<String> served = new TreeSet<>();
        for (Route route : tp.server().routes()) {
            if (OpenApi.isApi(route.path())) {
                served.add(route.method().toLowerCase(java.util.Locale.ROOT) + " " + route.path());
            }
        }
        Set<String> described = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            described.add(op.getKey() + " " + p.getKey());
            Set<String> declared = new HashSet<>();
            op.getValue().path("parameters").forEach(x -> declared.add(x.get("name").asString()));
            Matcher m = Pattern.compile("\\{([^}/]+)}").matcher(p.getKey());
            while (m.find()) {
                assertThat(declared).as(op.getKey() + " " + p.getKey()).contains(m.group(1));
            }
            assertThat(op.getValue().at("/responses/404/$ref").asString()).isEqualTo("#/components/responses/not_found");
        }));
        OpenApi.OPTIMADE.forEach(p -> served.add("get " + p));
        assertThat(served).hasSizeGreaterThan(60).contains("post /api/v1/models/{id}/predict");
        assertThat(described).isEqualTo(served);
        // the OPTIMADE endpoints listed answer
        for (String p : OpenApi.OPTIMADE) {
            if (!p.contains("{")) {
                assertThat(tp.anonymous().get(p).status()).as(p).isEqualTo(200);
            }
        }
        assertThat(doc.at("/paths/~1optimade~1v1~1structures/get/parameters").toString()).contains("\"filter\"");
        assertThat(described).noneMatch(s -> s.contains(" /login") || s.contains(" /datasets/"));
        Set<String> types = new HashSet<>();
        doc.at("/components/schemas/Problem/properties/type/enum").forEach(t -> types.add(t.asString()));
        assertThat(types).hasSize(Problem.Type.values().length).contains("/problems/not-found", "/problems/too-many-requests");
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
    }

    @Test
    void theFootersApiLinkOpensTheInteractivePage() {
        String home = tp.anonymous().get("/").body();
        assertThat(home).contains("<a href=\"/api/docs\" data-testid=\"api-docs-link\">API</a>");
        var page = tp.anonymous().get(OpenApi.PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("swagger-ui-bundle.js").contains("data-url=\"/api/openapi.json\"");
        assertThat(tp.anonymous().get("/webjars/swagger-ui/" + OpenApi.SWAGGER_UI + "/swagger-ui-bundle.js").status())
                .isEqualTo(200);
        assertThat(tp.anonymous().get("/static/api-docs.js").body()).contains("SwaggerUIBundle");
    }
}
