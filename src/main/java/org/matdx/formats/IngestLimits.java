package org.matdx.formats;

import java.time.Duration;

/**
 * How much one upload may cost the platform once unpacked and read, so that one hostile or careless
 * file cannot exhaust memory, disk or CPU for everyone (docs/SECURITY.md, "Files and fuzzing").
 * The file as sent is bounded separately by the upload limit ({@code --max-upload-mb}), which also
 * bounds each member of an uploaded zip once unpacked.
 *
 * @param maxUnpackedBytes all files of one request together once their zips are unpacked
 *                         ({@code --max-unpacked-mb})
 * @param maxReadBytes     what a reader takes in from one file: the file itself, or everything it
 *                         inflates from a container such as RASX, BRML or XLSX ({@code --max-read-mb})
 * @param maxRatio         how many times larger than its compressed form a zip member may become,
 *                         checked once it passes {@link #RATIO_GRACE_BYTES} ({@code --max-zip-ratio})
 * @param maxMembers       entries (files and directories) in one zip ({@code --max-zip-members})
 * @param readBudget       time one reader may take for one file ({@code --read-budget-s})
 * @param maxSites         sites of one crystal structure after symmetry expansion ({@code --max-sites})
 */
public record IngestLimits(long maxUnpackedBytes, long maxReadBytes, int maxRatio, int maxMembers, Duration readBudget,
                           int maxSites) {

    /** Small members compress well for honest reasons (a page of zeros); the ratio counts only past this. */
    public static final long RATIO_GRACE_BYTES = 1L << 20;

    public static final IngestLimits DEFAULTS = new IngestLimits(2048L << 20, 256L << 20, 100, 20_000,
            Duration.ofSeconds(30), 20_000);

    public IngestLimits {
        if (maxUnpackedBytes <= 0 || maxReadBytes <= 0 || maxRatio < 1 || maxMembers < 1 || readBudget == null
                || readBudget.isNegative() || readBudget.isZero() || maxSites < 1) {
            throw new IllegalArgumentException("every ingest limit must be positive");
        }
    }

    public IngestLimits withReadBudget(Duration d) {
        return new IngestLimits(maxUnpackedBytes, maxReadBytes, maxRatio, maxMembers, d, maxSites);
    }

    public IngestLimits withMaxReadBytes(long bytes) {
        return new IngestLimits(maxUnpackedBytes, bytes, maxRatio, maxMembers, readBudget, maxSites);
    }

    public IngestLimits withMaxUnpackedBytes(long bytes) {
        return new IngestLimits(bytes, maxReadBytes, maxRatio, maxMembers, readBudget, maxSites);
    }

    public IngestLimits withMaxRatio(int ratio) {
        return new IngestLimits(maxUnpackedBytes, maxReadBytes, ratio, maxMembers, readBudget, maxSites);
    }

    public IngestLimits withMaxMembers(int members) {
        return new IngestLimits(maxUnpackedBytes, maxReadBytes, maxRatio, members, readBudget, maxSites);
    }

    public IngestLimits withMaxSites(int sites) {
        return new IngestLimits(maxUnpackedBytes, maxReadBytes, maxRatio, maxMembers, readBudget, sites);
    }

    /** "256 MiB" for messages. */
    public static String size(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
