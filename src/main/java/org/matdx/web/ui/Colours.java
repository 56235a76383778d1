package org.matdx.web.ui;

/** Colour scales for heat maps: viridis, which stays readable in grey and for colour-blind readers. */
final class Colours {
    private static final int[][] VIRIDIS = {
            {68, 1, 84}, {72, 40, 120}, {62, 74, 137}, {49, 104, 142}, {38, 130, 142},
            {31, 158, 137}, {53, 183, 121}, {110, 206, 88}, {181, 222, 43}, {253, 231, 37}};

    private Colours() {
    }

    /** The colour at {@code t} in [0, 1] (clamped), as #rrggbb, interpolating between ten stops. */
    static String viridis(double t) {
        double x = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) Math.floor(x), VIRIDIS.length - 2);
        double f = x - i;
        int[] a = VIRIDIS[i];
        int[] b = VIRIDIS[i + 1];
        return String.format("#%02x%02x%02x", mix(a[0], b[0], f), mix(a[1], b[1], f), mix(a[2], b[2], f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** HSL (hue in degrees, saturation and lightness in [0, 1]) as #rrggbb. */
    static String hsl(double hue, double saturation, double lightness) {
        double c = (1 - Math.abs(2 * lightness - 1)) * saturation;
        double h = ((hue % 360) + 360) % 360 / 60;
        double x = c * (1 - Math.abs(h % 2 - 1));
        double[] rgb = h < 1 ? new double[]{c, x, 0} : h < 2 ? new double[]{x, c, 0} : h < 3 ? new double[]{0, c, x}
                : h < 4 ? new double[]{0, x, c} : h < 5 ? new double[]{x, 0, c} : new double[]{c, 0, x};
        double m = lightness - c / 2;
        return String.format("#%02x%02x%02x", (int) Math.round((rgb[0] + m) * 255), (int) Math.round((rgb[1] + m) * 255),
                (int) Math.round((rgb[2] + m) * 255));
    }

    /**
     * Black or white, whichever contrasts more with {@code background} (#rrggbb) by WCAG 2's
     * ratio: one of them always reaches 4.58:1, enough for the heat map's small labels.
     */
    static String readableOn(String background) {
        int rgb = Integer.parseInt(background.substring(1), 16);
        double l = 0;
        double[] weights = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double c = (rgb >> (16 - 8 * i) & 0xFF) / 255.0;
            l += weights[i] * (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        double onWhite = 1.05 / (l + 0.05);
        double onBlack = (l + 0.05) / 0.05;
        return onBlack >= onWhite ? "#000000" : "#ffffff";
    }
}
