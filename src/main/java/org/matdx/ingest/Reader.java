package org.matdx.ingest;

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
}
