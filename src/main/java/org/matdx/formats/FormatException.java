package org.matdx.formats;

/**
 * A file that does not follow its format, described so a technician can act on it: which
 * file, where (line, or byte offset for binary formats), and what was expected there —
 * "scan.ras, line 212: expected 3 columns, found 2".
 */
public final class FormatException extends Exception {
    private final String file;
    private final long line;
    private final long offset;
    private final String problem;

    private FormatException(String file, long line, long offset, String problem) {
        super(describe(file, line, offset, problem));
        this.file = file;
        this.line = line;
        this.offset = offset;
        this.problem = problem;
    }

    /** A problem at a line of a text file (1-based). */
    public static FormatException atLine(String file, long line, String problem) {
        return new FormatException(file, line, -1, problem);
    }

    /** A problem at a byte offset of a binary file (0-based). */
    public static FormatException atOffset(String file, long offset, String problem) {
        return new FormatException(file, -1, offset, problem);
    }

    /** A problem with the file as a whole (e.g. a required section is missing). */
    public static FormatException inFile(String file, String problem) {
        return new FormatException(file, -1, -1, problem);
    }

    public String file() { return file; }
    /** 1-based line, or -1. */
    public long line() { return line; }
    /** 0-based byte offset, or -1. */
    public long offset() { return offset; }
    public String problem() { return problem; }

    private static String describe(String file, long line, long offset, String problem) {
        StringBuilder sb = new StringBuilder(file == null ? "(unnamed file)" : file);
        if (line > 0) {
            sb.append(", line ").append(line);
        } else if (offset >= 0) {
            sb.append(", byte ").append(offset);
        }
        return sb.append(": ").append(problem).toString();
    }
}
