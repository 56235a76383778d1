package org.matdx.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
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
 * One MatDX node of the federated evidence test, run in a JVM of its own: embedded PostgreSQL in
 * {@code dataDir}, the HTTP server on a free loopback port, an administrator, the coordinator's
 * account, one private dataset holding the shard (lines {@code formula,band gap}), and the
 * federation joined with the given spec and proof key. Prints one JSON line with its port, tokens
 * and dataset, then serves until its standard input closes (the test ended or died) or it is killed.
 *
 * <p>Arguments: dataDir shard.csv federation proofKey spec.json
 */
public final class FederatedNodeProcess {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Platform p = Platform.start(PlatformConfig.defaults(dataDir).withDemo(false).withWorkers(0));
        WebServer server = new WebServer(p).start("127.0.0.1", 0);
        User admin = p.accounts().createUser(Bootstrap.SYSTEM, "root", "root", null, null, null, true);
        String adminToken = p.accounts().issueToken(Bootstrap.SYSTEM, admin, "evidence", Scope.ADMIN, null).secret();
        User coordinator = p.accounts().createUser(Bootstrap.SYSTEM, "coordinator", "coordinator", null, null, null, false);
        String coordinatorToken = p.accounts().issueToken(Bootstrap.SYSTEM, coordinator, "federation", Scope.WRITE, null).secret();
        Caller.Account caller = new Caller.Account(admin, p.users().memberships(admin.id()), Scope.ADMIN);
        var dataset = p.catalog().createDataset(RequestContext.local(caller), new NewDataset("band gaps (" + args[2] + ")", "", null, "private", null,
                false, null, null));
        List<NewEntry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            String[] f = line.split(",");
            entries.add(new NewEntry(null, null, f[0], Map.of("band_gap", Json.object().put("value", Double.parseDouble(f[1]))
                    .put("unit", "eV")), null, null, null, null, null, null, null));
        }
        for (int i = 0; i < entries.size(); i += 500) {
            p.catalog().addEntries(RequestContext.local(caller), dataset.id(), entries.subList(i, Math.min(entries.size(), i + 500)));
        }
        ObjectNode join = Json.object().put("name", args[2]).put("coordinator", "http://127.0.0.1/coordinator")
                .put("coordinator_account", "coordinator").put("proof_key", args[3]);
        join.set("spec", Json.read(Files.readString(Path.of(args[4]))));
        join.putArray("datasets").add(dataset.id().toString());
        p.federations().join(RequestContext.local(caller), join);
        System.out.println(Json.write(Json.object().put("port", server.port()).put("admin_token", adminToken)
                .put("coordinator_token", coordinatorToken).put("dataset", dataset.id().toString())
                .put("rows", entries.size())));
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our input
        }
        server.close();
        p.close();
    }
}
