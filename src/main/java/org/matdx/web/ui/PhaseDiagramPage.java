package org.matdx.web.ui;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.matdx.stability.PhaseDiagrams;
import org.matdx.web.Requests;

/**
 * {@code /phase-diagram?system=Li-Fe-O}: the hull of the caller's readable entries drawn as
 * Materials Project users know it — energy against composition for a binary, Gibbs triangle with
 * tie lines for a ternary, the table alone beyond — with each entry's energy above the hull and
 * decomposition ({@link PhaseDiagrams}).
 */
public final class PhaseDiagramPage {
    static final int WIDTH = 560;
    static final int HEIGHT = 420;
    static final double PAD = 48;

    /** A phase on the drawing: where, filled when on the hull, coloured by energy above it. */
    public record Dot(double x, double y, boolean stable, String colour, String label, String tip) {
    }

    public record Line(double x1, double y1, double x2, double y2) {
    }

    /** An axis or corner label. */
    public record Label(double x, double y, String text, String anchor) {
    }

    public record View(String system, PhaseDiagrams.Diagram diagram, String kind, List<Dot> dots, List<Line> lines,
                       List<Label> labels) {
        public boolean drawn() {
            return !dots.isEmpty() || !lines.isEmpty();
        }

        public static String fmt(double v) {
            return String.format(Locale.ROOT, "%.3f", v);
        }

        public static String decomposition(PhaseDiagrams.Phase p) {
            StringBuilder sb = new StringBuilder();
            for (PhaseDiagrams.Part part : p.decomposition()) {
                sb.append(sb.isEmpty() ? "" : " + ").append(String.format(Locale.ROOT, "%.3f ", part.fraction())).append(part.formula());
            }
            return sb.toString();
        }
    }

    private final PhaseDiagrams diagrams;

    PhaseDiagramPage(PhaseDiagrams diagrams) {
        this.diagrams = diagrams;
    }

    void show(Context ctx) {
        String system = ctx.queryParam("system");
        if (system == null || system.isBlank()) {
            Pages.render(ctx, "phase-diagram.jte", Map.of("view", new View("", null, "none", List.of(), List.of(), List.of())));
            return;
        }
        PhaseDiagrams.Diagram d = diagrams.of(Requests.caller(ctx), system);
        Pages.render(ctx, "phase-diagram.jte", Map.of("view", view(system, d)));
    }

    static View view(String system, PhaseDiagrams.Diagram d) {
        List<Dot> dots = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        int n = d.elements().size();
        if (n == 2) {
            double lowest = Math.min(-0.1, d.phases().stream().mapToDouble(PhaseDiagrams.Phase::formationEnergy).min().orElse(0));
            double highest = Math.max(0.1, d.phases().stream().mapToDouble(PhaseDiagrams.Phase::formationEnergy).max().orElse(0));
            double span = highest - lowest;
            DoubleUnaryOperator sx = f -> PAD + f * (WIDTH - 2 * PAD);
            DoubleUnaryOperator sy = e -> PAD / 2 + (highest - e) / span * (HEIGHT - 1.5 * PAD);
            // the hull: the elements at zero and every vertex, by composition
            List<double[]> hull = new ArrayList<>(List.of(new double[] {0, 0}, new double[] {1, 0}));
            d.stable().forEach(p -> hull.add(new double[] {p.fractions()[1], p.formationEnergy()}));
            hull.sort(Comparator.comparingDouble(h -> h[0]));
            for (int i = 1; i < hull.size(); i++) {
                lines.add(new Line(sx.applyAsDouble(hull.get(i - 1)[0]), sy.applyAsDouble(hull.get(i - 1)[1]),
                        sx.applyAsDouble(hull.get(i)[0]), sy.applyAsDouble(hull.get(i)[1])));
            }
            for (PhaseDiagrams.Phase p : d.phases()) {
                dots.add(dot(p, sx.applyAsDouble(p.fractions()[1]), sy.applyAsDouble(p.formationEnergy())));
            }
            labels.add(new Label(PAD, HEIGHT - 8, d.elements().get(0), "middle"));
            labels.add(new Label(WIDTH - PAD, HEIGHT - 8, d.elements().get(1), "middle"));
            labels.add(new Label(6, sy.applyAsDouble(0) + 4, "0", "start"));
            labels.add(new Label(6, sy.applyAsDouble(lowest) + 4, View.fmt(lowest), "start"));
            return new View(system, d, "binary", dots, lines, labels);
        }
        if (n == 3) {
            // the largest equilateral triangle that fits, its base on the bottom margin
            double side = Math.min(WIDTH - 2 * PAD, (HEIGHT - 2 * PAD) / (Math.sqrt(3) / 2));
            double left = (WIDTH - side) / 2;
            double[][] corner = {{left, HEIGHT - PAD}, {left + side, HEIGHT - PAD}, {WIDTH / 2.0, HEIGHT - PAD - side * Math.sqrt(3) / 2}};
            Function<double[], double[]> at = f -> new double[] {
                    f[0] * corner[0][0] + f[1] * corner[1][0] + f[2] * corner[2][0],
                    f[0] * corner[0][1] + f[1] * corner[1][1] + f[2] * corner[2][1]};
            for (int k = 0; k < 3; k++) {
                int m = (k + 1) % 3;
                lines.add(new Line(corner[k][0], corner[k][1], corner[m][0], corner[m][1]));
                labels.add(new Label(corner[k][0], corner[k][1] + (k == 2 ? -10 : 22), d.elements().get(k), "middle"));
            }
            // tie lines: phases (and elements) that coexist in some decomposition
            Set<String> seen = new LinkedHashSet<>();
            for (PhaseDiagrams.Phase p : d.phases()) {
                List<double[]> members = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                for (PhaseDiagrams.Part part : p.decomposition()) {
                    double[] f = part.entry() == null ? unit(d.elements().indexOf(part.formula()))
                            : d.phases().stream().filter(q -> part.entry().equals(q.entry())).findFirst().map(PhaseDiagrams.Phase::fractions)
                                    .orElse(null);
                    if (f != null) {
                        members.add(f);
                        keys.add(part.entry() == null ? part.formula() : part.entry().toString());
                    }
                }
                for (int i = 0; i < members.size(); i++) {
                    for (int j = i + 1; j < members.size(); j++) {
                        String key = keys.get(i).compareTo(keys.get(j)) < 0 ? keys.get(i) + keys.get(j) : keys.get(j) + keys.get(i);
                        if (seen.add(key)) {
                            double[] a = at.apply(members.get(i));
                            double[] b = at.apply(members.get(j));
                            lines.add(new Line(a[0], a[1], b[0], b[1]));
                        }
                    }
                }
            }
            for (PhaseDiagrams.Phase p : d.phases()) {
                double[] xy = at.apply(p.fractions());
                dots.add(dot(p, xy[0], xy[1]));
            }
            return new View(system, d, "ternary", dots, lines, labels);
        }
        return new View(system, d, "table", dots, lines, labels);
    }

    private static double[] unit(int k) {
        double[] f = new double[3];
        f[k] = 1;
        return f;
    }

    private static Dot dot(PhaseDiagrams.Phase p, double x, double y) {
        // 0 to 0.2 eV/atom above the hull: the range where metastable phases are still made
        String colour = p.stable() ? "#1f2328" : Colours.viridis(Math.min(1, p.eAboveHull() / 0.2));
        String tip = p.formula() + ": " + View.fmt(p.formationEnergy()) + " eV/atom, " + View.fmt(p.eAboveHull()) + " eV/atom above the hull";
        return new Dot(x, y, p.stable(), colour, p.stable() ? p.formula() : "", tip);
    }
}
