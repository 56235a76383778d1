package org.matdx.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.testing.TestDatabase;
import org.matdx.testing.TestFiles;

/** A campaign carries on after MatDX stops and starts again on the same database. */
class CampaignRestartTest {

    static final String CONFIG = """
            {"name": "furnace across a restart", "parameters": [
               {"name": "temperature", "low": 900, "high": 1300}, {"name": "hold_time", "low": 0.5, "high": 24, "log": true},
               {"name": "aid", "type": "categorical", "options": ["none", "Al2O3"]}],
             "constraints": [{"terms": {"temperature": 1, "hold_time": 10}, "le": 1450}],
             "objective": {"name": "relative_density", "unit": "%"}, "batch": 2, "initial": 4, "approval": true,
             "stop": {"budget": 16}, "simulator": {"function": "peak", "noise": 0.2, "fail_above": {"temperature": 1250}}}""";

    static Caller caller(Platform p, User u) {
        return new Caller.Account(u, p.users().memberships(u.id()), Scope.ADMIN);
    }

    @Test
    void aCampaignContinuesAfterARestart() throws IOException {
        Path dir = Files.createTempDirectory("matdx-restart");
        var server = TestDatabase.server();
        PlatformConfig config = PlatformConfig.defaults(dir).withDatabase(TestDatabase.freshDatabase(), server.user(), server.password())
                .withDemo(false).withWorkers(0).withDurable(false);
        UUID campaign;
        UUID userId;
        Campaigns.View before;
        try (Platform p = Platform.start(config)) {
            User u = p.accounts().createUser(Bootstrap.SYSTEM, "alice", "Alice", null, null, null, false);
            userId = u.id();
            Caller alice = caller(p, u);
            var d = p.catalog().createDataset(RequestContext.local(alice), new NewDataset("Sintering", "a campaign across a restart", "CC-BY-4.0",
                    "private", null, false, null, null));
            Campaigns campaigns = p.campaigns();
            campaign = campaigns.create(RequestContext.local(alice), d.id(), Json.read(CONFIG)).id();
            campaigns.simulate(RequestContext.local(alice), campaign, 8);
            // a batch proposed and waiting for approval when MatDX stops; one trial approved, one suggested
            List<Trial> batch = campaigns.suggest(RequestContext.local(alice), campaign);
            assertThat(batch).hasSize(2);
            campaigns.approve(RequestContext.local(alice), campaign, batch.get(0).id());
            campaigns.pause(RequestContext.local(alice), campaign, true);
            before = campaigns.view(RequestContext.local(alice), campaign);
        }

        try (Platform p = Platform.start(config)) {
            User u = p.users().byId(userId).orElseThrow();
            Caller alice = caller(p, u);
            Campaigns campaigns = p.campaigns();
            Campaigns.View after = campaigns.view(RequestContext.local(alice), campaign);
            // the same campaign, state and trials, value for value
            assertThat(after.campaign().status()).isEqualTo(CampaignStatus.PAUSED);
            assertThat(after.campaign().config().constraints().declared()).hasSize(1);
            assertThat(after.trials()).hasSize(before.trials().size()).hasSize(10);
            for (int i = 0; i < after.trials().size(); i++) {
                Trial a = after.trials().get(i);
                Trial b = before.trials().get(i);
                assertThat(a.id()).isEqualTo(b.id());
                assertThat(a.status()).isEqualTo(b.status());
                assertThat(a.value()).isEqualTo(b.value());
                assertThat(a.params()).isEqualTo(b.params());
                assertThat(a.entryId()).isEqualTo(b.entryId());
            }
            assertThat(after.best().map(Trial::id)).isEqualTo(before.best().map(Trial::id));
            // paused: the instrument gets nothing; resumed: it gets the trial approved before the restart
            assertThat(campaigns.next(RequestContext.local(alice), campaign)).isEmpty();
            assertThat(campaigns.pause(RequestContext.local(alice), campaign, false).status()).isEqualTo(CampaignStatus.ACTIVE);
            Optional<Trial> next = campaigns.next(RequestContext.local(alice), campaign);
            assertThat(next.map(Trial::id)).contains(before.trials().get(8).id());
            assertThat(next.get().status()).isEqualTo(TrialStatus.RUNNING);
            campaigns.complete(RequestContext.local(alice), campaign, next.get().id(), Json.object().put("relative_density", 91.5));
            // pausing again holds the loop; resuming lets it finish to its budget
            campaigns.pause(RequestContext.local(alice), campaign, true);
            assertThatThrownBy(() -> campaigns.suggest(RequestContext.local(alice), campaign)).isInstanceOfSatisfying(Problem.class,
                    e -> assertThat(e.getMessage()).contains("paused"));
            campaigns.pause(RequestContext.local(alice), campaign, false);
            Campaigns.View end = campaigns.simulate(RequestContext.local(alice), campaign, 20);
            assertThat(end.campaign().status()).isEqualTo(CampaignStatus.STOPPED);
            assertThat(end.campaign().stopRule()).isEqualTo("budget");
            assertThat(end.trials().stream().filter(t -> t.status().run()).count())
                    .isEqualTo(16);
            // the trials from before the restart are kept as they were, and no setting is proposed twice
            assertThat(end.trials().subList(0, 8)).extracting(Trial::id).containsExactlyElementsOf(
                    before.trials().subList(0, 8).stream().map(Trial::id).toList());
            Set<String> settings = new HashSet<>();
            for (Trial t : end.trials()) {
                assertThat(settings.add(Json.write(t.params()))).as("proposed twice: %s", t.params()).isTrue();
                assertThat(t.params().get("temperature").asDouble() + 10 * t.params().get("hold_time").asDouble())
                        .isLessThanOrEqualTo(1450 + 1e-8);
            }
            assertThat(end.trials().get(8).value()).isEqualTo(91.5);
            assertThat(end.trials().stream().mapToInt(Trial::round).max().orElseThrow()).isGreaterThan(before.trials().get(9).round());
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }
}
