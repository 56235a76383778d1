package org.matdx.platform.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.matdx.access.AccessPolicy;
import org.matdx.access.Accounts;
import org.matdx.access.Sharing;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.diffraction.PhaseAnalyses;
import org.matdx.elementstrategy.ScreenService;
import org.matdx.fair.Versions;
import org.matdx.informatics.ModelService;
import org.matdx.ingest.Ingest;
import org.matdx.lca.Products;
import org.matdx.optimade.OptimadeImport;
import org.matdx.optimize.Campaigns;
import org.matdx.store.DatasetStore;
import org.matdx.store.UserStore;

/**
 * What a demo seed works with: the capabilities it calls, as any other client calls them, and the demo
 * accounts acting as themselves. The platform builds it ({@code Platform.demoContext()}); the seeds
 * never see the platform itself.
 *
 * @param system      the caller that creates the demo accounts (the platform's bootstrap caller)
 * @param ensureAdmin the administrator's account, created if it is missing
 */
public record DemoContext(UserStore users, Accounts accounts, DatasetStore datasets, AccessPolicy policy, Catalog catalog,
        Sharing sharing, Versions versions, Ingest ingest, ModelService models, Campaigns campaigns, ScreenService screens,
        PhaseAnalyses diffraction, Products products, OptimadeImport optimadeImport, Caller system,
        Supplier<User> ensureAdmin) {

    /** The account with this username, acting with full rights (as its owner would). */
    public Caller.Account as(String username) {
        User u = users.byUsername(username)
                .orElseThrow(() -> new IllegalStateException("demo user " + username + " is missing"));
        return new Caller.Account(u, users.memberships(u.id()), Scope.ADMIN);
    }

    public Optional<User> user(String username) {
        return users.byUsername(username);
    }

    /** Reads a demo resource shipped in the jar under {@code /demo/}. */
    public byte[] resource(String name) {
        try (var in = DemoContext.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo resource /demo/" + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
