package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.matdx.lca.ProductFootprint;

/**
 * A product's carbon footprint as a waterfall, drawn on the server as SVG: each part and process
 * step a bar starting where the previous one ended, the total last. A part without a figure is
 * drawn as an empty, dashed bar marked "unassessed" (never as zero width without saying so).
 */
public final class Waterfall {
    static final int WIDTH = 760;
    static final int LABEL = 280;
    static final int ROW = 22;

    private Waterfall() {
    }

    record Bar(String label, Double value, boolean process, String note) {
    }

    public static String svg(ProductFootprint f, String unassessedWord, String totalWord) {
        List<Bar> bars = new ArrayList<>();
        for (ProductFootprint.Part p : f.parts()) {
            bars.add(new Bar(p.path(), p.gwp(), false, p.gwp() == null ? unassessedWord : null));
        }
        for (ProductFootprint.Step s : f.steps()) {
            bars.add(new Bar(s.path() + " : " + s.name(), s.gwp(), true, null));
        }
        double total = Math.max(f.gwp().lowerBound(), 1e-12);
        int plot = WIDTH - LABEL - 150;
        int height = (bars.size() + 1) * ROW + 30;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"waterfall\" role=\"img\" data-testid=\"waterfall\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\"><title>").append(esc(totalWord)).append("</title>");
        double at = 0;
        int y = 4;
        for (Bar bar : bars) {
            double x0 = LABEL + plot * at / total;
            b.append("<text x=\"").append(LABEL - 6).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\" font-size=\"12\">")
                    .append(esc(shorten(bar.label()))).append("</text>");
            if (bar.value() == null) {
                b.append("<rect class=\"unassessed\" x=\"").append(fmt(x0)).append("\" y=\"").append(y + 3)
                        .append("\" width=\"40\" height=\"").append(ROW - 6)
                        .append("\" fill=\"none\" stroke=\"#8c959f\" stroke-dasharray=\"3,2\"/>")
                        .append("<text x=\"").append(fmt(x0 + 46)).append("\" y=\"").append(y + 15)
                        .append("\" font-size=\"12\" fill=\"#8c959f\">").append(esc(bar.note())).append("</text>");
            } else {
                double w = plot * bar.value() / total;
                b.append("<rect x=\"").append(fmt(x0)).append("\" y=\"").append(y + 3).append("\" width=\"").append(fmt(Math.max(w, 0.5)))
                        .append("\" height=\"").append(ROW - 6).append("\" fill=\"").append(bar.process() ? "#bf8700" : "#0969da")
                        .append("\"><title>").append(esc(bar.label() + ": " + UiFormat.num(bar.value()) + " kg CO2-eq"))
                        .append("</title></rect>")
                        .append("<text x=\"").append(fmt(x0 + w + 4)).append("\" y=\"").append(y + 15).append("\" font-size=\"11\">")
                        .append(esc(UiFormat.num(bar.value()))).append("</text>");
                at += bar.value();
            }
            y += ROW;
        }
        b.append("<line x1=\"").append(LABEL).append("\" x2=\"").append(LABEL).append("\" y1=\"0\" y2=\"").append(y)
                .append("\" stroke=\"#57606a\"/>");
        b.append("<text x=\"").append(LABEL - 6).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\" font-size=\"12\" font-weight=\"bold\">")
                .append(esc(totalWord)).append("</text>");
        double w = plot * f.gwp().lowerBound() / total;
        b.append("<rect x=\"").append(LABEL).append("\" y=\"").append(y + 3).append("\" width=\"").append(fmt(w)).append("\" height=\"")
                .append(ROW - 6).append("\" fill=\"").append(f.gwp().assessed() ? "#1f2328" : "#8c959f").append("\"/>")
                .append("<text x=\"").append(fmt(LABEL + w + 4)).append("\" y=\"").append(y + 15).append("\" font-size=\"11\" font-weight=\"bold\">")
                .append(esc((f.gwp().assessed() ? "" : "≥ ") + UiFormat.num(f.gwp().lowerBound()) + " kg CO2-eq")).append("</text>");
        return b.append("</svg>").toString();
    }

    private static String shorten(String s) {
        return s.length() <= 44 ? s : "…" + s.substring(s.length() - 43);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
