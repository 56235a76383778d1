package org.matdx.cli;

import java.time.Duration;
import org.matdx.formats.IngestLimits;
import org.matdx.platform.PlatformConfig;
import picocli.CommandLine.Option;

/** What unpacking and reading one upload may cost (docs/SECURITY.md); shared by every command that structures files. */
final class IngestLimitOptions {
    private static final IngestLimits D = IngestLimits.DEFAULTS;

    @Option(names = "--max-unpacked-mb", paramLabel = "MIB", description = "Most that the files of one upload may unpack to,"
            + " zips included (default: ${DEFAULT-VALUE}).")
    long maxUnpackedMb = D.maxUnpackedBytes() >> 20;

    @Option(names = "--max-read-mb", paramLabel = "MIB", description = "Most a reader takes in from one file: the file, or"
            + " what it inflates from a RASX, BRML or XLSX container (default: ${DEFAULT-VALUE}).")
    long maxReadMb = D.maxReadBytes() >> 20;

    @Option(names = "--max-zip-ratio", paramLabel = "N", description = "Most times larger than its compressed size a zip"
            + " member may unpack to, past its first MiB (default: ${DEFAULT-VALUE}).")
    int maxZipRatio = D.maxRatio();

    @Option(names = "--max-zip-members", paramLabel = "N", description = "Most entries in one zip (default: ${DEFAULT-VALUE}).")
    int maxZipMembers = D.maxMembers();

    @Option(names = "--read-budget-s", paramLabel = "SECONDS", description = "Most time a reader may take for one file"
            + " (default: ${DEFAULT-VALUE}).")
    long readBudgetS = D.readBudget().toSeconds();

    @Option(names = "--max-sites", paramLabel = "N", description = "Most sites of one crystal structure after symmetry"
            + " expansion (default: ${DEFAULT-VALUE}).")
    int maxSites = D.maxSites();

    IngestLimits limits() {
        return new IngestLimits(maxUnpackedMb << 20, maxReadMb << 20, maxZipRatio, maxZipMembers,
                Duration.ofSeconds(readBudgetS), maxSites);
    }

    PlatformConfig applyTo(PlatformConfig c) {
        return c.withIngestLimits(limits());
    }
}
