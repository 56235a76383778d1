package org.matdx.cli;

import org.matdx.platform.Platform;

/** Base for one-shot commands that open the platform, do their work, and close it. */
abstract class PlatformCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Mixin
    DatabaseOptions db;

    @Override
    public final Integer call() throws Exception {
        try (Platform p = Platform.start(configure(db.config(true).withDemo(false).withWorkers(0)))) {
            return run(p);
        }
    }

    /** A command's own settings on top of the database's. */
    protected org.matdx.platform.PlatformConfig configure(org.matdx.platform.PlatformConfig config) {
        return config;
    }

    protected abstract int run(Platform platform) throws Exception;
}
