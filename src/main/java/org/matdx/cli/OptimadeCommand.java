package org.matdx.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.optimade.client.FederatedSearch;
import org.matdx.optimade.client.Federation;
import org.matdx.optimade.client.FederationLimits;
import org.matdx.optimade.client.Provider;
import org.matdx.optimade.client.ProviderList;
import org.matdx.platform.PlatformConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code matdx optimade …}: other OPTIMADE providers searched from the command line. */
@Command(name = "optimade", description = "Search other OPTIMADE providers' databases.",
        subcommands = {OptimadeCommand.Search.class, OptimadeCommand.Providers.class})
final class OptimadeCommand {

    /** Exit code when every provider asked failed. */
    static final int ALL_FAILED = 3;

    /** Where the provider list comes from: a file, a MatDX's stored list, or the shipped one. */
    static final class ListOptions {
        @Option(names = "--provider-list", paramLabel = "FILE", description = "A provider list in the providers registry's "
                + "format (providers.json) instead of MatDX's.")
        Path file;

        @Mixin
        DatabaseOptions db;

        /** The provider list a MatDX keeps (administrators' page): set by {@link Commands}. */
        Function<PlatformConfig, ProviderList> stored;

        ProviderList load() throws IOException {
            if (file != null) {
                return ProviderList.parse(Files.readString(file));
            }
            if (db.dataDir == null && db.dbUrl == null) {
                return ProviderList.defaults();
            }
            return stored.apply(db.config(true).withDemo(false).withWorkers(0));
        }
    }

    @Command(name = "search", description = "Search the listed providers at once, e.g. "
            + "matdx optimade search 'elements HAS ALL \"Li\",\"Co\",\"O\"' --providers mp,oqmd. Prints each provider's "
            + "page of results or why it gave none; exits " + ALL_FAILED + " when every provider failed.")
    static final class Search implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILTER", description = "An OPTIMADE filter (checked before anyone is asked).")
        String filter;

        @Option(names = "--providers", paramLabel = "IDS", required = true,
                description = "Comma-separated provider ids (mp, oqmd, …) or database ids (mcloud/mc3d); see 'matdx optimade providers'.")
        String providers;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Structures per provider (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--after", paramLabel = "CURSOR", description = "The cursor of one database's next page (as printed).")
        String after;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Seconds each provider gets (default: ${DEFAULT-VALUE}).")
        double timeout;

        @Option(names = "--json", description = "Print JSON (as GET /api/v1/optimade/federated answers).")
        boolean json;

        @Mixin
        ListOptions list;

        @Override
        public Integer call() throws Exception {
            if (!(timeout > 0 && timeout <= 120)) {
                throw Problem.invalid("--timeout", "must be from 0 to 120 seconds");
            }
            ProviderList providerList = list.load();
            Federation federation = new Federation(() -> providerList, FederationLimits.DEFAULTS.withTimeout(
                    Duration.ofMillis(Math.round(timeout * 1000))), Clock.systemUTC(), "MatDX CLI (federated OPTIMADE client)",
                    null);
            FederatedSearch s = federation.search(new Federation.Request(filter, providers, Integer.toString(limit), after));
            PrintStream out = System.out;
            if (json) {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(s.json(null)));
            } else {
                print(s, out);
            }
            return s.allFailed() ? ALL_FAILED : 0;
        }

        private static void print(FederatedSearch s, PrintStream out) {
            for (FederatedSearch.DatabaseResult r : s.results()) {
                switch (r) {
                    case FederatedSearch.Answered a -> {
                        out.printf("%s (%s): %s%s, %d ms%n", a.database(), a.name(), a.dataReturned() == null ? a.hits().size() + " shown"
                                : a.dataReturned() + " found", a.more() ? ", more available" : "", a.millis());
                        for (FederatedSearch.Hit h : a.hits()) {
                            out.printf("  %-28s %-16s %s%s%n", h.id(), h.formula() == null ? "?" : h.formula(),
                                    h.nsites() == null ? "" : h.nsites() + " sites", h.lastModified() == null ? "" : "  " + h.lastModified());
                        }
                        if (a.next() != null) {
                            out.printf("  next page: --providers %s --after '%s'%n", a.database(), a.next());
                        }
                    }
                    case FederatedSearch.Failed f -> out.printf("%s (%s): FAILED (%s) %s%n", f.database(), f.name(),
                            f.failure().kind().code(), f.failure().detail());
                }
            }
            s.notes().forEach(n -> out.println("note: " + n));
            out.printf("%d of %d databases answered%n", s.succeeded(), s.results().size());
        }
    }

    @Command(name = "providers", description = "List the providers a federated search may ask.")
    static final class Providers implements Callable<Integer> {
        @Option(names = "--json", description = "Print the list in the providers registry's format.")
        boolean json;

        @Mixin
        ListOptions list;

        @Override
        public Integer call() throws Exception {
            ProviderList l = list.load();
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(l.document()));
                return 0;
            }
            List<Provider> ps = l.providers();
            for (Provider p : ps) {
                System.out.printf("%-16s %-45s %s%n", p.id(), p.name(), p.baseUrl() == null ? "(no database)" : p.baseUrl());
            }
            return 0;
        }
    }
}
