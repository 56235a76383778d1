package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.testing.TestPlatform;

/** The command line against a real database, as an operator uses it next to a running server. */
class CliTest {
    static TestPlatform tp;

    @BeforeAll
    static void start() {
        tp = TestPlatform.start();
    }

    @AfterAll
    static void stop() {
        tp.close();
    }

    /** Runs a command against this class's database (the shared {@link CliRunner}). */
    static CliRunner.Run matdx(String... args) {
        return CliRunner.matdx(tp, args);
    }

    @Test
    void createsUsersGroupsAndTokensThatAuthenticate() {
        CliRunner.Run add = matdx("user", "add", "dana", "--name", "Dana", "--orcid", "0000-0002-1825-0097");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("created user dana");
        assertThat(matdx("user", "add-group", "xrd-lab", "--owner", "dana").code()).isZero();
        CliRunner.Run token = matdx("token", "issue", "--user", "dana", "--scope", "read", "--days", "30");
        assertThat(token.code()).isZero();
        String secret = token.out().strip();
        assertThat(secret).startsWith("mdx_");
        var caller = tp.platform().accounts().authenticateToken(secret, RequestContext.cli(Caller.ANONYMOUS));
        assertThat(caller.label()).isEqualTo("dana");
        assertThat(((org.matdx.core.Caller.Account) caller).groups()).hasSize(1);
        CliRunner.Run list = matdx("token", "list", "--user", "dana");
        assertThat(list.out()).contains("read").contains("active").doesNotContain(secret);
    }

    @Test
    void mistakesGiveOneLineErrorsNotStackTraces() {
        CliRunner.Run bad = matdx("user", "add", "Not Valid");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: username:").doesNotContain("Exception").doesNotContain("\tat ");
        CliRunner.Run unknown = matdx("token", "issue", "--user", "nobody");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no user 'nobody'");
        // every command that acts as a named user says the same (one lookup, PlatformCommand.user)
        for (var args : java.util.List.of(new String[] {"model", "list", "--as", "nobody"},
                new String[] {"federation", "list", "--as", "nobody"}, new String[] {"user", "add-group", "g", "--owner", "nobody"})) {
            CliRunner.Run r = matdx(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", args)).isEqualTo("error: no user 'nobody'\n");
        }
        CliRunner.Run usage = matdx("frobnicate");
        assertThat(usage.code()).isEqualTo(2);
    }

    @Test
    void unknownOrMissingCommandsExitTwoNamingWhatWasNotUnderstood() {
        CliRunner.Run unknown = CliRunner.offline("xrdd", "simulate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("error: unknown command 'xrdd' for 'matdx'").contains("xrd").contains("Did you mean");
        assertThat(unknown.out()).isEmpty();
        CliRunner.Run sub = CliRunner.offline("xrd", "simulat");
        assertThat(sub.code()).isEqualTo(2);
        assertThat(sub.err()).contains("unknown command 'simulat' for 'matdx xrd'");
        CliRunner.Run parentOnly = CliRunner.offline("xrd");
        assertThat(parentOnly.code()).isEqualTo(2);
        assertThat(parentOnly.err()).contains("error: Missing required subcommand").contains("simulate");
        CliRunner.Run bare = CliRunner.offline();
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err()).contains("Usage: matdx").contains("error: missing command");
        assertThat(CliRunner.offline("--help").code()).isZero();
    }

    @Test
    void jobThreadCountsOutsideTheirRangeAreRefusedBeforeAnythingStarts() {
        for (var args : java.util.List.of(new String[] {"up", "--job-threads", "-1"}, new String[] {"up", "--job-threads", "100000"},
                new String[] {"worker", "--threads", "0"}, new String[] {"worker", "--threads", "-3"})) {
            CliRunner.Run r = CliRunner.offline(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("error: --").contains("must be between").contains(args[2]);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
        }
    }

    /**
     * Issue 29: a command run without --data-dir while 'matdx up' keeps its data elsewhere created an
     * empty database in ~/.matdx and answered from it. Only 'up' creates a database; other commands
     * say where the data is.
     */
    @Test
    void commandsDoNotCreateAnEmptyDatabaseButSayWhereUpKeepsItsData() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("matdx-no-data");
        try {
            CliRunner.Run refused = CliRunner.offline("user", "list", "--data-dir", empty.toString());
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).startsWith("error: no MatDX data in " + empty).contains("Start 'matdx up' first");
            assertThat(empty.resolve("postgres")).doesNotExist();

            java.nio.file.Path served = java.nio.file.Path.of("/srv/matdx-lab");
            RunningServers.register(served, 8143);
            try {
                CliRunner.Run pointed = CliRunner.offline("model", "list", "--data-dir", empty.toString());
                assertThat(pointed.code()).isEqualTo(1);
                assertThat(pointed.err()).contains("'matdx up' is running with its data in /srv/matdx-lab (port 8143)")
                        .contains("add --data-dir /srv/matdx-lab");
                assertThat(empty.resolve("postgres")).doesNotExist();
            } finally {
                RunningServers.unregister();
            }
            assertThat(RunningServers.alive()).noneMatch(s -> s.dataDir().equals(served));
        } finally {
            org.matdx.testing.TestFiles.deleteRecursively(empty);
        }
    }

    @Test
    void talliesShowWhatAnonymousVisitorsDidWithoutAnEventEach() {
        var context = new org.matdx.core.RequestContext(org.matdx.core.Caller.ANONYMOUS, "192.0.2.44", null, null);
        for (int i = 0; i < 3; i++) {
            tp.platform().audit().tally("login.failed.token", context);
        }
        CliRunner.Run t = matdx("audit", "tallies", "--hours", "2");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).containsPattern("login\\.failed\\.token\\s+192\\.0\\.2\\.44\\s+3");
        assertThat(matdx("audit", "verify").out()).contains("intact");
    }
}
