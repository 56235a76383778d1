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
import org.matdx.federated.FederationSpec;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.TestPlatform;

/** {@code matdx federation …} as a node's administrator and a coordinator run it. */
class FederationCommandTest {
    static TestPlatform tp;
    static String dataset;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
        tp.platform().accounts().createUser(Bootstrap.SYSTEM, "root", "root", null, null, null, true);
        tp.person("coordinator");
        var alice = tp.person("alice").caller(tp.platform());
        dataset = tp.platform().catalog().createDataset(RequestContext.cli(alice), new NewDataset("gaps", "", null, "public", null, false, null, null)).id().toString();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    @Test
    void joinListMessagesAndLeave(@TempDir Path dir) throws IOException {
        var key = CliRunner.offline("federation", "proof-key");
        assertThat(key.code()).isZero();
        String proofKey = key.out().strip();
        assertThat(proofKey).matches("[0-9a-f]{64}");
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, Json.write(FederationSpec.standard("band_gap", 0, 12).toJson()));
        var join = CliRunner.matdx(tp, "federation", "join", "--as", "root", "--name", "gaps", "--coordinator",
                "https://coordinator.example.org", "--coordinator-account", "coordinator", "--proof-key", proofKey,
                "--spec", spec.toString(), "--dataset", dataset);
        assertThat(join.code()).as(join.err()).isZero();
        assertThat(Json.read(join.out()).get("coordinator_account").asString()).isEqualTo("coordinator");
        var list = CliRunner.matdx(tp, "federation", "list", "--as", "root");
        assertThat(list.out()).contains("gaps").contains("member").contains("https://coordinator.example.org");
        var messages = CliRunner.matdx(tp, "federation", "messages", "--as", "root", "gaps");
        assertThat(messages.code()).isZero();
        assertThat(messages.out()).isEmpty(); // nothing sent yet
        // an ordinary user is not an administrator; a spec that is not JSON is refused by field
        assertThat(CliRunner.matdx(tp, "federation", "list", "--as", "alice").err()).contains("not an administrator");
        Files.writeString(spec, "{\"target\": ");
        var bad = CliRunner.matdx(tp, "federation", "join", "--as", "root", "--name", "other", "--coordinator",
                "https://c.example.org", "--coordinator-account", "coordinator", "--proof-key", proofKey, "--spec",
                spec.toString(), "--dataset", dataset);
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error:").contains("spec");
        var leave = CliRunner.matdx(tp, "federation", "leave", "--as", "root", "gaps");
        assertThat(leave.code()).as(leave.err()).isZero();
        assertThat(CliRunner.matdx(tp, "federation", "list", "--as", "root").out()).contains("left");
        // the coordinator side refuses fewer than three nodes before sending anything
        Files.writeString(spec, Json.write(FederationSpec.standard("band_gap", 0, 12).toJson()));
        Path nodes = dir.resolve("nodes.json");
        Files.writeString(nodes, "[{\"name\": \"a\", \"url\": \"http://127.0.0.1:9\", \"federation\": \"gaps\", \"token\": \"t\", "
                + "\"proof_key\": \"" + proofKey + "\"}]");
        var train = CliRunner.offline("federation", "train", "--spec", spec.toString(), "--nodes", nodes.toString());
        assertThat(train.code()).isEqualTo(1);
        assertThat(train.err()).contains("3-32 nodes");
    }
}
