package org.matdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestDatabase;
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

    record Run(int code, String out, String err) {
    }

    static Run matdx(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] full = new String[args.length + 4];
            System.arraycopy(args, 0, full, 0, args.length);
            full[args.length] = "--db-url";
            full[args.length + 1] = tp.platform().db().url();
            full[args.length + 2] = "--data-dir";
            full[args.length + 3] = tp.dataDir().toString();
            int code = Main.run(full);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void createsUsersGroupsAndTokensThatAuthenticate() {
        Run add = withPassword(() -> matdx("user", "add", "dana", "--name", "Dana", "--orcid", "0000-0002-1825-0097"));
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("created user dana");
        assertThat(withPassword(() -> matdx("user", "add-group", "xrd-lab", "--owner", "dana")).code()).isZero();
        Run token = withPassword(() -> matdx("token", "issue", "--user", "dana", "--scope", "read", "--days", "30"));
        assertThat(token.code()).isZero();
        String secret = token.out().strip();
        assertThat(secret).startsWith("mdx_");
        var caller = tp.platform().accounts().authenticateToken(secret, org.matdx.audit.AuditLog.Origin.LOCAL);
        assertThat(caller.label()).isEqualTo("dana");
        assertThat(((org.matdx.core.Caller.Account) caller).groups()).hasSize(1);
        Run list = withPassword(() -> matdx("token", "list", "--user", "dana"));
        assertThat(list.out()).contains("read").contains("active").doesNotContain(secret);
    }

    @Test
    void mistakesGiveOneLineErrorsNotStackTraces() {
        Run bad = withPassword(() -> matdx("user", "add", "Not Valid"));
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: username:").doesNotContain("Exception").doesNotContain("\tat ");
        Run unknown = withPassword(() -> matdx("token", "issue", "--user", "nobody"));
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no user 'nobody'");
        Run usage = matdx("frobnicate");
        assertThat(usage.code()).isEqualTo(2);
    }

    /** Commands read the external database's password from $MATDX_DB_PASSWORD; tests pass it the same way via a system property bridge. */
    static Run withPassword(java.util.function.Supplier<Run> r) {
        DatabaseOptions.passwordOverride = TestDatabase.server().password();
        try {
            return r.get();
        } finally {
            DatabaseOptions.passwordOverride = null;
        }
    }
}
