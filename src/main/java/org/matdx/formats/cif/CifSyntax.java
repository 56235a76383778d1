package org.matdx.formats.cif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matdx.formats.FormatException;
import org.matdx.formats.ReadBudget;

/**
 * Tokenises and parses CIF 1.1 text (International Union of Crystallography, "CIF 1.1
 * syntax specification", section 2.2) into data blocks. Save frames are skipped, since they
 * only occur in dictionaries; global_ blocks are ignored. Lines longer than the 2048
 * characters the spec allows are accepted, as many programs write them.
 */
final class CifSyntax {
    private enum Kind { DATA, LOOP, SAVE, GLOBAL, STOP, TAG, VALUE }

    private record Token(Kind kind, String text, boolean quoted, int line) {
    }

    private final String file;
    private final String text;
    private int pos;
    private int line = 1;

    private CifSyntax(String file, String text) {
        this.file = file;
        this.text = text;
    }

    static List<CifBlock> parse(String file, String text) throws FormatException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return new CifSyntax(file, text).blocks();
    }

    private List<CifBlock> blocks() throws FormatException {
        List<Token> tokens = tokens();
        List<CifBlock> blocks = new ArrayList<>();
        String blockName = null;
        int blockLine = 0;
        Map<String, List<CifValue>> items = new LinkedHashMap<>();
        boolean inSave = false;
        boolean inGlobal = false; // a global_ block (STAR) holds defaults CIF does not use; its items are skipped
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.kind == Kind.DATA) {
                if (blockName != null) {
                    blocks.add(new CifBlock(blockName, blockLine, items));
                }
                blockName = t.text;
                blockLine = t.line;
                items = new LinkedHashMap<>();
                inSave = false;
                inGlobal = false;
                i++;
                continue;
            }
            if (t.kind == Kind.SAVE) {
                inSave = !t.text.isEmpty();
                i++;
                continue;
            }
            if (t.kind == Kind.GLOBAL || t.kind == Kind.STOP) {
                inGlobal |= t.kind == Kind.GLOBAL;
                i++;
                continue;
            }
            boolean skip = inSave || inGlobal;
            if (blockName == null && !skip) {
                throw FormatException.atLine(file, t.line, "expected 'data_<name>' before '" + shorten(t.text) + "'");
            }
            if (t.kind == Kind.LOOP) {
                int start = t.line;
                i++;
                List<String> tags = new ArrayList<>();
                while (i < tokens.size() && tokens.get(i).kind == Kind.TAG) {
                    tags.add(tokens.get(i).text.toLowerCase(Locale.ROOT));
                    i++;
                }
                if (tags.isEmpty()) {
                    throw FormatException.atLine(file, start, "loop_ without data names");
                }
                List<List<CifValue>> columns = new ArrayList<>();
                tags.forEach(x -> columns.add(new ArrayList<>()));
                int n = 0;
                int lastLine = start;
                while (i < tokens.size() && tokens.get(i).kind == Kind.VALUE) {
                    if ((n & 1023) == 0) {
                        ReadBudget.check();
                    }
                    Token v = tokens.get(i);
                    columns.get(n % tags.size()).add(new CifValue(v.text, v.quoted, v.line));
                    lastLine = v.line;
                    n++;
                    i++;
                }
                if (n == 0) {
                    throw FormatException.atLine(file, start, "loop_ of " + tags.get(0) + " has no values");
                }
                if (n % tags.size() != 0) {
                    throw FormatException.atLine(file, start, "loop_ of " + tags.get(0) + " has " + tags.size()
                            + " data names but " + n + " values, not a multiple (last value on line " + lastLine + ")");
                }
                if (!skip) {
                    for (int c = 0; c < tags.size(); c++) {
                        putOnce(items, tags.get(c), columns.get(c), start);
                    }
                }
                continue;
            }
            if (t.kind == Kind.TAG) {
                if (i + 1 >= tokens.size() || tokens.get(i + 1).kind != Kind.VALUE) {
                    throw FormatException.atLine(file, t.line, "data name " + t.text + " has no value");
                }
                Token v = tokens.get(i + 1);
                if (!skip) {
                    putOnce(items, t.text.toLowerCase(Locale.ROOT), List.of(new CifValue(v.text, v.quoted, v.line)), t.line);
                }
                i += 2;
                continue;
            }
            throw FormatException.atLine(file, t.line, "value '" + shorten(t.text) + "' without a data name");
        }
        if (blockName != null) {
            blocks.add(new CifBlock(blockName, blockLine, items));
        }
        return blocks;
    }

    private void putOnce(Map<String, List<CifValue>> items, String tag, List<CifValue> values, int at) throws FormatException {
        if (items.putIfAbsent(tag, List.copyOf(values)) != null) {
            throw FormatException.atLine(file, at, "data name " + tag + " appears twice in the same data block");
        }
    }

    private List<Token> tokens() throws FormatException {
        List<Token> out = new ArrayList<>();
        int n = text.length();
        while (true) {
            if ((out.size() & 1023) == 0) {
                ReadBudget.check();
            }
            skipWhitespaceAndComments();
            if (pos >= n) {
                return out;
            }
            char c = text.charAt(pos);
            int startLine = line;
            if (c == ';' && atLineStart(pos)) {
                out.add(new Token(Kind.VALUE, textField(), true, startLine));
            } else if (c == '\'' || c == '"') {
                out.add(new Token(Kind.VALUE, quoted(c), true, startLine));
            } else {
                int s = pos;
                while (pos < n && !Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
                String word = text.substring(s, pos);
                String lower = word.toLowerCase(Locale.ROOT);
                if (c == '_') {
                    out.add(new Token(Kind.TAG, word, false, startLine));
                } else if (lower.startsWith("data_")) {
                    if (word.length() == 5) {
                        throw FormatException.atLine(file, startLine, "data block header 'data_' without a name");
                    }
                    out.add(new Token(Kind.DATA, word.substring(5), false, startLine));
                } else if (lower.equals("loop_")) {
                    out.add(new Token(Kind.LOOP, word, false, startLine));
                } else if (lower.startsWith("save_")) {
                    out.add(new Token(Kind.SAVE, word.substring(5), false, startLine));
                } else if (lower.equals("global_")) {
                    out.add(new Token(Kind.GLOBAL, word, false, startLine));
                } else if (lower.equals("stop_")) {
                    out.add(new Token(Kind.STOP, word, false, startLine));
                } else if (c == '[' || c == ']' || c == '$') {
                    throw FormatException.atLine(file, startLine, "an unquoted value may not start with '" + c + "': " + shorten(word));
                } else {
                    out.add(new Token(Kind.VALUE, word, false, startLine));
                }
            }
        }
    }

    private void skipWhitespaceAndComments() {
        int n = text.length();
        while (pos < n) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < n && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                newline(c);
                pos++;
            } else {
                return;
            }
        }
    }

    private void newline(char c) {
        if (c == '\n' || (c == '\r' && (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n'))) {
            line++;
        }
    }

    private boolean atLineStart(int p) {
        return p == 0 || text.charAt(p - 1) == '\n' || text.charAt(p - 1) == '\r';
    }

    /** A quoted string ends at a matching quote followed by whitespace (or the end), so "O'Neil's" style quotes survive. */
    private String quoted(char q) throws FormatException {
        int start = pos + 1;
        int p = start;
        int n = text.length();
        while (p < n) {
            char c = text.charAt(p);
            if (c == '\n' || c == '\r') {
                throw FormatException.atLine(file, line, "quoted string not closed on its line (started with " + q + ")");
            }
            if (c == q && (p + 1 >= n || Character.isWhitespace(text.charAt(p + 1)))) {
                pos = p + 1;
                return text.substring(start, p);
            }
            p++;
        }
        throw FormatException.atLine(file, line, "quoted string not closed at the end of the file");
    }

    /** A semicolon text field runs to the next line that starts with a semicolon. */
    private String textField() throws FormatException {
        int startLine = line;
        int p = pos + 1;
        int n = text.length();
        StringBuilder sb = new StringBuilder();
        while (p < n) {
            char c = text.charAt(p);
            if (c == '\n' || c == '\r') {
                boolean crlf = c == '\r' && p + 1 < n && text.charAt(p + 1) == '\n';
                line++;
                p += crlf ? 2 : 1;
                if (p < n && text.charAt(p) == ';') {
                    pos = p + 1;
                    String s = sb.toString();
                    return s.startsWith("\n") ? s.substring(1) : s;
                }
                sb.append('\n');
                continue;
            }
            sb.append(c);
            p++;
        }
        throw FormatException.atLine(file, startLine, "text field opened with ';' is never closed (no line starting with ';' follows)");
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
