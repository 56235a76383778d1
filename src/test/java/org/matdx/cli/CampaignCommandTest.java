package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/** {@code matdx campaign …} as a lab member runs it. */
class CampaignCommandTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
        var alice = tp.person("alice").caller(tp.platform());
        tp.person("bob");
        tp.platform().catalog().createDataset(RequestContext.cli(alice), new NewDataset("CLI sintering", "", "CC-BY-4.0", "private",
                null, false, null, null));
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    static CliRunner.Run matdx(String... args) {
        return CliRunner.matdx(tp, args);
    }

    @Test
    void createsStepsPausesAndRecordsResults(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("campaign.json");
        Files.writeString(cfg, """
                {"name": "cli furnace", "parameters": [
                   {"name": "temperature", "low": 900, "high": 1300}, {"name": "hold_time", "low": 1, "high": 10}],
                 "constraints": [{"terms": {"temperature": 1, "hold_time": 20}, "le": 1400}],
                 "objective": {"name": "relative_density", "unit": "%"}, "batch": 2, "initial": 4,
                 "stop": {"budget": 12}, "simulator": {"function": "peak", "noise": 0.1}}""");
        var created = matdx("campaign", "create", "--dataset", "CLI sintering", "--config", cfg.toString(), "--as", "alice");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("campaign ").contains("cli furnace (active)");
        // the command's request context: alice, from the command line
        String campaignId = created.out().substring("campaign ".length(), created.out().indexOf(':'));
        var createdEvent = tp.platform().audit().forObject("campaign", campaignId).get(0);
        assertThat(createdEvent.action()).isEqualTo("campaign.create");
        assertThat(createdEvent.actor()).isEqualTo("alice");
        assertThat(createdEvent.remoteAddress()).isEqualTo(RequestContext.CLI);

        var sim = matdx("campaign", "simulate", "cli furnace", "--experiments", "6", "--as", "alice", "--json");
        assertThat(sim.code()).as(sim.err()).isZero();
        JsonNode v = Json.read(sim.out());
        assertThat(v.get("counts").get("completed").asInt()).isEqualTo(6);
        for (JsonNode t : v.get("trials")) {
            assertThat(t.get("parameters").get("temperature").asDouble() + 20 * t.get("parameters").get("hold_time").asDouble())
                    .isLessThanOrEqualTo(1400 + 1e-8);
        }

        var suggested = matdx("campaign", "suggest", "cli furnace", "--as", "alice");
        assertThat(suggested.code()).as(suggested.err()).isZero();
        assertThat(suggested.out().lines()).hasSize(2).allMatch(l -> l.contains("approved") && l.contains("temperature="));

        assertThat(matdx("campaign", "pause", "cli furnace", "--as", "alice").out()).contains("paused");
        var refused = matdx("campaign", "suggest", "cli furnace", "--as", "alice");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: ").contains("paused").doesNotContain("Exception");
        assertThat(matdx("campaign", "resume", "cli furnace", "--as", "alice").out()).contains("active");

        var result = matdx("campaign", "result", "cli furnace", "7", "--set", "relative_density=96.5", "--set", "grain_um=2.5", "--as", "alice");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("#7").contains("completed").contains("relative_density=96.500").contains("grain_um=2.5000");
        var failed = matdx("campaign", "fail", "cli furnace", "8", "--reason", "pellet cracked", "--as", "alice");
        assertThat(failed.out()).contains("failed").contains("(pellet cracked)");

        var show = matdx("campaign", "show", "cli furnace");
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("status: active").contains("7 completed, 1 failed").contains("best: ");
        var list = matdx("campaign", "list", "--as", "alice");
        assertThat(list.out()).contains("cli furnace");
        // bob may not read alice's private dataset: the campaign does not exist for him
        var hidden = matdx("campaign", "show", "cli furnace", "--as", "bob");
        assertThat(hidden.code()).isEqualTo(1);
        assertThat(hidden.err()).contains("no campaign");
    }

    @Test
    void badInputIsAOneLineErrorNamingTheField(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("bad.json");
        Files.writeString(cfg, """
                {"name": "impossible", "parameters": [{"name": "x", "low": 0, "high": 1}, {"name": "y", "low": 0, "high": 1}],
                 "constraints": [{"terms": {"x": 1, "y": 1}, "ge": 3}], "objective": {"name": "q"}, "stop": {"budget": 3}}""");
        var r = matdx("campaign", "create", "--dataset", "CLI sintering", "--config", cfg.toString(), "--as", "alice");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("constraints[0]: cannot hold: x + y ≥ 3");
        var noUser = matdx("campaign", "create", "--dataset", "CLI sintering", "--config", cfg.toString());
        assertThat(noUser.code()).isEqualTo(1);
        assertThat(noUser.err()).contains("--as");
        Files.writeString(cfg, "{\"name\": ");
        var notJson = matdx("campaign", "create", "--dataset", "CLI sintering", "--config", cfg.toString(), "--as", "alice");
        assertThat(notJson.code()).isEqualTo(1);
        assertThat(notJson.err()).contains("not valid JSON");
        assertThat(matdx("campaign", "list").out()).doesNotContain("impossible");
    }
}
