package org.matdx.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Dataset;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.optimade.OptimadeImport;
import org.matdx.catalog.Catalog;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code matdx import …}: bring data from other systems in. */
@Command(name = "import", description = "Import data from files in exchange formats.",
        subcommands = {ImportCommand.Optimade.class, RoCrateCommands.Import.class})
final class ImportCommand {

    /** What the OPTIMADE import uses. */
    record Uses(UserStore users, Catalog catalog, OptimadeImport optimadeImport) implements PlatformCommand.Users {
    }

    abstract static class Base extends PlatformCommand<Uses> {
    }


    @Command(name = "optimade", description = {
            "Import an OPTIMADE JSON Lines file (.jsonl or .jsonl.gz): its structures become entries of a dataset,",
            "its references the dataset's references. Nothing is imported if any line has a problem."})
    static final class Optimade extends Base {
        @Parameters(index = "0", paramLabel = "FILE", description = "The OPTIMADE JSON Lines file.")
        Path file;

        @Option(names = "--user", required = true, paramLabel = "USERNAME", description = "Who imports (owns a new dataset).")
        String username;

        @Option(names = "--dataset", paramLabel = "ID", description = "Add to this existing dataset instead of creating one.")
        String dataset;

        @Option(names = "--title", description = "Title of the new dataset (default: the file name).")
        String title;

        @Option(names = "--description", defaultValue = "", description = "Description of the new dataset.")
        String description;

        @Option(names = "--access", defaultValue = "private",
                description = "Access of the new dataset: private, group, embargoed or public (default: ${DEFAULT-VALUE}).")
        String access;

        @Option(names = "--group", description = "Group of a group-level dataset.")
        String group;

        @Option(names = "--embargo-until", paramLabel = "DATE", description = "End of the embargo (YYYY-MM-DD).")
        String embargoUntil;

        @Option(names = "--license", defaultValue = "CC-BY-4.0", description = "SPDX licence id (default: ${DEFAULT-VALUE}).")
        String license;

        @Override
        protected int run(Uses p) throws Exception {
            if (!Files.isRegularFile(file)) {
                throw Problem.invalid("FILE", file + " is not a readable file");
            }
            Caller caller = account(p, username, Scope.WRITE);
            String name = file.getFileName().toString();
            OptimadeImport importer = p.optimadeImport();
            UUID target;
            if (dataset != null) {
                target = Ids.parseOrNull(dataset);
                if (target == null) {
                    throw Problem.invalid("--dataset", "'" + dataset + "' is not a dataset id");
                }
            } else {
                // check the whole file before creating a dataset for it, so a bad file leaves nothing behind
                try (InputStream in = open(file)) {
                    importer.check(caller, in, name);
                }
                LocalDate embargo = null;
                if (embargoUntil != null) {
                    try {
                        embargo = LocalDate.parse(embargoUntil);
                    } catch (DateTimeParseException e) {
                        throw Problem.invalid("--embargo-until", "must be a date like 2027-04-01");
                    }
                }
                Dataset d = p.catalog().createDataset(RequestContext.cli(caller), new NewDataset(title != null ? title : name, description,
                        license, access, embargo, false, group, null));
                target = d.id();
            }
            OptimadeImport.Result r;
            try (InputStream in = open(file)) {
                r = importer.importInto(RequestContext.cli(caller), target, in, name);
            }
            System.out.println("imported " + r.structures() + " structure(s) and " + r.references() + " reference(s) into dataset "
                    + target);
            r.skipped().forEach((type, n) -> System.err.println("skipped " + n + " entr" + (n == 1 ? "y" : "ies")
                    + " of type '" + type + "' (MatDX imports structures and references)"));
            return 0;
        }

        private static InputStream open(Path file) throws IOException {
            InputStream in = new BufferedInputStream(Files.newInputStream(file));
            if (file.getFileName().toString().endsWith(".gz")) {
                return new GZIPInputStream(in);
            }
            return in;
        }
    }
}
