package org.matdx.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.matdx.catalog.NewDataset;
import org.matdx.core.Caller;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.web.WebServer;
import tools.jackson.databind.node.ObjectNode;

/**
 * One MatDX node of the federated campaign evidence test, in a JVM of its own: embedded PostgreSQL
 * in {@code dataDir}, the HTTP server on a free loopback port, an administrator, the coordinator's
 * account, a private dataset with the campaign declared in {@code campaign.json} (its candidates are
 * the node's shard), and the federated campaign joined with the given spec and proof key. Prints one
 * JSON line (port, tokens, campaign), then serves until its standard input closes or it is killed.
 *
 * <p>Arguments: dataDir campaign.json federation proofKey spec.json
 */
public final class FederatedCampaignNodeProcess {
    public static void main(String[] args) throws Exception {
        Platform p = Platform.start(PlatformConfig.defaults(Path.of(args[0])).withDemo(false).withWorkers(0));
        WebServer server = new WebServer(p).start("127.0.0.1", 0);
        User admin = p.accounts().createUser(Bootstrap.SYSTEM, "root", "root", null, null, null, true);
        String adminToken = p.accounts().issueToken(Bootstrap.SYSTEM, admin, "evidence", Scope.ADMIN, null).secret();
        User coordinator = p.accounts().createUser(Bootstrap.SYSTEM, "coordinator", "coordinator", null, null, null, false);
        String coordinatorToken = p.accounts().issueToken(Bootstrap.SYSTEM, coordinator, "federation", Scope.WRITE, null).secret();
        Caller.Account caller = new Caller.Account(admin, p.users().memberships(admin.id()), Scope.ADMIN);
        var dataset = p.catalog().createDataset(RequestContext.local(caller), new NewDataset("campaign (" + args[2] + ")", "", null, "private", null,
                false, null, null));
        var campaign = p.campaigns().create(RequestContext.local(caller), dataset.id(), Json.read(Files.readString(Path.of(args[1]))));
        ObjectNode join = Json.object().put("name", args[2]).put("coordinator", "http://127.0.0.1/coordinator")
                .put("coordinator_account", "coordinator").put("proof_key", args[3]).put("campaign", campaign.id().toString());
        join.set("spec", Json.read(Files.readString(Path.of(args[4]))));
        p.federatedCampaigns().join(RequestContext.local(caller), join);
        System.out.println(Json.write(Json.object().put("port", server.port()).put("admin_token", adminToken)
                .put("coordinator_token", coordinatorToken).put("campaign", campaign.id().toString())));
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our input
        }
        server.close();
        p.close();
    }
}
