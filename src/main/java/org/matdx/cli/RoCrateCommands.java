package org.matdx.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.fair.RoCrateExport;
import org.matdx.fair.RoCrateImport;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** RO-Crate import ({@code matdx import rocrate}) and export ({@code matdx export rocrate}). */
final class RoCrateCommands {

    /** What RO-Crate import and export use. */
    record Uses(UserStore users, RoCrateImport roCrateImport, RoCrateExport roCrateExport) implements PlatformCommand.Users {
    }

    abstract static class Base extends PlatformCommand<Uses> {
    }

    private RoCrateCommands() {
    }

    @Command(name = "rocrate", description = {
            "Import a version exported as an RO-Crate zip by another MatDX: dataset, entries, files and the version",
            "(same PID). The importing user owns it here. Nothing is imported if anything in the crate is wrong."})
    static final class Import extends Base {
        @Parameters(index = "0", paramLabel = "FILE", description = "The RO-Crate zip.")
        Path file;

        @Option(names = "--user", required = true, paramLabel = "USERNAME", description = "Who imports (owns the dataset).")
        String username;

        @Option(names = "--access", description = "private, group, embargoed or public (default: as in the crate).")
        String access;

        @Option(names = "--group", description = "Group of a group-level dataset (default: the crate's, if you are in it).")
        String group;

        @Option(names = "--embargo-until", paramLabel = "DATE", description = "End of the embargo (YYYY-MM-DD).")
        String embargoUntil;

        @Override
        protected int run(Uses p) throws Exception {
            if (!Files.isRegularFile(file)) {
                throw Problem.invalid("FILE", file + " is not a readable file");
            }
            LocalDate embargo = null;
            if (embargoUntil != null) {
                try {
                    embargo = LocalDate.parse(embargoUntil);
                } catch (DateTimeParseException e) {
                    throw Problem.invalid("--embargo-until", "must be a date like 2027-04-01");
                }
            }
            RoCrateImport.Result r;
            try (InputStream in = Files.newInputStream(file)) {
                r = p.roCrateImport().importCrate(RequestContext.cli(account(p, username, Scope.WRITE)), in, file.getFileName().toString(),
                        new RoCrateImport.Options(access, embargo, null, group));
            }
            System.out.println("imported " + r.version().pid() + ": dataset " + r.dataset().id() + ", " + r.entries()
                    + " entr" + (r.entries() == 1 ? "y" : "ies") + ", " + r.files() + " file(s)");
            return 0;
        }
    }

    @Command(name = "export", description = "Export data in exchange formats.", subcommands = {Export.RoCrate.class})
    static final class Export {
        @Command(name = "rocrate", description = "Write a published version as an RO-Crate 1.1 zip.")
        static final class RoCrate extends Base {
            @Option(names = "--dataset", required = true, paramLabel = "ID")
            String dataset;

            @Option(names = "--version", required = true, paramLabel = "N", description = "Version number.")
            int version;

            @Option(names = "--user", required = true, paramLabel = "USERNAME", description = "Export as this user (their access applies).")
            String username;

            @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE")
            Path output;

            @Option(names = "--base-url", defaultValue = "http://localhost:7070", description = "Where this instance is served (for links).")
            String baseUrl;

            @Override
            protected int run(Uses p) throws Exception {
                UUID id = Ids.parseOrNull(dataset);
                if (id == null) {
                    throw Problem.invalid("--dataset", "'" + dataset + "' is not a dataset id");
                }
                RoCrateExport.Prepared prepared = p.roCrateExport().prepare(RequestContext.cli(account(p, username, Scope.WRITE)), id, version);
                Path tmp = output.resolveSibling(output.getFileName() + ".part");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    p.roCrateExport().write(prepared, baseUrl, out);
                }
                Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
                System.out.println("wrote " + output + " (" + prepared.entries().size() + " entries, " + Files.size(output) + " bytes)");
                return 0;
            }
        }
    }
}
