package org.matdx.informatics;

import java.util.Locale;
import java.util.Optional;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a model does better in cross-validation than the trivial one: for regression the
 * coefficient of determination R² against predicting the training mean (R² = 0), for
 * classification the balanced accuracy of its out-of-fold predictions against chance (0.5; the
 * cross-validated ROC-AUC when a card has no out-of-fold predictions). A model that does not is
 * flagged on its card, in lists and on each of its predictions.
 *
 * @param metric   {@code r2}, {@code balanced_accuracy} or {@code roc_auc}
 * @param value    its cross-validated value
 * @param baseline what the trivial model scores
 * @param useless  whether the model does no better than that
 */
public record Skill(String metric, double value, double baseline, boolean useless) {

    /** The verdict from a card's cross-validation record, if it has the numbers. */
    public static Optional<Skill> of(Task task, JsonNode cv) {
        if (task == Task.REGRESSION) {
            JsonNode r2 = cv.path("summary").path("r2").path("mean");
            return r2.isNumber() ? Optional.of(new Skill("r2", r2.asDouble(), 0, !(r2.asDouble() > 0))) : Optional.empty();
        }
        JsonNode oof = cv.path("out_of_fold");
        if (oof.path("actual").isArray() && oof.path("actual").size() == oof.path("predicted").size()
                && !oof.path("actual").isEmpty()) {
            int tp = 0;
            int fn = 0;
            int tn = 0;
            int fp = 0;
            for (int i = 0; i < oof.get("actual").size(); i++) {
                boolean actual = oof.get("actual").get(i).asDouble() >= 0.5;
                boolean predicted = oof.get("predicted").get(i).asDouble() >= 0.5;
                if (actual) {
                    tp += predicted ? 1 : 0;
                    fn += predicted ? 0 : 1;
                } else {
                    tn += predicted ? 0 : 1;
                    fp += predicted ? 1 : 0;
                }
            }
            if (tp + fn > 0 && tn + fp > 0) {
                double ba = 0.5 * ((double) tp / (tp + fn) + (double) tn / (tn + fp));
                return Optional.of(new Skill("balanced_accuracy", ba, 0.5, !(ba > 0.5)));
            }
        }
        JsonNode auc = cv.path("summary").path("roc_auc").path("mean");
        return auc.isNumber() ? Optional.of(new Skill("roc_auc", auc.asDouble(), 0.5, !(auc.asDouble() > 0.5)))
                : Optional.empty();
    }

    /** The sentence a user reads next to the model and its predictions. */
    public String warning() {
        return switch (metric) {
            case "r2" -> String.format(Locale.ROOT, "cross-validated R² = %.2f: this model predicts worse than the mean of its "
                    + "training data would; do not rely on its values", value);
            case "balanced_accuracy" -> String.format(Locale.ROOT, "cross-validated balanced accuracy = %.2f: no better than "
                    + "chance (0.5); do not rely on its labels", value);
            default -> String.format(Locale.ROOT, "cross-validated ROC-AUC = %.2f: no better than chance (0.5); do not rely on "
                    + "its labels", value);
        };
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object().put("metric", metric).put("value", value).put("baseline", baseline)
                .put("better_than_baseline", !useless);
        if (useless) {
            n.put("warning", warning());
        }
        return n;
    }
}
