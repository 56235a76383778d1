package org.matdx.cli;

import org.matdx.platform.Platform;

/** Base for one-shot commands that open the platform, do their work, and close it. */
abstract class PlatformCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Mixin
    DatabaseOptions db;

    @Override
    public final Integer call() throws Exception {
        try (Platform p = Platform.start(db.config(true).withDemo(false).withWorkers(0))) {
            return run(p);
        }
    }

    protected abstract int run(Platform platform) throws Exception;
}
