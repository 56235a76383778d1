package org.matdx.optimade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.optimade.OptimadeFixtures.Site;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * The official OPTIMADE validator (optimade-python-tools 1.5.0, ../shared/tools/optimade-validator)
 * against a started server holding structures and imported references: no failures, no internal
 * failures (issue 22). Skipped, with a message, where the validator or a Python it can use is absent.
 */
class OptimadeValidatorTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start().withServer();
        TestPlatform.Person alice = tp.person("alice");
        String ds = OptimadeFixtures.dataset(alice.api(), "Oxides and cathodes", "public");
        OptimadeFixtures.add(alice.api(), ds, OptimadeFixtures.entry("MgO rock salt", 4.21, List.of(
                Site.of("Mg", 0, 0, 0), Site.of("O", 0.5, 0.5, 0.5)), "{\"band_gap\": {\"value\": 7.8, \"unit\": \"eV\"}}"));
        new OptimadeImport(tp.platform().db(), tp.platform().catalog()).importInto(RequestContext.local(alice.caller(tp.platform())),
                UUID.fromString(ds), new ByteArrayInputStream(OptimadeRelationshipsTest.FILE.getBytes(StandardCharsets.UTF_8)),
                "refs.jsonl");
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void theOfficialValidatorFindsNothingWrong() throws Exception {
        Path run = Path.of("..", "shared", "tools", "optimade-validator", "run").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isExecutable(run), "the OPTIMADE validator " + run + " is absent: skipped");
        Process p = new ProcessBuilder(run.toString(), tp.baseUrl() + "/optimade/v1", "--json", "--random-seed", "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        Assumptions.assumeTrue(p.exitValue() != 3, "the OPTIMADE validator found no Python it can use: skipped");
        String text = new String(out, StandardCharsets.UTF_8);
        JsonNode summary = Json.MAPPER.readTree(text.substring(text.indexOf('{')));
        assertThat(summary.get("failure_count").asInt()).as(text).isZero();
        assertThat(summary.get("internal_failure_count").asInt()).as(text).isZero();
        assertThat(summary.get("optional_failure_count").asInt()).as(text).isZero();
        assertThat(summary.get("success_count").asInt()).as(text).isGreaterThan(40);
        assertThat(p.exitValue()).isZero();
    }
}
