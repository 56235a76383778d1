package org.matdx.platform.demo;

import java.util.Optional;
import org.matdx.core.Caller;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;

/** What a demo seed works with: the platform and the demo accounts, acting as themselves. */
public final class DemoContext {
    private final Platform platform;

    DemoContext(Platform platform) {
        this.platform = platform;
    }

    public Platform platform() {
        return platform;
    }

    /** The account with this username, acting with full rights (as its owner would). */
    public Caller.Account as(String username) {
        User u = platform.users().byUsername(username)
                .orElseThrow(() -> new IllegalStateException("demo user " + username + " is missing"));
        return new Caller.Account(u, platform.users().memberships(u.id()), Scope.ADMIN);
    }

    public Optional<User> user(String username) {
        return platform.users().byUsername(username);
    }

    public Caller system() {
        return Bootstrap.SYSTEM;
    }

    /** Reads a demo resource shipped in the jar under {@code /demo/}. */
    public byte[] resource(String name) {
        try (var in = DemoContext.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo resource /demo/" + name + " is missing");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
