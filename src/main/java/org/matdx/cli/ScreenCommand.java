package org.matdx.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.informatics.ModelService;
import org.matdx.jobs.JobHandler;
import org.matdx.elementstrategy.PropertyPredictor;
import org.matdx.elementstrategy.ScreenJson;
import org.matdx.elementstrategy.ScreenRequest;
import org.matdx.elementstrategy.ScreenService;
import org.matdx.store.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code matdx screen FORMULA …}: substitution screening of risky elements against a property model. */
@Command(name = "screen", description = {
        "Substitute the risky elements of a composition by chemically similar ones, predict a property with "
                + "uncertainty and print the Pareto front of property against supply risk.",
        "Example: matdx screen In2O3 --dataset 'Optical band gaps of common oxides' --property band_gap"})
final class ScreenCommand extends PlatformCommand<ScreenCommand.Uses> {

    /** What a screen uses. */
    record Uses(UserStore users, Catalog catalog, ScreenService screens, ModelService models) implements PlatformCommand.Users {
    }

    @Parameters(index = "0", paramLabel = "FORMULA", description = "Starting composition, e.g. LiCoO2.")
    String formula;

    @Option(names = "--dataset", paramLabel = "ID|TITLE", description = "Fit the baseline model on this dataset's entries.")
    String dataset;

    @Option(names = "--property", paramLabel = "NAME", description = "Property to predict, e.g. band_gap (with --dataset).")
    String property;

    @Option(names = "--model", paramLabel = "MODEL", description = "A registered model (its name as on /models, or its id) instead of a baseline.")
    String model;

    @Option(names = "--goal", defaultValue = "maximize", paramLabel = "GOAL",
            description = "maximize, minimize or target=VALUE (default: ${DEFAULT-VALUE}).")
    String goal;

    @Option(names = "--risk", defaultValue = "hhi_production", paramLabel = "SCORE",
            description = "Risk score to minimise: hhi_production, hhi_reserve, critical_fraction_eu|usgs|doe|japan, "
                    + "cost_usd_per_kg, ghg_kg_co2eq_per_kg, abundance_mg_per_kg (default: ${DEFAULT-VALUE}).")
    String risk;

    @Option(names = "--replace", split = ",", paramLabel = "EL", description = "Elements to replace (default: the risky ones).")
    List<String> replace = new ArrayList<>();

    @Option(names = "--with", split = ",", paramLabel = "EL", description = "Also try these replacements.")
    List<String> with = new ArrayList<>();

    @Option(names = "--fractions", split = ",", paramLabel = "X", description = "Fractions to substitute (default: 0.25,0.5,0.75,1).")
    List<Double> fractions = new ArrayList<>();

    @Option(names = "--window", defaultValue = "3", description = "Mendeleev-number window (default: ${DEFAULT-VALUE}; 0: off).")
    int window;

    @Option(names = "--no-same-group", description = "Do not propose members of the same group.")
    boolean noSameGroup;

    @Option(names = "--pairs", description = "Also combine substitutions of two different elements.")
    boolean pairs;

    @Option(names = "--kappa", defaultValue = "0", description = "Rank by mean − κ·σ (pessimistic) instead of the mean.")
    double kappa;

    @Option(names = "--as", paramLabel = "USERNAME", description = "Fit on what this user may read (default: the operator, who reads all).")
    String as;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    protected int run(Uses p) {
        Caller caller = as(p, as, Scope.READ);
        ObjectNode body = Json.object().put("formula", formula).put("risk", risk).put("mendeleev_window", window)
                .put("same_group", !noSameGroup).put("pairs", pairs).put("kappa", kappa);
        if (model != null) {
            // the name shown on /models (or a model id) as well as the screen registry's own names
            boolean registered = p.screens().models().names().contains(model);
            body.put("model", registered ? model : "model:" + ModelCommand.AsCaller.modelId(p.models(), caller, model));
        } else {
            if (dataset == null || property == null) {
                throw Problem.invalid("--dataset", "give --dataset and --property to fit a baseline model, or --model NAME");
            }
            body.putObject("model").putObject("baseline").put("dataset", datasetId(p.catalog(), caller).toString())
                    .put("property", property);
        }
        if (goal.toLowerCase(Locale.ROOT).startsWith("target=")) {
            try {
                body.putObject("goal").put("target", Double.parseDouble(goal.substring(7)));
            } catch (NumberFormatException e) {
                throw Problem.invalid("--goal", "target=VALUE needs a number, e.g. target=3.4");
            }
        } else {
            body.put("goal", goal);
        }
        replace.forEach(body.withArray("replace")::add);
        with.forEach(body.withArray("with")::add);
        fractions.forEach(body.withArray("fractions")::add);
        ScreenJson.Spec spec = ScreenJson.parse(body, ScreenRequest.DEFAULT_MAX);
        PropertyPredictor predictor = p.screens().model(RequestContext.cli(caller), spec.model());
        JsonNode result;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("screening").setInitialMax(1000)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
                .build()) {
            result = p.screens().run(spec, predictor, new JobHandler.Progress() {
                @Override
                public void report(double fraction, String message) {
                    bar.stepTo(Math.round(fraction * 1000));
                    bar.setExtraMessage(message);
                }

                @Override
                public boolean cancelled() {
                    return false;
                }
            });
        }
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return 0;
        }
        print(result);
        return 0;
    }

    private UUID datasetId(Catalog catalog, Caller caller) {
        UUID id = Ids.parseOrNull(dataset);
        if (id != null) {
            return id;
        }
        String cursor = null;
        do {
            var page = catalog.datasets(caller, cursor, Catalog.MAX_PAGE);
            for (var v : page.items()) {
                if (v.dataset().title().equalsIgnoreCase(dataset.strip())) {
                    return v.dataset().id();
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        throw Problem.notFound("dataset", dataset);
    }

    static void print(JsonNode r) {
        String unit = r.get("unit").asString();
        System.out.printf("%s: %s with %s (%s), risk %s; %d compositions evaluated%s%n", r.get("start").asString(),
                r.get("goal").asString() + " " + r.get("property").asString(), r.get("model").asString(),
                unit, r.get("risk").asString(), r.get("evaluated").asInt(),
                r.get("risk_unknown").asInt() > 0 ? ", " + r.get("risk_unknown").asInt() + " without a computable risk" : "");
        System.out.printf("replaced: %s%n", String.join(", ", r.get("replaced").valueStream().map(JsonNode::asString).toList()));
        System.out.printf("%-28s %-22s %18s %12s%n", "composition", "change", "predicted", "risk");
        row(r.get("start_candidate"), unit);
        System.out.println("Pareto front (lowest risk first):");
        r.get("front").forEach(c -> row(c, unit));
    }

    private static void row(JsonNode c, String unit) {
        String risk = c.get("risk").isNull() ? "—" : String.format(Locale.ROOT, "%.4g", c.get("risk").asDouble());
        System.out.printf("%-28s %-22s %8.3f ± %-5.3f %s %10s%n", c.get("formula").asString(), c.get("change").asString(),
                c.get("mean").asDouble(), c.get("std").asDouble(), unit, risk);
    }
}
