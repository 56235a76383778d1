package org.matdx.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.matdx.access.Accounts;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.store.UserStore;

/**
 * The first account: {@code admin}, created on first start. Its API token is written to
 * {@code <data-dir>/admin-token} (readable by this OS user only) so that every {@code up} can
 * print it again; if it was revoked, a new one replaces it.
 */
public final class Bootstrap {
    public static final String ADMIN = "admin";
    public static final Caller SYSTEM = new Caller.System("bootstrap");

    private Bootstrap() {
    }

    /** What the first account needs of an installation ({@code Platform}): passed as this, not as the platform that builds on it. */
    public interface Installation {
        UserStore users();

        Accounts accounts();

        Path dataDir();
    }

    public static User ensureAdmin(Installation p) {
        return p.users().byUsername(ADMIN).orElseGet(() ->
                p.accounts().createUser(SYSTEM, ADMIN, "MatDX administrator", null, null, null, true));
    }

    /** The admin's API token, issuing (and saving) a new one when the saved one is missing or no longer valid. */
    public static String adminToken(Installation p) {
        User admin = ensureAdmin(p);
        Path file = p.dataDir().resolve("admin-token");
        try {
            if (Files.exists(file)) {
                String secret = Files.readString(file).strip();
                try {
                    p.accounts().authenticateToken(secret, RequestContext.local(Caller.ANONYMOUS));
                    return secret;
                } catch (RuntimeException invalid) {
                    // revoked or expired: issue a fresh one below
                }
            }
            Accounts.IssuedToken t = p.accounts().issueToken(SYSTEM, admin, "admin (matdx up)", Scope.ADMIN, null);
            Files.createDirectories(file.getParent());
            Files.writeString(file, t.secret() + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file system
            }
            return t.secret();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token in " + file, e);
        }
    }
}
