package org.matdx.core;

/** A chemical formula that cannot be read, with the 0-based character position of the problem. */
public final class FormulaException extends IllegalArgumentException {
    private final String formula;
    private final int position;

    public FormulaException(String formula, int position, String problem) {
        super("formula '" + formula + "', position " + (position + 1) + ": " + problem);
        this.formula = formula;
        this.position = position;
    }

    public String formula() {
        return formula;
    }

    /** 0-based index into the formula where the problem was found. */
    public int position() {
        return position;
    }
}
