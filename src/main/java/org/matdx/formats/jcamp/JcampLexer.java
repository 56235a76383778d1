package org.matdx.formats.jcamp;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.matdx.formats.FormatException;

/**
 * Splits a JCAMP-DX file into blocks of labelled data records. A block runs from {@code ##TITLE=}
 * to {@code ##END=}; a {@code ##TITLE=} inside an open block starts a nested block (the blocks of
 * a compound {@code DATA TYPE=LINK} file). {@code $$} starts a comment to the end of the line.
 */
final class JcampLexer {

    /** A block: its records in file order, and where it starts and ends. */
    record Block(List<Ldr> ldrs, int startLine, int endLine, int depth) {
        Ldr first(String label) {
            for (Ldr l : ldrs) {
                if (l.label().equals(label)) {
                    return l;
                }
            }
            return null;
        }

        String text(String label) {
            Ldr l = first(label);
            return l == null ? null : l.value().strip();
        }
    }

    private JcampLexer() {
    }

    static List<Block> blocks(String file, BufferedReader in) throws IOException, FormatException {
        List<Block> closed = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        Pending pending = null;
        String line;
        int no = 0;
        while ((line = in.readLine()) != null) {
            no++;
            if (no == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            String text = stripComment(line);
            String t = text.stripLeading();
            if (t.startsWith("##")) {
                if (pending != null) {
                    pending.flushTo(open);
                    pending = null;
                }
                int eq = t.indexOf('=');
                if (eq < 0) {
                    throw FormatException.atLine(file, no, "expected '##LABEL=value', found no '=' in '" + clip(t) + "'");
                }
                String raw = t.substring(2, eq);
                String label = Ldr.normalise(raw);
                String value = t.substring(eq + 1);
                if (label.equals("TITLE")) {
                    open.push(new Open(no, open.size()));
                    pending = new Pending(label, raw, value, no);
                } else if (label.equals("END")) {
                    Open o = open.poll();
                    if (o == null) {
                        throw FormatException.atLine(file, no, "##END= without a block: expected ##TITLE= first");
                    }
                    closed.add(new Block(List.copyOf(o.ldrs), o.start, no, o.depth));
                } else {
                    if (open.isEmpty()) {
                        throw FormatException.atLine(file, no, "expected ##TITLE= to start a block, found ##" + raw.strip());
                    }
                    pending = new Pending(label, raw, value, no);
                }
            } else if (pending != null) {
                pending.data.add(new Ldr.DataLine(no, text));
            } else if (!t.isBlank() && !open.isEmpty()) {
                throw FormatException.atLine(file, no, "expected a ##LABEL= record, found '" + clip(t) + "'");
            } else if (!t.isBlank() && closed.isEmpty()) {
                throw FormatException.atLine(file, no, "expected ##TITLE= (a JCAMP-DX file starts with it), found '" + clip(t) + "'");
            }
        }
        if (pending != null) {
            pending.flushTo(open);
        }
        if (!open.isEmpty()) {
            Open o = open.peek();
            throw FormatException.atLine(file, no, "file ends inside the block that starts at line " + o.start
                    + " (no ##END=): the file is truncated");
        }
        if (closed.isEmpty()) {
            throw FormatException.inFile(file, "no JCAMP-DX block (##TITLE= … ##END=) found");
        }
        // Inner blocks close first; report them in the order they start in the file.
        closed.sort((a, b) -> Integer.compare(a.startLine(), b.startLine()));
        return closed;
    }

    static String stripComment(String line) {
        int c = line.indexOf("$$");
        return c < 0 ? line : line.substring(0, c);
    }

    static String clip(String s) {
        s = s.strip();
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static final class Open {
        final int start;
        final int depth;
        final List<Ldr> ldrs = new ArrayList<>();

        Open(int start, int depth) {
            this.start = start;
            this.depth = depth;
        }
    }

    private static final class Pending {
        final String label;
        final String raw;
        final String value;
        final int line;
        final List<Ldr.DataLine> data = new ArrayList<>();

        Pending(String label, String raw, String value, int line) {
            this.label = label;
            this.raw = raw;
            this.value = value;
            this.line = line;
        }

        void flushTo(Deque<Open> open) {
            open.peek().ldrs.add(new Ldr(label, raw, value, line, List.copyOf(data)));
        }
    }
}
