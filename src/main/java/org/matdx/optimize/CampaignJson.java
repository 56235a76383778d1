package org.matdx.optimize;

import java.util.List;
import org.matdx.core.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Campaigns and trials as JSON, the same for the HTTP API and the command line. */
public final class CampaignJson {
    private CampaignJson() {
    }

    public static ObjectNode campaign(Campaign c) {
        ObjectNode n = Json.object().put("id", c.id().toString()).put("dataset", c.datasetId().toString())
                .put("name", c.name()).put("status", c.status().code()).put("objective", c.config().objective())
                .put("goal", c.config().maximise() ? "maximize" : "minimize").put("created_at", c.createdAt().toString());
        if (c.stopRule() != null) {
            n.putObject("stopped_by").put("rule", c.stopRule()).put("reason", c.stopReason());
        }
        n.set("config", c.config().raw());
        return n;
    }

    public static ObjectNode trial(Trial t) {
        ObjectNode n = Json.object().put("id", t.id().toString()).put("seq", t.seq()).put("round", t.round())
                .put("status", t.status().code());
        n.set("parameters", t.params());
        if (t.value() != null) {
            n.put("value", t.value());
        }
        if (t.results() != null) {
            n.set("results", t.results());
        }
        if (t.reason() != null) {
            n.put("reason", t.reason());
        }
        if (t.acquisition() != null) {
            n.put("expected_improvement", t.acquisition());
        }
        if (t.entryId() != null) {
            n.put("entry", t.entryId().toString());
        }
        return n;
    }

    public static ObjectNode view(Campaigns.View v) {
        ObjectNode n = campaign(v.campaign());
        ArrayNode trials = n.putArray("trials");
        v.trials().forEach(t -> trials.add(trial(t)));
        if (v.campaign().config().multiObjective()) {
            ArrayNode front = n.putArray("pareto_front");
            v.paretoFront().forEach(t -> front.add(trial(t)));
            n.put("hypervolume", v.hypervolume());
        } else {
            v.best().ifPresent(b -> n.set("best", trial(b)));
        }
        ObjectNode counts = n.putObject("counts");
        for (TrialStatus s : TrialStatus.values()) {
            counts.put(s.code(), v.trials().stream().filter(t -> t.status() == s).count());
        }
        return n;
    }
}
