package org.matdx.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.matdx.audit.AuditLog;
import org.matdx.core.AuditEvent;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code matdx audit …}: check the audit chain and read an object's history. */
@Command(name = "audit", description = "Check the tamper-evident audit trail and show who did what to an object.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class, AuditCommand.Tallies.class})
final class AuditCommand {

    /** What the audit commands use. */
    record Uses(AuditLog audit, Clock clock) {
    }

    abstract static class Base extends PlatformCommand<Uses> {
    }

    @Command(name = "verify", description = {
            "Recompute every event's hash and its link to the event before it.",
            "Exit 0 when the chain is intact; otherwise name the first broken event and exit 3."})
    static final class Verify extends Base {
        @Override
        protected int run(Uses p) {
            AuditLog.Verification v = p.audit().verify(null);
            if (v.intact()) {
                System.out.println("audit trail intact: " + v.checked() + " event(s) checked");
                return 0;
            }
            AuditEvent e = v.firstBroken().get();
            System.out.println("audit trail BROKEN at event " + e.seq() + " (" + e.at() + ", " + e.actor() + ", "
                    + e.action() + " " + e.objectType() + " " + e.objectId() + ")");
            System.out.println(v.reason());
            System.out.println(v.checked() + " event(s) before it are intact");
            return 3;
        }
    }

    @Command(name = "show", description = "List the events about an object (a dataset also lists its entries' events).")
    static final class Show extends Base {
        @Option(names = "--object", required = true, paramLabel = "ID", description = "Dataset, entry, user or token id.")
        String object;

        @Option(names = "--json", description = "One JSON object per line instead of a table.")
        boolean json;

        @Option(names = "--limit", defaultValue = "1000", description = "At most this many events (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        protected int run(Uses p) {
            if (object.isBlank()) {
                throw Problem.invalid("--object", "give the id of a dataset, entry, user or token");
            }
            List<AuditEvent> events = p.audit().forObjectOrDataset(object.strip(), Math.max(1, limit));
            if (events.isEmpty()) {
                System.err.println("no audit events about " + object);
                return 0;
            }
            for (AuditEvent e : events) {
                if (json) {
                    System.out.println(Json.write(Json.object().put("seq", e.seq()).put("at", e.at().toString())
                            .put("actor", e.actor()).put("action", e.action()).put("object_type", e.objectType())
                            .put("object_id", e.objectId()).put("remote_address", e.remoteAddress())
                            .set("detail", e.detail())));
                } else {
                    System.out.printf("%-6d %-27s %-16s %-28s %-8s %s %s%n", e.seq(), e.at(), e.actor(), e.action(),
                            e.objectType(), e.objectId(), Json.write(e.detail()));
                }
            }
            return 0;
        }
    }

    @Command(name = "tallies", description = {
            "What anonymous visitors did that is counted rather than recorded event by event:",
            "sign-ins to accounts that do not exist, unknown API tokens, attempts refused while throttled."})
    static final class Tallies extends Base {
        @Option(names = "--hours", defaultValue = "24", description = "The last N hours (default: ${DEFAULT-VALUE}).")
        int hours;

        @Override
        protected int run(Uses p) {
            var since = p.clock().instant().minus(Duration.ofHours(Math.max(1, hours)));
            var tallies = p.audit().tallies(since.truncatedTo(ChronoUnit.HOURS), 1000);
            if (tallies.isEmpty()) {
                System.err.println("nothing tallied in the last " + hours + " hour(s)");
            }
            for (AuditLog.Tally t : tallies) {
                System.out.printf("%-22s %-30s %-40s %8d%n", t.hour(), t.action(), t.remoteAddress(), t.count());
            }
            return 0;
        }
    }
}
