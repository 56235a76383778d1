package org.matdx.cli;

import java.util.concurrent.Callable;
import org.matdx.core.Caller;
import org.matdx.core.Problem;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.PlatformConfig;
import org.matdx.store.UserStore;

/**
 * Base for one-shot commands that open the platform, do their work, and close it. A command never
 * sees the platform: it states the capabilities it uses as a record {@code C}, and the wiring
 * ({@link Commands}) hands it how to open the platform and have them.
 */
abstract class PlatformCommand<C> implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    DatabaseOptions db;

    /** Set by {@link Commands} when picocli creates the command. */
    Open<C> open;

    @Override
    public final Integer call() throws Exception {
        if (open == null) {
            throw new IllegalStateException(getClass().getName() + " was not handed its capabilities (Commands wires every command)");
        }
        // never in an empty data directory: answers from an empty database would mislead (DatabaseOptions)
        return open.run(configure(db.config(true).withDemo(false).withWorkers(0)), this::run);
    }

    /** A command's own settings on top of the database's. */
    protected PlatformConfig configure(PlatformConfig config) {
        return config;
    }

    protected abstract int run(C uses) throws Exception;

    /** Opens the platform with {@code config}, runs {@code body} with the capabilities of type {@code C}, and closes it. */
    @FunctionalInterface
    interface Open<C> {
        int run(PlatformConfig config, Body<C> body) throws Exception;
    }

    /** What a command does with its capabilities; its exit code. */
    @FunctionalInterface
    interface Body<C> {
        int run(C uses) throws Exception;
    }

    /** Capabilities of commands that act as a user named on the command line. */
    interface Users {
        UserStore users();
    }

    /** The user named on the command line; "no user '…'" (exit code of a 404) when there is none. */
    static User user(Users p, String username) {
        return p.users().byUsername(username).orElseThrow(() -> Problem.notFound("user", username));
    }

    /** The user named on the command line acting with {@code scope}, with their group memberships. */
    static Caller.Account account(Users p, String username, Scope scope) {
        return account(p, user(p, username), scope);
    }

    /** {@code user} acting with {@code scope}, with their group memberships. */
    static Caller.Account account(Users p, User user, Scope scope) {
        return new Caller.Account(user, p.users().memberships(user.id()), scope);
    }

    /** The user named by {@code --as} acting with {@code scope}, or the operator (MatDX itself, who reads all) when none is. */
    static Caller as(Users p, String username, Scope scope) {
        return username == null ? Bootstrap.SYSTEM : account(p, username, scope);
    }
}
