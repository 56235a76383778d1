package org.matdx.access;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import org.matdx.core.Problem;

/** Password hashing with Argon2id (OWASP's recommended parameters: m=19 MiB, t=2, p=1). */
public final class Passwords {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

    private Passwords() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public static boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        return Password.check(password, hash).with(ARGON2);
    }

    /** Rejects passwords too weak to protect data others entrust to the platform. */
    public static void requireStrong(String password) {
        if (password == null || password.length() < 10) {
            throw Problem.invalid("password", "must be at least 10 characters long");
        }
    }
}
