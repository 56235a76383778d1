package org.matdx.testing;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.User;
import org.matdx.platform.Bootstrap;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;

/**
 * Run in a child JVM by the crash tests: starts MatDX on a data directory (embedded PostgreSQL)
 * and writes without pause — uploads of varied sizes and batches of entries — printing a line
 * after each completed write, until it is killed.
 */
public final class CrashWorkload {
    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        Platform p = Platform.start(PlatformConfig.defaults(dataDir).withDemo(false).withWorkers(0));
        User u = p.users().byUsername("crash").orElseGet(() ->
                p.accounts().createUser(Bootstrap.SYSTEM, "crash", "crash", null, null, null, false));
        Caller.Account caller = new Caller.Account(u, p.users().memberships(u.id()), Scope.ADMIN);
        var dataset = p.catalog().createDataset(RequestContext.local(caller), new NewDataset("crash " + seed, "", null, "private", null,
                false, null, null));
        System.out.println("ready");
        System.out.flush();
        Random random = new Random(seed);
        for (long i = 0; ; i++) {
            if (random.nextBoolean()) {
                byte[] content = new byte[1 + random.nextInt(random.nextInt(10) == 0 ? 4_000_000 : 20_000)];
                random.nextBytes(content);
                p.uploads().upload(RequestContext.local(caller), dataset.id(), "file-" + i + ".bin", new ByteArrayInputStream(content),
                        random.nextInt(4) == 0);
            } else {
                List<NewEntry> batch = new ArrayList<>();
                for (int k = 0; k < 1 + random.nextInt(50); k++) {
                    batch.add(new NewEntry("property_row", null, "Fe" + (1 + random.nextInt(5)) + "O" + (1 + random.nextInt(5)),
                            null, null, null, null, null, null, null, null));
                }
                p.catalog().addEntries(RequestContext.local(caller), dataset.id(), batch);
            }
            System.out.println("ok " + i);
            System.out.flush();
        }
    }
}
