package org.matdx.platform.demo;

import org.matdx.core.Group;
import org.matdx.core.Role;
import org.matdx.core.User;

/**
 * Demo accounts for trying access levels: alice runs the battery lab (group owner), bob is a
 * member (viewer), carol is outside the lab. All log in with {@link #PASSWORD}.
 */
final class DemoPeople implements Seed {
    /** Printed by {@code matdx up}; demo accounts exist only where demo data is loaded. */
    public static final String PASSWORD = "matdx-demo-2026";

    @Override
    public String name() {
        return "people";
    }

    @Override
    public void load(DemoContext ctx) {
        var accounts = ctx.accounts();
        ctx.ensureAdmin().get();
        User alice = accounts.createUser(ctx.system(), "alice", "Alice Tanaka (battery lab)", "alice@example.org",
                "0000-0002-1825-0097", PASSWORD, false);
        User bob = accounts.createUser(ctx.system(), "bob", "Bob Sato (battery lab)", "bob@example.org", null,
                PASSWORD, false);
        accounts.createUser(ctx.system(), "carol", "Carol Suzuki (another institute)", "carol@example.org", null,
                PASSWORD, false);
        Group lab = accounts.createGroup(ctx.system(), "battery-lab", "Battery materials lab", alice);
        accounts.addMember(ctx.system(), lab, bob, Role.VIEWER);
    }
}
