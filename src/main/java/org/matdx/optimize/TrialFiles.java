package org.matdx.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.UUID;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.Quantity;
import org.matdx.core.RequestContext;
import org.matdx.formats.Parsed;
import org.matdx.ingest.Ingest;
import org.matdx.ingest.IngestResult;
import org.matdx.ingest.Upload;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A trial's result as the instrument leaves it: raw files, structured like any upload into the
 * campaign's dataset, with the objective values given alongside or read from the files (a property
 * of that name, e.g. a table column "relative_density"). Everything is checked before anything is
 * stored: a file that does not read, or a result that lacks an objective, leaves the trial open
 * and stores nothing. An objective of source {@code xrd} comes from phase identification of the
 * trial's powder pattern ({@link PhaseObjectives}).
 */
public final class TrialFiles {
    private final Campaigns campaigns;
    private final Ingest ingest;
    private final PhaseObjectives phases;

    public TrialFiles(Campaigns campaigns, Ingest ingest, PhaseObjectives phases) {
        this.campaigns = campaigns;
        this.ingest = ingest;
        this.phases = phases;
    }

    /**
     * Completes the trial with its files: each becomes an entry (through the structuring pipeline),
     * the result lists them under {@code files}, and values missing from {@code given} come from the
     * files' properties. The uploads are consumed (stored or discarded).
     */
    public Trial complete(RequestContext context, UUID campaignId, UUID trialId, JsonNode given, List<Upload> files, String template,
                          String lang) {
        boolean handedOver = false;
        try {
            if (files.isEmpty()) {
                throw Problem.invalid("file", "send the trial's raw files as 'file' parts, or post the values as JSON");
            }
            Campaigns.View v = campaigns.view(context, campaignId);
            Trial t = v.trials().stream().filter(x -> x.id().equals(trialId)).findFirst()
                    .orElseThrow(() -> Problem.notFound("trial", trialId));
            if (!t.open()) {
                throw new Problem(Problem.Type.CONFLICT, "trial " + t.seq() + " is " + t.status());
            }
            CampaignConfig cfg = v.campaign().config();
            ObjectNode results = given != null && given.isObject() ? ((ObjectNode) given).deepCopy() : Json.object();
            Ingest.Options options = new Ingest.Options(template == null || template.isBlank() ? "auto" : template, null,
                    lang);
            // read every file once, first: a broken file stops here, and values the result lacks come from them
            List<Parsed> records = new ArrayList<>();
            for (Upload u : files) {
                records.addAll(ingest.preview(u, options));
            }
            List<Problem.Issue> missing = new ArrayList<>();
            for (CampaignConfig.Objective o : cfg.objectives()) {
                if (o.computed() || results.path(o.name()).isNumber()) {
                    continue;
                }
                Double found = o.xrd() != null
                        ? boxed(phases.value(context, o.xrd(), records, cfg.composition(cfg.raw(t.params())).orElse(null)))
                        : valueIn(records, o.name());
                if (found != null) {
                    results.put(o.name(), found);
                } else {
                    missing.add(new Problem.Issue(o.name(), "neither the result nor the files ("
                            + String.join(", ", files.stream().map(Upload::name).toList()) + ") give the objective '" + o.name() + "'"
                            + (o.xrd() != null ? " (it is read from a powder pattern; none of the files holds one)" : "")));
                }
            }
            if (!missing.isEmpty()) {
                throw Problem.invalid(missing);
            }
            handedOver = true;
            List<JsonNode> stored = new ArrayList<>();
            List<Upload> left = new ArrayList<>(files);
            while (!left.isEmpty()) {
                Upload u = left.removeFirst();
                IngestResult r = ingest.ingestFile(context, v.campaign().datasetId(), u, List.of(), options);
                if (!r.ok()) {
                    ingest.discard(left);
                    throw new Problem(Problem.Type.UNPROCESSABLE, r.error(), r.issues());
                }
                ObjectNode f = Json.object().put("file", u.name()).put("template", r.template());
                var ids = f.putArray("entries");
                r.entries().forEach(id -> ids.add(id.toString()));
                stored.add(f);
            }
            var list = results.putArray("files");
            stored.forEach(list::add);
            return campaigns.complete(context, campaignId, trialId, results);
        } finally {
            if (!handedOver) {
                ingest.discard(files);
            }
        }
    }

    private static Double boxed(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }

    /** The first numeric property of that name in the file's records (case and separators ignored). */
    static Double valueIn(List<Parsed> records, String name) {
        String key = normalise(name);
        for (Parsed p : records) {
            for (var e : p.properties().entrySet()) {
                Quantity q = e.getValue();
                if (normalise(e.getKey()).equals(key) && q != null && Double.isFinite(q.value())) {
                    return q.value();
                }
            }
        }
        return null;
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
