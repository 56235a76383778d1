package org.matdx.web.ui;

import java.util.List;
import org.matdx.core.Json;

/** The models pages are drawn in the browser from the models API; this gives their script its labels. */
public final class ModelsPage {
    static final List<String> SCRIPT_LABELS = List.of("cv_title", "mean_std", "importance_title", "parity_title",
            "parity_none", "parity_actual", "parity_predicted", "fact_target", "fact_task", "fact_features", "fact_algorithm",
            "fact_rows", "fact_privacy", "fact_resolution", "fact_utility", "fact_attack", "no_skill", "no_skill_short",
            "outside_domain", "in_domain", "domain_unchecked", "fact_uncertainty");

    private ModelsPage() {
    }

    public static String labels(Page page) {
        var n = Json.object();
        SCRIPT_LABELS.forEach(k -> n.put(k, page.t("models." + k)));
        return Json.write(n).replace("</", "<\\/");
    }
}
