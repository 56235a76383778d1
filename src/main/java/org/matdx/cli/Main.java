package org.matdx.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ServiceLoader;
import org.matdx.core.InvalidInput;
import org.matdx.core.Problem;
import org.matdx.web.Version;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code matdx} command line. */
@Command(name = "matdx", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "MatDX — materials data platform: structuring, tiered access, search, OPTIMADE, models and campaigns.",
        subcommands = {
                UpCommand.class,
                WorkerCommand.class,
                UserCommand.class,
                TokenCommand.class,
                ElementsCommand.class,
                ProductCommand.class,
                ScreenCommand.class,
                ModelCommand.class,
                CampaignCommand.class,
                ImportCommand.class,
                OptimadeCommand.class,
                FederationCommand.class,
                RoCrateCommands.Export.class,
                RemovalCommands.Entry.class,
                RemovalCommands.Dataset.class,
                AuditCommand.class,
                IngestCommand.class,
                XrdCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Throwable t) {
            System.err.println("error: MatDX failed unexpectedly: " + t
                    + (System.getenv("MATDX_DEBUG") == null ? " (set MATDX_DEBUG=1 to see the stack trace)" : ""));
            if (System.getenv("MATDX_DEBUG") != null) {
                t.printStackTrace();
            }
            code = 1;
        }
        System.exit(code);
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main(), new Commands());
        // the benchmarks (`bench`, `elements bench`) are not in the product jar: matdx-bench.jar adds them when it is on
        // the class path, as ./matdx puts it (docs/BENCHMARKS.md)
        ServiceLoader.load(CommandExtension.class).forEach(e -> e.addTo(cl));
        cl.addSubcommand(CommandLine.HelpCommand.class);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e;
            if (cause instanceof InvalidInput invalid) {
                cause = invalid.problem(); // said as a Problem is: the field and what is wrong with it
            }
            if (cause instanceof Problem p) {
                cmd.getErr().println("error: " + p.getMessage());
                p.issues().forEach(i -> cmd.getErr().println("  " + i.field() + ": " + i.message()));
                return 1;
            }
            if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException
                    || cause instanceof UncheckedIOException) {
                cmd.getErr().println("error: " + cause.getMessage());
                LoggerFactory.getLogger(Main.class).debug("command failed", cause);
                return 1;
            }
            LoggerFactory.getLogger(Main.class).debug("command failed", cause);
            cmd.getErr().println("error: MatDX failed unexpectedly: " + cause
                    + (System.getenv("MATDX_DEBUG") == null ? " (set MATDX_DEBUG=1 to see the stack trace)" : ""));
            if (System.getenv("MATDX_DEBUG") != null) {
                cause.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        cl.setParameterExceptionHandler(Main::usageError);
        return cl.execute(args);
    }

    /**
     * A mistyped command must be told from a successful one by a script: one line naming what
     * was not understood, the usage on stderr, and status 2 (picocli's usage-error status).
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !cmd.getSubcommands().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            err.println("error: unknown command '" + u.getUnmatched().getFirst() + "' for '"
                    + cmd.getCommandSpec().qualifiedName() + "'; commands: "
                    + String.join(", ", cmd.getSubcommands().keySet()));
        } else if (!cmd.getSubcommands().isEmpty() && e.getMessage().startsWith("Missing required subcommand")) {
            err.println("error: Missing required subcommand of '" + cmd.getCommandSpec().qualifiedName() + "'; commands: "
                    + String.join(", ", cmd.getSubcommands().keySet()));
        } else {
            err.println("error: " + e.getMessage());
        }
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("(" + cmd.getCommandSpec().qualifiedName() + " --help describes every command and option)");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** {@code matdx} alone: the usage, but not a success a script could mistake for work done. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"MatDX " + Version.current()};
        }
    }
}
