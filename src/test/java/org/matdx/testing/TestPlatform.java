package org.matdx.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.matdx.access.Accounts;
import org.matdx.core.Caller;
import org.matdx.core.Group;
import org.matdx.core.Role;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;
import org.matdx.web.WebServer;

/**
 * A real platform for a test class: its own database on the shared test PostgreSQL, its own
 * data directory, optionally an HTTP server on a free port. Close it in {@code @AfterAll}.
 */
public final class TestPlatform implements AutoCloseable {
    private Platform platform;
    private final PlatformConfig config;
    private final Path dataDir;
    private WebServer server;
    private ApiClient anonymous;

    private TestPlatform(Platform platform, PlatformConfig config, Path dataDir) {
        this.platform = platform;
        this.config = config;
        this.dataDir = dataDir;
    }

    public static TestPlatform start() {
        return start(c -> c);
    }

    public static TestPlatform start(java.util.function.UnaryOperator<PlatformConfig> customise) {
        try {
            Path dir = Files.createTempDirectory("matdx-test-data");
            EmbeddedDatabaseCredentials cred = EmbeddedDatabaseCredentials.of(TestDatabase.server());
            PlatformConfig config = PlatformConfig.defaults(dir)
                    .withDatabase(TestDatabase.freshDatabase(), cred.user(), cred.password())
                    .withDemo(false)
                    .withWorkers(2)
                    .withDurable(false);
            PlatformConfig custom = customise.apply(config);
            return new TestPlatform(Platform.start(custom), custom, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record EmbeddedDatabaseCredentials(String user, String password) {
        static EmbeddedDatabaseCredentials of(org.matdx.store.EmbeddedDatabase s) {
            return new EmbeddedDatabaseCredentials(s.user(), s.password());
        }
    }

    public Platform platform() {
        return platform;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Starts the HTTP server on a free port (once). */
    public TestPlatform withServer() {
        if (server == null) {
            server = new WebServer(platform).start("127.0.0.1", 0);
            anonymous = new ApiClient(baseUrl(), null);
        }
        return this;
    }

    public WebServer server() {
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public ApiClient anonymous() {
        return anonymous;
    }

    /** A new account with a token of the given scope, and an API client acting as it. */
    public Person person(String username, Scope scope) {
        Accounts accounts = platform.accounts();
        User u = accounts.createUser(Bootstrap.SYSTEM, username, username, null, null, null, false);
        String token = accounts.issueToken(Bootstrap.SYSTEM, u, "test", scope, null).secret();
        return new Person(u, token, server == null ? null : new ApiClient(baseUrl(), token));
    }

    public Person person(String username) {
        return person(username, Scope.WRITE);
    }

    public Group group(String name, Person owner) {
        return platform.accounts().createGroup(Bootstrap.SYSTEM, name, name, owner.user());
    }

    public void join(Group g, Person p, Role role) {
        platform.accounts().addMember(Bootstrap.SYSTEM, g, p.user(), role);
    }

    /** Someone who can use the platform: directly as a Caller, or through HTTP as {@link #api()}. */
    public record Person(User user, String token, ApiClient api) {
        public Caller.Account caller(Platform p) {
            return new Caller.Account(user, p.users().memberships(user.id()), Scope.ADMIN);
        }
    }

    /**
     * Stops the platform (and its HTTP server) and starts it again on the same database and data
     * directory (and port), as {@code matdx up} does after a restart: migrations, sweeps and start-up jobs run again.
     */
    public TestPlatform restart() {
        int port = server == null ? -1 : server.port();
        if (server != null) {
            server.close();
            server = null;
        }
        platform.close();
        platform = Platform.start(config);
        if (port > 0) {
            // the same port, so that the API clients of the test's people keep working
            server = new WebServer(platform).start("127.0.0.1", port);
        }
        return this;
    }

    public Clock clock() {
        return platform.config().clock();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        platform.close();
        TestFiles.deleteRecursively(dataDir);
    }

}
