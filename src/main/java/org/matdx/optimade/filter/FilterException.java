package org.matdx.optimade.filter;

/**
 * A filter MatDX will not run, with where in the filter the problem is. {@link Kind#INVALID}
 * filters break the grammar or the specification's rules (HTTP 400); {@link Kind#NOT_IMPLEMENTED}
 * filters are valid but use something the specification lets a server leave out, or compare
 * values of different types (HTTP 501).
 */
public final class FilterException extends RuntimeException {
    public enum Kind { INVALID, NOT_IMPLEMENTED }

    private final Kind kind;
    private final int offset;
    private final int line;
    private final int column;
    private final String problem;
    private final String excerpt;

    public FilterException(Kind kind, String filter, int offset, String problem) {
        super(describe(filter, offset, problem));
        this.kind = kind;
        this.offset = offset;
        int[] lc = lineColumn(filter, offset);
        this.line = lc[0];
        this.column = lc[1];
        this.problem = problem;
        this.excerpt = excerpt(filter, offset);
    }

    public static FilterException invalid(String filter, int offset, String problem) {
        return new FilterException(Kind.INVALID, filter, offset, problem);
    }

    public static FilterException notImplemented(String filter, int offset, String problem) {
        return new FilterException(Kind.NOT_IMPLEMENTED, filter, offset, problem);
    }

    public Kind kind() {
        return kind;
    }

    /** 0-based character offset of the problem in the filter. */
    public int offset() {
        return offset;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem within its line. */
    public int column() {
        return column;
    }

    /** The problem without its position. */
    public String problem() {
        return problem;
    }

    static int[] lineColumn(String text, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }

    private static String describe(String filter, int offset, String problem) {
        int[] lc = lineColumn(filter, offset);
        String where = filter.indexOf('\n') >= 0 && filter.indexOf('\n') < filter.length() - 1
                ? "line " + lc[0] + ", column " + lc[1] : "position " + lc[1];
        return where + ": " + problem;
    }

    /** Two lines: the filter around the problem, and a caret under the problem, as compilers show it. */
    public String excerpt() {
        return excerpt;
    }

    private static String excerpt(String filter, int offset) {
        int start = filter.lastIndexOf('\n', Math.max(0, Math.min(offset, filter.length()) - 1)) + 1;
        int end = filter.indexOf('\n', Math.min(offset, filter.length()));
        if (end < 0) {
            end = filter.length();
        }
        String lineText = filter.substring(start, end);
        int caret = Math.min(offset, filter.length()) - start;
        int from = Math.max(0, caret - 60);
        int to = Math.min(lineText.length(), caret + 60);
        String shown = (from > 0 ? "…" : "") + lineText.substring(from, to) + (to < lineText.length() ? "…" : "");
        return shown + "\n" + " ".repeat(caret - from + (from > 0 ? 1 : 0)) + "^";
    }
}
