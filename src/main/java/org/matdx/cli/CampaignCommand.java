package org.matdx.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.optimize.Campaign;
import org.matdx.optimize.CampaignJson;
import org.matdx.optimize.Campaigns;
import org.matdx.optimize.Trial;
import org.matdx.optimize.TrialStatus;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code matdx campaign …}: create, inspect and drive optimisation campaigns (docs/optimize.md). */
@Command(name = "campaign", description = "Create, inspect, step, pause and resume closed-loop optimisation campaigns.",
        subcommands = {CampaignCommand.Create.class, CampaignCommand.ListCampaigns.class, CampaignCommand.Show.class,
                CampaignCommand.Suggest.class, CampaignCommand.Simulate.class, CampaignCommand.Pause.class,
                CampaignCommand.Resume.class, CampaignCommand.Result.class, CampaignCommand.Fail.class})
final class CampaignCommand {

    /** What the campaign commands use. */
    record Uses(UserStore users, Catalog catalog, Campaigns campaigns) implements PlatformCommand.Users {
    }

    /** Reading as the operator or a user; changing always as a user, so the trail names who did it. */
    abstract static class AsUser extends ModelCommand.AsCaller<Uses> {
        Caller user(Uses p) {
            if (as == null) {
                throw Problem.invalid("--as", "say which user acts (--as USERNAME): campaign actions are recorded under a user");
            }
            return caller(p, Scope.WRITE);
        }

        /** A campaign by id, or by name among those the caller may read. */
        static UUID campaignId(Uses p, Caller caller, String ref) {
            UUID id = Ids.parseOrNull(ref);
            if (id != null) {
                return id;
            }
            List<Campaign> found = p.campaigns().list(caller, null).stream().filter(c -> c.name().equalsIgnoreCase(ref.strip())).toList();
            if (found.isEmpty()) {
                throw Problem.notFound("campaign", ref);
            }
            if (found.size() > 1) {
                throw Problem.invalid("CAMPAIGN", found.size() + " campaigns are named '" + ref + "'; give the id");
            }
            return found.get(0).id();
        }
    }

    @Command(name = "create", description = {"Create a campaign in a dataset from its JSON declaration.",
            "Example: matdx campaign create --dataset 'LLZO sintering' --config campaign.json --as alice"})
    static final class Create extends AsUser {
        @Option(names = "--dataset", required = true, paramLabel = "ID|TITLE", description = "The dataset its trials go to.")
        String dataset;

        @Option(names = "--config", required = true, paramLabel = "FILE.json", description = "The campaign declaration (docs/optimize.md).")
        Path config;

        @Override
        protected int run(Uses p) throws IOException {
            Caller caller = user(p);
            if (!Files.isRegularFile(config)) {
                throw Problem.invalid("--config", "no file '" + config + "'");
            }
            JsonNode body;
            try {
                body = Json.read(Files.readString(config));
            } catch (RuntimeException e) {
                throw Problem.invalid("--config", config + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
            UUID ds = ModelCommand.datasetId(p.catalog(), caller, dataset);
            Campaign c = p.campaigns().create(RequestContext.cli(caller), ds, body);
            System.out.printf("campaign %s: %s (%s)%n", c.id(), c.name(), c.status());
            return 0;
        }
    }

    @Command(name = "list", description = "List the campaigns you may read.")
    static final class ListCampaigns extends ModelCommand.AsCaller<Uses> {
        @Option(names = "--dataset", paramLabel = "ID|TITLE", description = "Only this dataset's campaigns.")
        String dataset;

        @Override
        protected int run(Uses p) {
            Caller caller = caller(p, Scope.READ);
            UUID ds = dataset == null ? null : ModelCommand.datasetId(p.catalog(), caller, dataset);
            System.out.printf("%-36s  %-9s %s%n", "id", "status", "name");
            for (Campaign c : p.campaigns().list(caller, ds)) {
                System.out.printf("%-36s  %-9s %s%n", c.id(), c.status(), c.name());
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show a campaign: status, why it stopped, best result or Pareto front, and its trials.")
    static final class Show extends AsUser {
        @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "Campaign id or name.")
        String campaign;

        @Option(names = "--json", description = "Print JSON (as GET /api/v1/campaigns/{id}).")
        boolean json;

        @Override
        protected int run(Uses p) {
            Caller caller = caller(p, Scope.READ);
            Campaigns.View v = p.campaigns().view(RequestContext.cli(caller), campaignId(p, caller, campaign));
            print(v, json);
            return 0;
        }
    }

    @Command(name = "suggest", description = "Propose the next batch of trials.")
    static final class Suggest extends AsUser {
        @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "Campaign id or name.")
        String campaign;

        @Override
        protected int run(Uses p) {
            Caller caller = user(p);
            List<Trial> trials = p.campaigns().suggest(RequestContext.cli(caller), campaignId(p, caller, campaign));
            if (trials.isEmpty()) {
                System.out.println("no trial proposed: every candidate has been tried");
            }
            trials.forEach(CampaignCommand::printTrial);
            return 0;
        }
    }

    @Command(name = "simulate", description = "Let the campaign's simulator play the instrument for N experiments.")
    static final class Simulate extends AsUser {
        @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "Campaign id or name.")
        String campaign;

        @Option(names = "--experiments", defaultValue = "10", description = "How many (default: ${DEFAULT-VALUE}).")
        int experiments;

        @Option(names = "--json", description = "Print the campaign as JSON afterwards.")
        boolean json;

        @Override
        protected int run(Uses p) {
            if (experiments < 1 || experiments > 1000) {
                throw Problem.invalid("--experiments", "must be between 1 and 1000");
            }
            Caller caller = user(p);
            print(p.campaigns().simulate(RequestContext.cli(caller), campaignId(p, caller, campaign), experiments), json);
            return 0;
        }
    }

    @Command(name = "pause", description = "Pause a campaign: the instrument loop gets no trials until it is resumed.")
    static final class Pause extends AsUser {
        @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "Campaign id or name.")
        String campaign;

        @Override
        protected int run(Uses p) {
            return setPaused(this, p, campaign, true);
        }
    }

    @Command(name = "resume", description = "Resume a paused campaign.")
    static final class Resume extends AsUser {
        @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "Campaign id or name.")
        String campaign;

        @Override
        protected int run(Uses p) {
            return setPaused(this, p, campaign, false);
        }
    }

    @Command(name = "result", description = {"Record a trial's measured result (the trial is completed and becomes an entry).",
            "Example: matdx campaign result 'LLZO pellet sintering' 7 --set relative_density=97.2 --as alice"})
    static final class Result extends AsUser {
        @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "Campaign id or name.")
        String campaign;

        @Parameters(index = "1", paramLabel = "TRIAL", description = "Trial number (seq) or id.")
        String trial;

        @Option(names = "--set", required = true, paramLabel = "NAME=VALUE", description = "A measured value (repeatable).")
        Map<String, String> values;

        @Override
        protected int run(Uses p) {
            Caller caller = user(p);
            UUID id = campaignId(p, caller, campaign);
            ObjectNode results = Json.object();
            values.forEach((k, v) -> {
                try {
                    results.put(k, Double.parseDouble(v.strip()));
                } catch (NumberFormatException e) {
                    results.put(k, v);
                }
            });
            printTrial(p.campaigns().complete(RequestContext.cli(caller), id, trialId(p, caller, id, trial), results));
            return 0;
        }
    }

    @Command(name = "fail", description = "Record that a trial's run failed, and why (failures are data).")
    static final class Fail extends AsUser {
        @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "Campaign id or name.")
        String campaign;

        @Parameters(index = "1", paramLabel = "TRIAL", description = "Trial number (seq) or id.")
        String trial;

        @Option(names = "--reason", required = true, description = "What went wrong, e.g. 'pellet cracked'.")
        String reason;

        @Override
        protected int run(Uses p) {
            Caller caller = user(p);
            UUID id = campaignId(p, caller, campaign);
            printTrial(p.campaigns().fail(RequestContext.cli(caller), id, trialId(p, caller, id, trial), reason));
            return 0;
        }
    }

    static UUID trialId(Uses p, Caller caller, UUID campaign, String ref) {
        UUID id = Ids.parseOrNull(ref);
        if (id != null) {
            return id;
        }
        int seq;
        try {
            seq = Integer.parseInt(ref.strip());
        } catch (NumberFormatException e) {
            throw Problem.invalid("TRIAL", "give the trial's number or id, not '" + ref + "'");
        }
        return p.campaigns().view(RequestContext.cli(caller), campaign).trials().stream().filter(t -> t.seq() == seq).findFirst()
                .orElseThrow(() -> Problem.notFound("trial", ref)).id();
    }

    static void print(Campaigns.View v, boolean json) {
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(CampaignJson.view(v)));
            return;
        }
        Campaign c = v.campaign();
        System.out.printf("campaign %s: %s%n", c.id(), c.name());
        System.out.printf("  status: %s%s%n", c.status(), c.stopRule() == null ? "" : " (" + c.stopRule() + ": " + c.stopReason() + ")");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TrialStatus s : TrialStatus.values()) {
            counts.put(s.code(), v.trials().stream().filter(t -> t.status() == s).count());
        }
        StringBuilder cs = new StringBuilder();
        counts.forEach((s, n) -> {
            if (n > 0) {
                cs.append(cs.isEmpty() ? "" : ", ").append(n).append(' ').append(s);
            }
        });
        System.out.println("  trials: " + (cs.isEmpty() ? "none yet" : cs));
        if (c.config().multiObjective()) {
            System.out.printf(Locale.ROOT, "  Pareto front: %d trial(s), hypervolume %.6g%n", v.paretoFront().size(), v.hypervolume());
            v.paretoFront().forEach(t -> System.out.println("    " + line(t)));
        } else {
            v.best().ifPresent(b -> System.out.println("  best: " + line(b)));
        }
        System.out.println("  trials:");
        v.trials().forEach(t -> System.out.println("    " + line(t)));
    }

    private static int setPaused(AsUser command, Uses p, String campaign, boolean paused) {
        Caller caller = command.user(p);
        Campaign c = p.campaigns().pause(RequestContext.cli(caller), AsUser.campaignId(p, caller, campaign), paused);
        System.out.printf("campaign %s: %s%n", c.name(), c.status());
        return 0;
    }

    static void printTrial(Trial t) {
        System.out.println(line(t));
    }

    static String line(Trial t) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "#%-3d round %-3d %-10s", t.seq(), t.round(), t.status()));
        t.params().properties().forEach(e -> s.append(' ').append(e.getKey()).append('=').append(
                e.getValue().isNumber() ? String.format(Locale.ROOT, "%.5g", e.getValue().asDouble()) : e.getValue().asString()));
        if (t.results() != null) {
            s.append("  →");
            t.results().properties().forEach(e -> s.append(' ').append(e.getKey()).append('=').append(
                    e.getValue().isNumber() ? String.format(Locale.ROOT, "%.5g", e.getValue().asDouble()) : e.getValue().asString()));
        }
        if (t.reason() != null) {
            s.append("  (").append(t.reason()).append(')');
        }
        return s.toString();
    }
}
