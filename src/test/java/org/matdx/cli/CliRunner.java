package org.matdx.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.matdx.testing.TestDatabase;
import org.matdx.testing.TestPlatform;

/** Runs {@code matdx …} against a test platform's database and captures what it prints (for tests in other packages). */
public final class CliRunner {
    private CliRunner() {
    }

    public record Run(int code, String out, String err) {
    }

    /** Runs a command that needs no database ({@code elements score}, {@code bench matbench}, …). */
    public static synchronized Run offline(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    public static synchronized Run matdx(TestPlatform tp, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DatabaseOptions.passwordOverride = TestDatabase.server().password();
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
            DatabaseOptions.passwordOverride = null;
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
