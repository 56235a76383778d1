package org.matdx.imaging;

import java.util.List;
import org.matdx.core.Signal;
import org.matdx.core.SignalAxis;

/**
 * The 2-D picture a person looks at for any signal: an image itself, the first frame of a stack, the
 * sum image of a spectrum image (each pixel's spectrum summed — the navigator's picture), or a line
 * scan as position × channel. Complex values show their magnitude.
 *
 * @param values the picture's values, row by row; for a real image this is the signal's own array
 *               (not copied: 8 MiB per 1k×1k image), so it is read, never written
 * @param y      the axis down the picture, {@code x} the axis across
 */
public record Planes(double[] values, int width, int height, SignalAxis x, SignalAxis y) {

    public static Planes view(Signal s) {
        List<SignalAxis> sig = s.signalAxes();
        List<SignalAxis> nav = s.navigationAxes();
        double[] re = s.values();
        double[] im = s.imaginary();
        if (sig.size() == 2) {
            SignalAxis y = sig.get(0);
            SignalAxis x = sig.get(1);
            int n = x.size() * y.size();
            if (im == null && re.length == n) {
                return new Planes(re, x.size(), y.size(), x, y);
            }
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = im == null ? re[i] : Math.hypot(re[i], im[i]);
            }
            return new Planes(out, x.size(), y.size(), x, y);
        }
        if (sig.size() == 1 && nav.size() == 2) {
            return new Planes(sumOverLastAxis(re, im, sig.get(0).size()), nav.get(1).size(), nav.get(0).size(), nav.get(1), nav.get(0));
        }
        if (sig.size() == 1 && nav.size() == 1) {
            double[] out = new double[re.length];
            for (int i = 0; i < re.length; i++) {
                out[i] = im == null ? re[i] : Math.hypot(re[i], im[i]);
            }
            return new Planes(out, sig.get(0).size(), nav.get(0).size(), sig.get(0), nav.get(0));
        }
        return null;
    }

    /** Each pixel's spectrum summed (NaN channels skipped): the sum image of a spectrum image. */
    public static double[] sumOverLastAxis(double[] re, double[] im, int channels) {
        double[] out = new double[re.length / channels];
        for (int p = 0; p < out.length; p++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int i = p * channels + c;
                double v = im == null ? re[i] : Math.hypot(re[i], im[i]);
                if (Double.isFinite(v)) {
                    sum += v;
                }
            }
            out[p] = sum;
        }
        return out;
    }
}
