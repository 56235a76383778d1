package org.matdx.formats.jcamp;

import java.util.List;
import java.util.Locale;

/**
 * One labelled data record: {@code ##LABEL= value} and the lines that follow it up to the next
 * label (the data of {@code ##XYDATA}, or the continuation of a long value).
 *
 * @param label normalised as JCAMP-DX compares labels: upper case without spaces, dashes, slashes
 *              and underscores, so {@code ##JCAMP-DX} and {@code ##JCAMPDX} are the same record
 * @param raw   the label as written
 */
record Ldr(String label, String raw, String value, int line, List<DataLine> data) {

    record DataLine(int line, String text) {
    }

    static String normalise(String label) {
        StringBuilder sb = new StringBuilder(label.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c != ' ' && c != '-' && c != '/' && c != '_' && c != '\t') {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    /** The label as a snake_case metadata key: {@code SPECTROMETER/DATA SYSTEM} → {@code spectrometer_data_system}. */
    String key() {
        String s = raw.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9$.]+", "_");
        s = s.replaceAll("^[_.]+|_+$", "");
        return s.replace(".", "");
    }

    /** The value with its continuation lines, for text records that span lines. */
    String fullValue() {
        if (data.isEmpty()) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value);
        for (DataLine d : data) {
            sb.append('\n').append(d.text());
        }
        return sb.toString().strip();
    }
}
