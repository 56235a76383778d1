package org.matdx.cli;

import picocli.CommandLine;

/**
 * Commands that live outside the product jar, found with {@link java.util.ServiceLoader}: the
 * benchmarks (src/bench/java, matdx-bench.jar) add {@code bench} and {@code elements bench} this
 * way, so the product never depends on them.
 */
public interface CommandExtension {
    /** Adds this extension's commands to {@code matdx} (or to one of its commands). */
    void addTo(CommandLine matdx);
}
