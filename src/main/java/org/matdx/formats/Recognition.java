package org.matdx.formats;

/**
 * How sure a reader is that a file is its format, judged cheaply from the name and the first
 * bytes. {@code CONTENT} beats {@code NAME}: a file whose content a reader recognises is that
 * reader's, whatever it is called.
 */
public enum Recognition {
    NO, NAME, CONTENT;

    public boolean matches() {
        return this != NO;
    }
}
