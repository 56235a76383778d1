package org.matdx.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.matdx.core.Problem;

/**
 * Unpacks a zip upload into staged files, keeping relative paths (directories matter: auxiliary
 * files attach to the main files of their directory). Paths that climb out ({@code ../}) are
 * refused; operating-system clutter (macOS resource forks, Thumbs.db) is skipped.
 */
public final class Archives {
    static final int MAX_FILES = 20_000;
    private static final Set<String> CLUTTER = Set.of(".ds_store", "thumbs.db", "desktop.ini");

    private Archives() {
    }

    public static boolean isZip(String name, byte[] head) {
        boolean magic = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        return magic && name != null && name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** Stages every file of the archive; on any problem, whatever was staged is discarded and a Problem names the entry. */
    public static List<Upload> unpack(Ingest ingest, String archiveName, InputStream in, Predicate<String> restricted) {
        List<Upload> out = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory() || skip(e.getName())) {
                    continue;
                }
                if (out.size() >= MAX_FILES) {
                    throw Problem.invalid("file", archiveName + ": more than " + MAX_FILES + " files");
                }
                String name = Ingest.relativeName(e.getName());
                InputStream entry = new FilterInputStream(zip) {
                    @Override
                    public void close() {
                        // the zip stream stays open for the next entry
                    }
                };
                out.add(ingest.stage(name, entry, restricted.test(name)));
            }
        } catch (IOException ex) {
            ingest.discard(out);
            throw Problem.invalid("file", archiveName + ": not a readable zip archive (" + ex.getMessage() + ")");
        } catch (RuntimeException ex) {
            ingest.discard(out);
            throw ex;
        }
        if (out.isEmpty()) {
            throw Problem.invalid("file", archiveName + ": the archive holds no files");
        }
        return out;
    }

    static boolean skip(String path) {
        String p = path.replace('\\', '/');
        String base = p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return p.startsWith("__MACOSX/") || p.contains("/__MACOSX/") || base.startsWith("._") || CLUTTER.contains(base);
    }
}
