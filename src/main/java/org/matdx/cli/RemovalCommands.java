package org.matdx.cli;

import java.util.UUID;
import org.matdx.catalog.Removals;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code matdx entry delete|retract} and {@code matdx dataset delete}: the same rules as the API
 * (docs/access.md), acting as {@code --user}; an administrator's account acts as an administrator.
 */
final class RemovalCommands {

    /** What the removal commands use. */
    record Uses(UserStore users, Removals removals) implements PlatformCommand.Users {
    }

    abstract static class Base extends PlatformCommand<Uses> {
    }

    private RemovalCommands() {
    }

    /** The user as a caller; an administrator's account with the administrator's rights (the CLI runs on the server). */
    static Caller.Account caller(Uses p, String username) {
        User u = PlatformCommand.user(p, username);
        return PlatformCommand.account(p, u, u.admin() ? Scope.ADMIN : Scope.WRITE);
    }

    static UUID id(String value, String what) {
        UUID id = Ids.parseOrNull(value);
        if (id == null) {
            throw Problem.invalid(what, "'" + value + "' is not an id");
        }
        return id;
    }

    static String released(Removals.Removed r) {
        return r.filesReleased() == 0 ? "" : ", " + r.filesReleased() + " file(s) no longer needed removed";
    }

    @Command(name = "entry", description = "Delete or retract entries.", subcommands = {Entry.Delete.class, Entry.Retract.class})
    static final class Entry {
        @Command(name = "delete", description = {
                "Delete an entry that no published version holds, with everything derived from it.",
                "An entry of a published version is retracted instead (an administrator may remove it, with --reason)."})
        static final class Delete extends Base {
            @Parameters(index = "0", paramLabel = "ENTRY")
            String entry;

            @Option(names = "--user", required = true, paramLabel = "USERNAME", description = "Who deletes (audited).")
            String username;

            @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required from an administrator removing published data).")
            String reason;

            @Override
            protected int run(Uses p) {
                Removals.Removed r = p.removals().deleteEntry(RequestContext.cli(caller(p, username)), id(entry, "ENTRY"), reason);
                System.out.println((r.versions().isEmpty() ? "deleted entry " : "removed entry ") + r.id() + " (" + r.title() + ")"
                        + (r.versions().isEmpty() ? "" : " from " + String.join(", ", r.versions())) + released(r));
                return 0;
            }
        }

        @Command(name = "retract", description = {
                "Retract an entry of published versions: it leaves search, OPTIMADE, exports and counts;",
                "the versions stay as published and show what was retracted, when and why."})
        static final class Retract extends Base {
            @Parameters(index = "0", paramLabel = "ENTRY")
            String entry;

            @Option(names = "--user", required = true, paramLabel = "USERNAME", description = "Who retracts (audited).")
            String username;

            @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; shown on the versions.")
            String reason;

            @Override
            protected int run(Uses p) {
                Removals.Retraction r = p.removals().retractEntry(RequestContext.cli(caller(p, username)), id(entry, "ENTRY"), reason);
                System.out.println("retracted entry " + r.entryId() + " (" + r.title() + ") from " + String.join(", ", r.versions()));
                return 0;
            }
        }
    }

    @Command(name = "dataset", description = "Delete datasets.", subcommands = {Dataset.Delete.class})
    static final class Dataset {
        @Command(name = "delete", description = {
                "Delete a dataset with all its entries, files, samples and campaigns.",
                "One with published versions only an administrator removes (with --reason)."})
        static final class Delete extends Base {
            @Parameters(index = "0", paramLabel = "DATASET")
            String dataset;

            @Option(names = "--user", required = true, paramLabel = "USERNAME", description = "Who deletes (audited).")
            String username;

            @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required to remove published versions).")
            String reason;

            @Override
            protected int run(Uses p) {
                Removals.Removed r = p.removals().deleteDataset(RequestContext.cli(caller(p, username)), id(dataset, "DATASET"), reason);
                System.out.println((r.versions().isEmpty() ? "deleted dataset " : "removed dataset ") + r.id() + " (" + r.title()
                        + "): " + r.entries() + " entr" + (r.entries() == 1 ? "y" : "ies")
                        + (r.versions().isEmpty() ? "" : ", versions " + String.join(", ", r.versions())) + released(r));
                return 0;
            }
        }
    }
}
