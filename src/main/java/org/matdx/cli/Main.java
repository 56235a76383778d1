package org.matdx.cli;

import org.matdx.core.Problem;
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
                ScreenCommand.class,
                ModelCommand.class,
                CampaignCommand.class,
                ImportCommand.class,
                OptimadeCommand.class,
                RoCrateCommands.Export.class,
                RemovalCommands.Entry.class,
                RemovalCommands.Dataset.class,
                AuditCommand.class,
                IngestCommand.class,
                XrdCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
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
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e;
            if (cause instanceof Problem p) {
                cmd.getErr().println("error: " + p.getMessage());
                p.issues().forEach(i -> cmd.getErr().println("  " + i.field() + ": " + i.message()));
                return 1;
            }
            if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException
                    || cause instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("error: " + cause.getMessage());
                org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", cause);
                return 1;
            }
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", cause);
            cmd.getErr().println("error: MatDX failed unexpectedly: " + cause
                    + (System.getenv("MATDX_DEBUG") == null ? " (set MATDX_DEBUG=1 to see the stack trace)" : ""));
            if (System.getenv("MATDX_DEBUG") != null) {
                cause.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"MatDX " + org.matdx.web.Version.current()};
        }
    }
}
