package org.matdx.core;

/**
 * A value given by the user that domain code refuses — an unknown task, an x axis that cannot be
 * read — with the field it came from when the code knows it. The web layer answers it with a 400
 * naming the field, the CLI prints it, each in one place; handlers do not catch it.
 *
 * <p>It is an {@link IllegalArgumentException}, so code and tests that expect one still work; but
 * only this type is the user's fault: a plain {@code IllegalArgumentException} that reaches the
 * web layer is a bug of ours and stays a 500, logged with its stack. Throw this one only where the
 * value came from outside.
 */
public final class InvalidInput extends IllegalArgumentException {
    private final String field;

    /** {@code field} may be null when the value has no name of its own (a whole request). */
    public InvalidInput(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field the value was read from, or null. */
    public String field() {
        return field;
    }

    /** The same refusal under another name ({@code "x_axis"} as the web form calls it, {@code "--x-axis"} in the CLI). */
    public InvalidInput as(String otherField) {
        InvalidInput renamed = new InvalidInput(otherField, getMessage());
        renamed.setStackTrace(getStackTrace());
        return renamed;
    }

    /** As a 400 {@link Problem}: the field and the message. */
    public Problem problem() {
        return field == null ? Problem.badRequest(getMessage()) : Problem.invalid(field, getMessage());
    }
}
