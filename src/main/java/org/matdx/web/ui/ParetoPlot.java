package org.matdx.web.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.matdx.core.Json;
import org.matdx.optimize.CampaignConfig;
import org.matdx.optimize.Campaigns;
import org.matdx.optimize.Trial;
import org.matdx.optimize.TrialStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Pareto plot of a campaign with several objectives: every completed trial in the first two
 * objectives, the non-dominated ones (as {@link Campaigns.View#paretoFront()} finds them, over all
 * objectives) highlighted — and, with two objectives, joined into the front — and the front's
 * hypervolume ({@link Campaigns.View#hypervolume()}).
 */
public record ParetoPlot(String json, int trials, List<Trial> front, double hypervolume, String hypervolumeUnit,
                         List<CampaignConfig.Objective> objectives) {

    /** The plot, or null for a single-objective campaign. */
    public static ParetoPlot of(Campaigns.View v, Messages m) {
        List<CampaignConfig.Objective> objs = v.campaign().config().objectives();
        if (objs.size() < 2) {
            return null;
        }
        CampaignConfig.Objective ox = objs.get(0);
        CampaignConfig.Objective oy = objs.get(1);
        record Point(Trial t, double x, double y) {
        }
        List<Point> points = new ArrayList<>();
        for (Trial t : v.trials()) {
            Double x = value(t, ox, true);
            Double y = value(t, oy, false);
            if (t.status() == TrialStatus.COMPLETED && x != null && y != null) {
                points.add(new Point(t, x, y));
            }
        }
        points.sort(Comparator.comparingDouble(Point::x).thenComparingDouble(Point::y));
        List<Trial> front = v.paretoFront();
        Set<UUID> onFront = new HashSet<>();
        front.forEach(t -> onFront.add(t.id()));
        ObjectNode spec = Json.object().put("title", "").put("xLabel", label(ox)).put("yAxis", label(oy));
        spec.putArray("yLabels").add(m.t("campaign.pareto_trials")).add(m.t("campaign.pareto_front"));
        ArrayNode styles = spec.putArray("styles");
        styles.addObject().put("points", true).put("line", false).put("colour", "#8c959f").put("size", 6);
        ObjectNode fs = styles.addObject().put("points", true).put("colour", "#d1242f").put("size", 9);
        if (objs.size() == 2) {
            fs.put("spanGaps", true).put("width", 1.5);
        } else {
            fs.put("line", false); // over three or more objectives, joining a projection of the front means nothing
        }
        ArrayNode data = spec.putArray("data");
        ArrayNode xs = data.addArray();
        ArrayNode all = data.addArray();
        ArrayNode best = data.addArray();
        for (Point p : points) {
            xs.add(p.x());
            all.add(p.y());
            if (onFront.contains(p.t().id())) {
                best.add(p.y());
            } else {
                best.addNull();
            }
        }
        String unit = String.join("·", objs.stream().map(CampaignConfig.Objective::unit).filter(u -> !u.isEmpty()).toList());
        List<Trial> frontByX = new ArrayList<>(front);
        frontByX.sort(Comparator.comparingDouble(t -> value(t, ox, true)));
        return new ParetoPlot(Json.write(spec), points.size(), frontByX, v.hypervolume(), unit, objs);
    }

    /** A trial's measured value of an objective, as recorded (the first objective is also the trial's value). */
    static Double value(Trial t, CampaignConfig.Objective o, boolean first) {
        JsonNode x = t.results() == null ? null : t.results().get(o.name());
        if (x != null && x.isNumber()) {
            return x.asDouble();
        }
        return first ? t.value() : null;
    }

    public Double value(Trial t, int objective) {
        return value(t, objectives.get(objective), objective == 0);
    }

    static String label(CampaignConfig.Objective o) {
        return (o.maximise() ? "↑ " : "↓ ") + o.name() + (o.unit().isEmpty() ? "" : " / " + o.unit());
    }
}
