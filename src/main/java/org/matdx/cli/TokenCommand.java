package org.matdx.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.matdx.core.ApiToken;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import java.time.Clock;
import org.matdx.access.Accounts;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code matdx token …}: API tokens. */
@Command(name = "token", description = "Issue, list and revoke API tokens.",
        subcommands = {TokenCommand.Issue.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    /** What the token commands use. */
    record Uses(UserStore users, Accounts accounts, Clock clock) implements PlatformCommand.Users {
    }

    abstract static class Base extends PlatformCommand<Uses> {
    }


    @Command(name = "issue", description = "Issue a token; the secret is printed once.")
    static final class Issue extends Base {
        @Option(names = "--user", required = true, paramLabel = "USERNAME")
        String username;

        @Option(names = "--scope", defaultValue = "write", description = "read, write or admin (default: ${DEFAULT-VALUE}).")
        String scope;

        @Option(names = "--days", description = "Expire after this many days (default: never).")
        Integer days;

        @Option(names = "--name", defaultValue = "cli")
        String name;

        @Override
        protected int run(Uses p) {
            User u = user(p, username);
            Scope s;
            try {
                s = Scope.of(scope);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("scope", "must be read, write or admin");
            }
            Instant expires = days == null ? null : p.clock().instant().plus(Duration.ofDays(days));
            var t = p.accounts().issueToken(Bootstrap.SYSTEM, u, name, s, expires);
            System.out.println(t.secret());
            System.err.println("token " + t.token().id() + " for " + username + ", scope " + s.code()
                    + (expires == null ? "" : ", expires " + expires));
            return 0;
        }
    }

    @Command(name = "list", description = "List a user's tokens (never their secrets).")
    static final class ListTokens extends Base {
        @Option(names = "--user", required = true, paramLabel = "USERNAME")
        String username;

        @Override
        protected int run(Uses p) {
            User u = user(p, username);
            for (ApiToken t : p.users().tokens(u.id())) {
                String state = t.revokedAt() != null ? "revoked" : t.activeAt(Instant.now()) ? "active" : "expired";
                System.out.printf("%s  %-8s %-8s %s%n", t.id(), t.scope().code(), state, t.name());
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token by its id.")
    static final class Revoke extends Base {
        @Parameters(index = "0", paramLabel = "TOKEN_ID")
        String id;

        @Override
        protected int run(Uses p) {
            UUID tokenId = Ids.parseOrNull(id);
            if (tokenId == null) {
                throw Problem.invalid("TOKEN_ID", "is not a token id (see 'matdx token list')");
            }
            p.accounts().revokeToken(Bootstrap.SYSTEM, tokenId);
            System.out.println("revoked " + tokenId);
            return 0;
        }
    }
}
