package org.matdx.cli;

import java.util.concurrent.Callable;
import org.matdx.platform.Platform;
import org.matdx.platform.PlatformConfig;

/** Base for one-shot commands that open the platform, do their work, and close it. */
abstract class PlatformCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    DatabaseOptions db;

    @Override
    public final Integer call() throws Exception {
        try (Platform p = Platform.start(configure(db.config(true, createsDatabase()).withDemo(false).withWorkers(0)))) {
            return run(p);
        }
    }

    /**
     * Whether this command may create a database in an empty data directory. Only commands that
     * need no existing data (a benchmark on a fresh directory) say yes; the others refuse there,
     * as their answers from an empty database would mislead (DatabaseOptions).
     */
    protected boolean createsDatabase() {
        return false;
    }

    /** A command's own settings on top of the database's. */
    protected PlatformConfig configure(PlatformConfig config) {
        return config;
    }

    protected abstract int run(Platform platform) throws Exception;
}
