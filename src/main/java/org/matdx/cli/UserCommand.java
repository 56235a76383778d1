package org.matdx.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.matdx.core.Problem;
import org.matdx.core.Role;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.access.Accounts;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code matdx user …}: local accounts and groups. */
@Command(name = "user", description = "Manage accounts and groups.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.AddGroup.class,
                UserCommand.Join.class})
final class UserCommand {

    /** What the user commands use. */
    record Uses(UserStore users, Accounts accounts) implements PlatformCommand.Users {
    }

    abstract static class Base extends PlatformCommand<Uses> {
    }


    @Command(name = "add", description = "Create an account. The password is read from standard input with --password-stdin.")
    static final class Add extends Base {
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Option(names = "--name", description = "Display name.")
        String name;

        @Option(names = "--email")
        String email;

        @Option(names = "--orcid", description = "ORCID iD, e.g. 0000-0002-1825-0097.")
        String orcid;

        @Option(names = "--admin", description = "Platform administrator (manages accounts; no extra data access).")
        boolean admin;

        @Option(names = "--password-stdin", description = "Read the password from standard input.")
        boolean passwordStdin;

        @Override
        protected int run(Uses p) throws Exception {
            String password = null;
            if (passwordStdin) {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            User u = p.accounts().createUser(Bootstrap.SYSTEM, username, name, email, orcid, password, admin);
            System.out.println("created user " + u.username() + " (" + u.id() + ")");
            return 0;
        }
    }

    @Command(name = "list", description = "List accounts.")
    static final class ListUsers extends Base {
        @Override
        protected int run(Uses p) {
            for (User u : p.users().all()) {
                System.out.printf("%-20s %-36s %s%s%n", u.username(), u.id(), u.displayName(), u.admin() ? " [admin]" : "");
            }
            return 0;
        }
    }

    @Command(name = "add-group", description = "Create a group owned by a user.")
    static final class AddGroup extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--title")
        String title;

        @Option(names = "--owner", required = true, paramLabel = "USERNAME")
        String owner;

        @Override
        protected int run(Uses p) {
            User u = user(p, owner);
            var g = p.accounts().createGroup(Bootstrap.SYSTEM, name, title, u);
            System.out.println("created group " + g.name() + " (" + g.id() + ")");
            return 0;
        }
    }

    @Command(name = "join", description = "Add a user to a group with a role (owner, editor, viewer).")
    static final class Join extends Base {
        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Parameters(index = "1", paramLabel = "GROUP")
        String group;

        @Option(names = "--role", defaultValue = "viewer")
        String role;

        @Override
        protected int run(Uses p) {
            User u = user(p, username);
            var g = p.users().groupByName(group).orElseThrow(() -> Problem.notFound("group", group));
            Role r;
            try {
                r = Role.of(role);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("role", "must be owner, editor or viewer");
            }
            p.accounts().addMember(Bootstrap.SYSTEM, g, u, r);
            System.out.println(username + " is now " + r.code() + " of " + group);
            return 0;
        }
    }
}
