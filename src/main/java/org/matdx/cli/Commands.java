package org.matdx.cli;

import java.util.function.Function;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.web.WebServer;
import picocli.CommandLine;

/**
 * The wiring of the command line, as {@code WebServer} is the web's: the one class in {@code cli}
 * that knows the {@link Platform} (ArchitectureTest). picocli creates every command through it,
 * and each command that needs the platform is handed how to open it together with the
 * capabilities it uses, a small record of its own; commands that need no database are left as
 * they are and never start one.
 */
final class Commands implements CommandLine.IFactory {
    private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K command = defaults.create(type);
        wire(command);
        return command;
    }

    private static void wire(Object command) {
        switch (command) {
            case UpCommand c -> c.start = Commands::serve;
            case WorkerCommand c -> c.start = config -> {
                Platform p = Platform.start(config);
                return new WorkerCommand.Running(p.db().url(), p::close);
            };
            case UserCommand.Base c -> c.open = open(p -> new UserCommand.Uses(p.users(), p.accounts()));
            case TokenCommand.Base c -> c.open = open(p -> new TokenCommand.Uses(p.users(), p.accounts(), p.config().clock()));
            case AuditCommand.Base c -> c.open = open(p -> new AuditCommand.Uses(p.audit(), p.config().clock()));
            case ModelCommand.AsCaller<?> c -> wireAsCaller(c);
            case ScreenCommand c -> c.open = open(p -> new ScreenCommand.Uses(p.users(), p.catalog(), p.screens(), p.models()));
            case IngestCommand c -> c.open = open(p -> new IngestCommand.Uses(p.users(), p.catalog(), p.ingestion()));
            case ImportCommand.Base c -> c.open = open(p -> new ImportCommand.Uses(p.users(), p.catalog(), p.optimadeImport()));
            case RoCrateCommands.Base c -> c.open = open(p -> new RoCrateCommands.Uses(p.users(), p.roCrateImport(), p.roCrateExport()));
            case RemovalCommands.Base c -> c.open = open(p -> new RemovalCommands.Uses(p.users(), p.removals()));
            case FederationCommand.Base c -> c.open = open(p -> new FederationCommand.Uses(p.users(), p.federations(), p.federatedCampaigns()));
            case ProductCommand.Base c -> c.open = open(p -> new ProductCommand.Uses(p.products()));
            case OptimadeCommand.ListOptions c -> c.stored = config -> {
                try (Platform p = Platform.start(config)) {
                    return p.optimadeProviders().current().list();
                }
            };
            default -> {
                if (command instanceof PlatformCommand<?>) {
                    throw new IllegalStateException(command.getClass().getName() + " needs the platform but Commands does not wire it");
                }
            }
        }
    }

    /** The commands acting as the operator or a named user share a base; each family has its own capabilities. */
    private static void wireAsCaller(ModelCommand.AsCaller<?> command) {
        switch (command) {
            case CampaignCommand.AsUser c -> c.open = open(Commands::campaigns);
            case CampaignCommand.ListCampaigns c -> c.open = open(Commands::campaigns);
            case XrdCommand.AsCaller c -> c.open = open(p -> new XrdCommand.Uses(p.users(), p.catalog(), p.diffraction(), p.ingest()));
            case ModelCommand.Base c -> c.open = open(p -> new ModelCommand.Uses(p.users(), p.catalog(), p.models()));
            default -> throw new IllegalStateException(command.getClass().getName() + " needs the platform but Commands does not wire it");
        }
    }

    private static CampaignCommand.Uses campaigns(Platform p) {
        return new CampaignCommand.Uses(p.users(), p.catalog(), p.campaigns());
    }

    /** {@code matdx up}: the platform and its web server; a port that cannot be had closes the platform again. */
    private static UpCommand.Running serve(PlatformConfig config, String host, int port) {
        Platform platform = Platform.start(config);
        WebServer server;
        try {
            server = new WebServer(platform).start(host, port);
        } catch (RuntimeException e) {
            platform.close();
            throw new IllegalStateException("could not listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); is another server using it? Choose another with --port", e);
        }
        return new UpCommand.Running(server.port(), Bootstrap.adminToken(platform), platform::loadDemoInBackground, () -> {
            server.close();
            platform.close();
        });
    }

    /** Opens the platform for one command, hands it the capabilities {@code uses} picks, and closes it after. */
    private static <C> PlatformCommand.Open<C> open(Function<Platform, C> uses) {
        return (config, body) -> {
            try (Platform p = Platform.start(config)) {
                return body.run(uses.apply(p));
            }
        };
    }
}
