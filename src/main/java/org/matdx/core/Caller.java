package org.matdx.core;

import java.util.Map;
import java.util.UUID;

/**
 * Who is asking. Every read and write takes a Caller, and the access policy decides from it.
 */
public sealed interface Caller permits Caller.Anonymous, Caller.Account, Caller.System {

    /** Nobody logged in: sees public data only. */
    record Anonymous() implements Caller {
    }

    /**
     * A user, with the groups they belong to and the scope of the credential they used.
     */
    record Account(User user, Map<UUID, Role> groups, Scope scope) implements Caller {
        public Account {
            groups = Map.copyOf(groups);
        }

        public UUID id() {
            return user.id();
        }
    }

    /** MatDX itself (migrations, demo data, jobs acting for nobody in particular). */
    record System(String name) implements Caller {
    }

    Caller ANONYMOUS = new Anonymous();

    /** A short description for logs and the audit trail. */
    default String label() {
        return switch (this) {
            case Anonymous a -> "anonymous";
            case Account a -> a.user().username();
            case System s -> "system:" + s.name();
        };
    }

    default UUID userId() {
        return this instanceof Account a ? a.id() : null;
    }
}
