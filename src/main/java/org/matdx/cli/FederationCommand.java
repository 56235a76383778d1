package org.matdx.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.federated.CampaignCoordinator;
import org.matdx.federated.CampaignSpec;
import org.matdx.federated.Coordinator;
import org.matdx.federated.FederationSpec;
import org.matdx.federated.FederatedCampaigns;
import org.matdx.federated.Federations;
import org.matdx.federated.HttpLink;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code matdx federation …}: federated learning between MatDX nodes (docs/federation.md). */
@Command(name = "federation", description = "Federated learning and campaigns between MatDX nodes: join, list, leave, "
        + "messages, terms (on a node); proof-key, train and propose (on the coordinator).",
        subcommands = {FederationCommand.Join.class, FederationCommand.ListMemberships.class, FederationCommand.Leave.class,
                FederationCommand.Messages.class, FederationCommand.ProofKey.class, FederationCommand.Train.class,
                FederationCommand.Propose.class, FederationCommand.Terms.class})
final class FederationCommand {

    /** What the commands on this server's memberships use. */
    record Uses(UserStore users, Federations federations, FederatedCampaigns federatedCampaigns) implements PlatformCommand.Users {
    }

    abstract static class Base extends PlatformCommand<Uses> {
    }


    /** The administrator as a caller (the CLI runs on the server). */
    static Caller admin(Uses p, String username) {
        User u = PlatformCommand.user(p, username);
        if (!u.admin()) {
            throw Problem.forbidden("'" + username + "' is not an administrator; federations are managed by administrators");
        }
        return PlatformCommand.account(p, u, Scope.ADMIN);
    }

    static JsonNode readJson(Path file, String what) throws IOException {
        if (Files.size(file) > 1_000_000) {
            throw Problem.invalid(what, file + " is larger than 1 MB");
        }
        return Json.readUntrusted(Files.readString(file), what);
    }

    @Command(name = "join", description = "Join a federation: this node's administrator consents (recorded in the audit trail).")
    static final class Join extends Base {
        @Option(names = "--as", required = true, paramLabel = "ADMIN", description = "The consenting administrator.")
        String admin;
        @Option(names = "--name", required = true, description = "The federation's name on this node (a-z, 0-9, -).")
        String name;
        @Option(names = "--coordinator", required = true, paramLabel = "URL")
        String coordinator;
        @Option(names = "--coordinator-account", required = true, paramLabel = "USERNAME",
                description = "The local account whose API token the coordinator calls with.")
        String account;
        @Option(names = "--proof-key", required = true, paramLabel = "KEY", description = "The key the coordinator issued this node.")
        String proofKey;
        @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The federation's spec (JSON).")
        Path spec;
        @Option(names = "--dataset", paramLabel = "ID", description = "A dataset that takes part in trainings (repeatable).")
        List<String> datasets;
        @Option(names = "--campaign", paramLabel = "ID", description = "Instead of datasets: the campaign that takes part in a "
                + "federated campaign (the spec is then a campaign spec).")
        String campaign;

        @Override
        protected int run(Uses p) throws Exception {
            ObjectNode body = Json.object().put("name", name).put("coordinator", coordinator).put("coordinator_account", account)
                    .put("proof_key", proofKey);
            body.set("spec", readJson(spec, "spec"));
            if ((campaign == null) == (datasets == null || datasets.isEmpty())) {
                throw Problem.invalid("--dataset", "give --dataset (a training) or --campaign (a federated campaign), not both");
            }
            if (campaign != null) {
                // what the administrator consents to about the sums, once more before it is recorded
                System.err.println("privacy: " + CampaignSpec.parse(body.get("spec")).privacyTerms());
                body.put("campaign", campaign);
                var m = p.federatedCampaigns().join(RequestContext.cli(admin(p, admin)), body);
                System.out.println(Json.write(m.toJson(p.users())));
                return 0;
            }
            ArrayNode ds = body.putArray("datasets");
            datasets.forEach(ds::add);
            var m = p.federations().join(RequestContext.cli(admin(p, admin)), body);
            System.out.println(Json.write(m.toJson(p.users())));
            return 0;
        }
    }

    @Command(name = "list", description = "The federations this node joined.")
    static final class ListMemberships extends Base {
        @Option(names = "--as", required = true, paramLabel = "ADMIN")
        String admin;

        @Override
        protected int run(Uses p) {
            for (var m : p.federations().list(admin(p, admin))) {
                System.out.printf("%-20s %-8s %-40s %s%n", m.name(), m.leftAt() == null ? "member" : "left", m.coordinatorUrl(),
                        m.spec().describe());
            }
            for (var m : p.federatedCampaigns().list(admin(p, admin))) {
                System.out.printf("%-20s %-8s %-40s campaign %s: %s%n", m.name(), m.leftAt() == null ? "member" : "left",
                        m.coordinatorUrl(), m.campaign(), m.spec().describe());
            }
            return 0;
        }
    }

    @Command(name = "leave", description = "Leave a federation: the coordinator's steps answer 404 from now on.")
    static final class Leave extends Base {
        @Option(names = "--as", required = true, paramLabel = "ADMIN")
        String admin;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        protected int run(Uses p) {
            if (p.federatedCampaigns().has(name)) {
                p.federatedCampaigns().leave(RequestContext.cli(admin(p, admin)), name);
            } else {
                p.federations().leave(RequestContext.cli(admin(p, admin)), name);
            }
            System.err.println("left federation " + name);
            return 0;
        }
    }

    @Command(name = "messages", description = "Every message this node sent in a federation: what, to whom, when.")
    static final class Messages extends Base {
        @Option(names = "--as", required = true, paramLabel = "ADMIN")
        String admin;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--limit", defaultValue = "100")
        int limit;

        @Override
        protected int run(Uses p) {
            long after = 0;
            int shown = 0;
            while (shown < limit) {
                var page = p.federations().messages(admin(p, admin), name, after, Math.min(Federations.MAX_MESSAGES_PAGE, limit - shown));
                if (page.isEmpty()) {
                    break;
                }
                for (var m : page) {
                    System.out.printf("%s  %-8s %-6s %9d B  %s  to %s  %s%n", m.sentAt(), m.session(), m.step(), m.bytes(),
                            m.sha256().substring(0, 16), m.recipient(), Json.write(m.summary()));
                }
                shown += page.size();
                after = page.get(page.size() - 1).id();
            }
            return 0;
        }
    }

    @Command(name = "proof-key", description = "Print a new random proof key to issue to a node (coordinator side).")
    static final class ProofKey implements Callable<Integer> {
        @Override
        public Integer call() {
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            System.out.println(HexFormat.of().formatHex(k));
            return 0;
        }
    }

    @Command(name = "train", description = "Coordinate a federated training over the listed nodes; needs no database of its own.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--spec", required = true, paramLabel = "FILE")
        Path spec;
        @Option(names = "--nodes", required = true, paramLabel = "FILE",
                description = "JSON list of {name, url, federation, token, proof_key}, one per node (3-32).")
        Path nodes;
        @Option(names = "--session", description = "Session id (default: a random one).")
        String session;
        @Option(names = "--timeout", defaultValue = "120", description = "Seconds a node may take for one step.")
        int timeout;

        @Override
        public Integer call() throws Exception {
            FederationSpec s = FederationSpec.parse(readJson(spec, "spec"));
            List<Coordinator.Link> links = links(nodes, timeout);
            String id = session != null ? session : "s" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
            long t0 = System.nanoTime();
            Coordinator.Result r = new Coordinator(s, links, (node, step, body) -> { }, Duration.ofSeconds(timeout))
                    .train(id, (f, stage) -> System.err.printf("\r%3.0f %% %s          ", 100 * f, stage));
            System.err.println();
            ObjectNode out = Json.object().put("session", id).put("rounds", r.rounds())
                    .put("seconds", (System.nanoTime() - t0) / 1e9);
            out.set("training", r.training());
            ObjectNode reg = out.putObject("registered");
            r.registered().forEach(reg::set);
            System.out.println(Json.write(out));
            return 0;
        }
    }

    static List<Coordinator.Link> links(Path nodes, int timeout) throws IOException {
        JsonNode list = readJson(nodes, "nodes");
        if (!list.isArray()) {
            throw Problem.invalid("nodes", "a JSON list of nodes");
        }
        var http = HttpLink.client();
        List<Coordinator.Link> links = new ArrayList<>();
        for (JsonNode n : list) {
            links.add(new HttpLink(HttpLink.Node.parse(n), http, Duration.ofSeconds(timeout)));
        }
        return links;
    }

    @Command(name = "propose", description = {"Run proposal rounds of a federated campaign over the listed nodes (coordinator "
            + "side; no database): each round aggregates the nodes' statistics securely, fits the pooled surrogate and has "
            + "every node record its suggestions in its own campaign. Prints one JSON line per round."})
    static final class Propose implements Callable<Integer> {
        @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The campaign spec (JSON).")
        Path spec;
        @Option(names = "--nodes", required = true, paramLabel = "FILE",
                description = "JSON list of {name, url, federation, token, proof_key}, one per node (3-32).")
        Path nodes;
        @Option(names = "--rounds", defaultValue = "1", description = "Rounds to run now (default: ${DEFAULT-VALUE}); run again "
                + "once the nodes have measured their suggestions.")
        int rounds;
        @Option(names = "--timeout", defaultValue = "120", description = "Seconds a node may take for one step.")
        int timeout;

        @Override
        public Integer call() throws Exception {
            if (rounds < 1 || rounds > 1000) {
                throw Problem.invalid("--rounds", "1-1000");
            }
            CampaignSpec s = CampaignSpec.parse(readJson(spec, "spec"));
            CampaignCoordinator c = new CampaignCoordinator(s, links(nodes, timeout), (node, step, body) -> { },
                    Duration.ofSeconds(timeout), new SecureRandom());
            for (int r = 0; r < rounds; r++) {
                String id = "c" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
                System.out.println(Json.write(c.propose(id).toJson()));
            }
            return 0;
        }
    }

    @Command(name = "terms", description = "What a federated campaign's spec means for this node's trials (its differential "
            + "privacy, or the lack of it): read before joining; the same text is recorded with the consent.")
    static final class Terms implements Callable<Integer> {
        @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The campaign spec (JSON).")
        Path spec;

        @Override
        public Integer call() throws Exception {
            CampaignSpec s = CampaignSpec.parse(readJson(spec, "spec"));
            System.out.println(s.describe());
            System.out.println(s.privacyTerms());
            return 0;
        }
    }
}
