package org.matdx.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.matdx.core.Problem;

/**
 * Unpacks a zip upload into staged files, keeping relative paths (directories matter: auxiliary
 * files attach to the main files of their directory). Paths that climb out ({@code ../}) are
 * refused; operating-system clutter (macOS resource forks, Thumbs.db) is skipped. Unpacking is
 * bounded ({@link Unzip}): each member by the upload limit, all members of one request together by
 * {@link IngestLimits#maxUnpackedBytes()}, the compression ratio and the number of entries; a zip
 * inside the zip is kept as a file, and a reader that opens it later works under its own limits.
 */
public final class Archives {
    private static final Set<String> CLUTTER = Set.of(".ds_store", "thumbs.db", "desktop.ini");

    private Archives() {
    }

    public static boolean isZip(String name, byte[] head) {
        return Unzip.looksLikeZip(head) && name != null && name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** Unpacks one zip on its own: a request of one archive. */
    public static List<Upload> unpack(Ingest ingest, String archiveName, InputStream in, Predicate<String> restricted) {
        return unpack(ingest, archiveName, in, restricted, Unzip.Budget.request(ingest.limits()));
    }

    /**
     * Stages every file of the archive; on any problem, whatever was staged is discarded and a
     * Problem names the archive, the entry and, for a limit, the limit (413).
     *
     * @param budget what the whole request may still unpack (shared by its archives)
     */
    public static List<Upload> unpack(Ingest ingest, String archiveName, InputStream in, Predicate<String> restricted,
                                      Unzip.Budget budget) {
        List<Upload> out = new ArrayList<>();
        try {
            Unzip.each(archiveName, in, ingest.limits(), budget, ingest.maxFileBytes(), "--max-upload-mb",
                    (name, directory, content) -> {
                        if (!directory && !skip(name)) {
                            String rel = Ingest.relativeName(name);
                            out.add(ingest.stage(rel, content, restricted.test(rel)));
                        }
                    });
        } catch (LimitExceeded e) {
            ingest.discard(out);
            throw new Problem(Problem.Type.TOO_LARGE, e.getMessage(), List.of(new Problem.Issue("file", e.getMessage())));
        } catch (IOException e) {
            ingest.discard(out);
            throw unreadable(archiveName, e);
        } catch (java.io.UncheckedIOException e) {
            // a member that breaks off while it is being staged
            ingest.discard(out);
            throw unreadable(archiveName, e.getCause());
        } catch (RuntimeException e) {
            ingest.discard(out);
            throw e;
        }
        if (out.isEmpty()) {
            throw Problem.invalid("file", archiveName + ": the archive holds no files");
        }
        return out;
    }

    private static Problem unreadable(String archiveName, IOException e) {
        return Problem.invalid("file", archiveName + ": not a readable zip archive (" + e.getMessage() + ")");
    }

    static boolean skip(String path) {
        String p = path.replace('\\', '/');
        String base = p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return p.startsWith("__MACOSX/") || p.contains("/__MACOSX/") || base.startsWith("._") || CLUTTER.contains(base);
    }
}
