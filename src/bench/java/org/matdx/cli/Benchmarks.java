package org.matdx.cli;

import picocli.CommandLine;

/** The benchmarks' commands, {@code matdx bench …} and {@code matdx elements bench}, added to the product's command line. */
public final class Benchmarks implements CommandExtension {
    @Override
    public void addTo(CommandLine matdx) {
        matdx.addSubcommand(BenchCommand.class);
        matdx.getSubcommands().get("elements").addSubcommand(ElementsBenchCommand.class);
    }
}
