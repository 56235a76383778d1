package org.matdx.optimade.filter;

import java.util.List;

/**
 * The concrete syntax tree of an OPTIMADE filter, one {@link Rule} per production of the
 * specification's EBNF (named as there: {@code Expression}, {@code ValueRelCompRhs},
 * {@code Identifier} …) and one {@link Token} per terminal, with its line and column. It is the
 * same tree the specification's reference tests print, which is how the parser is checked
 * against them.
 */
public sealed interface Cst permits Cst.Rule, Cst.Token {

    /** A production and what it matched. */
    record Rule(String name, List<Cst> children) implements Cst {
        public Rule {
            children = List.copyOf(children);
        }

        /** The first direct child rule of that name, or null. */
        public Rule child(String childName) {
            for (Cst c : children) {
                if (c instanceof Rule r && r.name.equals(childName)) {
                    return r;
                }
            }
            return null;
        }

        public List<Rule> rules() {
            return children.stream().filter(c -> c instanceof Rule).map(c -> (Rule) c).toList();
        }

        /** The text matched by this rule, whitespace included. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            appendText(this, sb);
            return sb.toString();
        }

        /** 0-based offset of the first character matched. */
        public int offset() {
            for (Cst c : children) {
                if (c instanceof Token t) {
                    return t.offset();
                }
                if (c instanceof Rule r && !r.children.isEmpty()) {
                    return r.offset();
                }
            }
            return -1;
        }

        private static void appendText(Cst c, StringBuilder sb) {
            switch (c) {
                case Token t -> sb.append(t.text());
                case Rule r -> r.children.forEach(x -> appendText(x, sb));
            }
        }
    }

    /** A terminal: the characters matched, where they start (0-based offset; 1-based line and column). */
    record Token(String text, int offset, int line, int column) implements Cst {
    }

    /**
     * The tree in the layout of the specification's test outputs: two spaces of indentation per
     * level, rules by name, tokens as {@code "text", line: L, col: C}; whitespace characters other
     * than the blank are shown as {@code (...)}, as the reference tool prints them.
     */
    static String render(Cst root) {
        StringBuilder sb = new StringBuilder();
        render(root, 0, false, sb);
        return sb.toString();
    }

    private static void render(Cst c, int depth, boolean special, StringBuilder sb) {
        sb.append("  ".repeat(depth));
        switch (c) {
            case Rule r -> {
                sb.append(r.name()).append('\n');
                boolean sp = switch (r.name()) {
                    case "tab", "nl", "cr", "vt", "ff" -> true;
                    default -> false;
                };
                for (Cst x : r.children()) {
                    render(x, depth + 1, sp, sb);
                }
            }
            case Token t -> sb.append('"').append(special ? "(...)" : t.text()).append("\", line: ")
                    .append(t.line()).append(", col: ").append(t.column()).append('\n');
        }
    }
}
