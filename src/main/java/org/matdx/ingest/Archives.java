package org.matdx.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitExceeded;
import org.matdx.formats.Unzip;
import tools.jackson.databind.node.ObjectNode;

/**
 * Unpacks a zip or tar upload ({@link Unzip}, {@link Untar}) into staged files, keeping relative paths (directories matter: auxiliary
 * files attach to the main files of their directory). Paths that climb out ({@code ../}) are
 * refused; operating-system clutter (macOS resource forks, .DS_Store, Thumbs.db) is not stored but
 * reported as {@link Skipped}, with the reason, so nothing in an upload disappears unsaid. Unpacking is
 * bounded ({@link Unzip}): each member by the upload limit, all members of one request together by
 * {@link IngestLimits#maxUnpackedBytes()}, the compression ratio and the number of entries; an archive
 * inside the archive (zip or tar) is kept as a file, and a reader that opens it later works under its
 * own limits. Tar's links, devices and absolute paths are refused (422) naming the member.
 */
public final class Archives {
    private static final Map<String, String> CLUTTER = Map.of(
            ".ds_store", "macOS Finder folder settings (.DS_Store), not data",
            "thumbs.db", "Windows thumbnail cache (Thumbs.db), not data",
            "desktop.ini", "Windows folder settings (desktop.ini), not data");

    /** A file of an upload that was not stored because it is not data, and why. */
    public record Skipped(String file, String reason) {
        public ObjectNode toJson() {
            return Json.object().put("file", file).put("outcome", "skipped").put("reason", reason);
        }
    }

    private Archives() {
    }

    /**
     * A gzip, bzip2 or xz upload of one file, staged as the file it holds ({@code scan.dm3.gz} as
     * {@code scan.dm3}) under the limits of a zip member: the upload limit for the file, the
     * request's {@code budget}, and the compression ratio. On a problem nothing stays staged and a
     * Problem names the file and, for a limit, the limit (413).
     */
    public static Upload decompress(Ingest ingest, String name, Compression c, InputStream in, Predicate<String> restricted,
                                    Unzip.Budget budget) {
        String inner = Ingest.relativeName(name.substring(0, name.length() - c.suffix.length()));
        long[] consumed = {0};
        InputStream counted = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                consumed[0] += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                consumed[0] += Math.max(0, n);
                return n;
            }
        };
        try (InputStream content = Unzip.bounded(c.open(counted), () -> consumed[0], name, inner, ingest.limits(), budget,
                ingest.maxFileBytes(), "--max-upload-mb")) {
            return ingest.stage(inner, content, restricted.test(inner) || restricted.test(name));
        } catch (LimitExceeded e) {
            throw new Problem(Problem.Type.TOO_LARGE, e.getMessage(), List.of(new Problem.Issue("file", e.getMessage())));
        } catch (IOException e) {
            throw Problem.invalid("file", name + ": not a readable " + c.suffix.substring(1) + " file (" + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof LimitExceeded l) {
                throw new Problem(Problem.Type.TOO_LARGE, l.getMessage(), List.of(new Problem.Issue("file", l.getMessage())));
            }
            throw Problem.invalid("file", name + ": not a readable " + c.suffix.substring(1) + " file (" + e.getCause().getMessage() + ")");
        }
    }

    public static boolean isZip(String name, byte[] head) {
        return Unzip.looksLikeZip(head) && name != null && name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /**
     * Whether an upload is an archive to unpack: a zip, or a tar ({@code .tar}, {@code .tar.gz},
     * {@code .tgz}, {@code .tar.bz2}, {@code .tar.xz}) whose first bytes are its compression's.
     */
    public static boolean isArchive(String name, byte[] head) {
        if (isZip(name, head)) {
            return true;
        }
        if (!Untar.isTarName(name)) {
            return false;
        }
        Compression c = Untar.compression(name);
        return c == null || c.startsOf(head);
    }

    /** Whether a file called {@code name} is unpacked as an archive (the name alone, for callers that check the content later). */
    public static boolean isArchiveName(String name) {
        return name != null && (name.toLowerCase(Locale.ROOT).endsWith(".zip") || Untar.isTarName(name));
    }

    /** Unpacks one zip on its own: a request of one archive. */
    public static List<Upload> unpack(Ingest ingest, String archiveName, InputStream in, Predicate<String> restricted,
                                      List<Skipped> skipped) {
        return unpack(ingest, archiveName, in, restricted, Unzip.Budget.request(ingest.limits()), skipped);
    }

    /**
     * Stages every file of the archive; on any problem, whatever was staged is discarded and a
     * Problem names the archive, the entry and, for a limit, the limit (413).
     *
     * @param budget  what the whole request may still unpack (shared by its archives)
     * @param skipped receives the members that are not data (named {@code archive.zip/path}), with why
     */
    public static List<Upload> unpack(Ingest ingest, String archiveName, InputStream in, Predicate<String> restricted,
                                      Unzip.Budget budget, List<Skipped> skipped) {
        List<Upload> out = new ArrayList<>();
        List<Skipped> notData = new ArrayList<>();
        Unzip.MemberReader<RuntimeException> member = (name, directory, content) -> {
            String why = directory ? null : notData(name);
            if (why != null) {
                notData.add(new Skipped(archiveName + "/" + name.replace('\\', '/'), why));
            } else if (!directory) {
                String rel = Ingest.relativeName(name);
                out.add(ingest.stage(rel, content, restricted.test(rel)));
            }
        };
        boolean tar = Untar.isTarName(archiveName);
        try {
            if (tar) {
                Untar.each(archiveName, in, ingest.limits(), budget, ingest.maxFileBytes(), "--max-upload-mb", member);
            } else {
                Unzip.each(archiveName, in, ingest.limits(), budget, ingest.maxFileBytes(), "--max-upload-mb", member);
            }
        } catch (LimitExceeded e) {
            ingest.discard(out);
            throw new Problem(Problem.Type.TOO_LARGE, e.getMessage(), List.of(new Problem.Issue("file", e.getMessage())));
        } catch (IOException e) {
            ingest.discard(out);
            throw unreadable(archiveName, tar, e);
        } catch (UncheckedIOException e) {
            // a member that breaks off while it is being staged
            ingest.discard(out);
            throw unreadable(archiveName, tar, e.getCause());
        } catch (RuntimeException e) {
            ingest.discard(out);
            throw e;
        }
        if (out.isEmpty()) {
            throw Problem.invalid("file", archiveName + ": the archive holds no files"
                    + (notData.isEmpty() ? "" : " other than " + notData.size() + " that are not data (" + notData.get(0).reason() + ")"));
        }
        skipped.addAll(notData);
        return out;
    }

    private static Problem unreadable(String archiveName, boolean tar, IOException e) {
        return Problem.invalid("file", archiveName + ": not a readable " + (tar ? "tar" : "zip") + " archive (" + e.getMessage() + ")");
    }

    /**
     * Why a file of an upload is not data — a macOS resource fork ({@code __MACOSX/}, {@code ._name}),
     * Finder or Explorer folder settings, a thumbnail cache — or null when it may be.
     */
    public static String notData(String path) {
        String p = path.replace('\\', '/');
        String base = p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (p.startsWith("__MACOSX/") || p.contains("/__MACOSX/")) {
            return "macOS resource fork (__MACOSX folder of a Finder-made zip), not data";
        }
        if (base.startsWith("._")) {
            return "macOS resource fork (AppleDouble '._' file), not data";
        }
        return CLUTTER.get(base);
    }
}
