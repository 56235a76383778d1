package org.matdx.formats;

import java.io.InputStream;
import java.util.List;

/**
 * Reads one file format. Implementations are written to the format's specification and are
 * stateless, so one instance serves every thread.
 *
 * <p>Recognising (cheap, from the name and the first bytes) is separate from reading (full), as
 * NOMAD's parsers separate matching a main file from parsing it.
 */
public interface Reader {

    /** Stable id used by templates, e.g. {@code xrd.xrdml}. */
    String id();

    /** A short human name, e.g. "PANalytical XRDML". */
    String name();

    /**
     * @param fileName the file's name (may be null)
     * @param head     the first bytes of the file (up to 64 KiB; fewer for short files)
     */
    Recognition recognise(String fileName, byte[] head);

    /**
     * Reads the whole file. Either returns every record the file holds or throws; never a partial
     * result.
     *
     * @throws FormatException naming the file, the position and what was expected
     */
    List<Parsed> read(String fileName, InputStream content) throws FormatException, java.io.IOException;

    /**
     * The other files of the same upload (the same directory of a zip or folder, or the files sent
     * with the main one), for formats split over several files: a TIA {@code .ser} keeps its
     * microscope settings in the {@code .emi} beside it.
     */
    @FunctionalInterface
    interface Companions {
        Companions NONE = name -> null;

        /** The bytes of the companion called {@code baseName} (case ignored), or null when the upload holds none. */
        byte[] read(String baseName) throws java.io.IOException;
    }

    /** Reads the whole file with its companions at hand; readers of one-file formats ignore them. */
    default List<Parsed> read(String fileName, InputStream content, Companions companions) throws FormatException, java.io.IOException {
        return read(fileName, content);
    }

    /**
     * A sentence for a file this reader does not read but whose name it knows (a TIA {@code .emi}
     * uploaded without its {@code .ser}), or null.
     */
    default String hint(String fileName) {
        return null;
    }
}
