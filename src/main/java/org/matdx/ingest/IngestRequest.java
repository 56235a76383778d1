package org.matdx.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.matdx.core.RequestContext;

/**
 * One ingest as a caller asks for it, whether over HTTP, from the command line or from a queued
 * job: who, into which dataset, how ({@link Mode}), which files (uploaded parts, a local file or
 * directory, an inbox's files; an archive among them is unpacked, a compressed file decompressed),
 * which of them are restricted, the batch sheet, and the template, invoice, language and
 * stated x axis ({@link Ingest.Options}). The edges only parse their input into one; {@link Ingestion}
 * carries it out.
 *
 * @param sheet the batch sheet (CSV or XLSX, one invoice per row); only and always in {@link Mode#BATCH}
 */
public record IngestRequest(RequestContext context, UUID dataset, Mode mode, List<Source> files, Source sheet,
                            Restricted restricted, Ingest.Options options) {
    public IngestRequest {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
        files = List.copyOf(files);
        restricted = restricted == null ? Restricted.NONE : restricted;
        if ((mode == Mode.BATCH) != (sheet != null)) {
            throw new IllegalArgumentException("a batch request, and only a batch request, has a sheet");
        }
    }

    /**
     * How the files become entries: {@code file}, one main file (the first) with the others
     * attached; {@code tree}, every recognised main file with the rest of its directory attached;
     * {@code batch}, one invoice per row of the sheet, each naming its file(s).
     */
    public enum Mode {
        FILE, TREE, BATCH;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode a form or a job names, or null for another word. */
        public static Mode of(String code) {
            for (Mode m : values()) {
                if (m.code().equals(code)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** Where a request's files come from. */
    public sealed interface Source permits Part, Directory {
    }

    /** Content that can be opened. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /**
     * One file as it was received (an uploaded part, a local file, a file of a job's inbox): a zip or
     * tar is unpacked, a gzip/bzip2/xz file decompressed, clutter such as {@code .DS_Store} skipped.
     *
     * @param name the name it was received under (directories kept; checked as it is staged)
     */
    public record Part(String name, Content content) implements Source {
        public static Part of(Path file) {
            return new Part(file.getFileName().toString(), () -> Files.newInputStream(file));
        }
    }

    /**
     * A local directory, every regular file under it staged with its relative path; hidden files
     * (a name starting with '.') and operating-system clutter are skipped with why.
     */
    public record Directory(Path root) implements Source {
    }

    /**
     * Which files are stored restricted (kept, never shared): those named, by path or by base name,
     * or all. An archive or compressed file that is named makes everything it holds restricted.
     */
    public record Restricted(Set<String> names, boolean all) implements Predicate<String> {
        public static final Restricted NONE = new Restricted(Set.of(), false);

        public Restricted {
            names = Set.copyOf(names);
        }

        /** The names as given; {@code *} among them means all. */
        public static Restricted of(Collection<String> names, boolean all) {
            return new Restricted(Set.copyOf(names), all || names.contains("*"));
        }

        @Override
        public boolean test(String name) {
            return all || names.contains(name) || names.contains(name.substring(name.lastIndexOf('/') + 1));
        }

        /** The names, with {@code *} for all (as a job's payload keeps them). */
        public List<String> asNames() {
            return all ? List.of("*") : names.stream().sorted().toList();
        }
    }
}
