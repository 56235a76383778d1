package org.matdx.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.matdx.catalog.Catalog;
import org.matdx.core.Caller;
import org.matdx.core.Composition;
import org.matdx.core.FormulaException;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Page;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.core.Scope;
import org.matdx.core.SpreadsheetCells;
import org.matdx.store.UserStore;
import org.matdx.informatics.ModelJson;
import org.matdx.informatics.ModelRecord;
import org.matdx.informatics.ModelService;
import org.matdx.informatics.ModelView;
import org.matdx.informatics.PredictionResult;
import org.matdx.informatics.Task;
import org.matdx.informatics.TrainRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code matdx model train|list|show|predict}: property models trained on datasets (docs/informatics.md). */
@Command(name = "model", description = "Train property models on datasets, list them, and predict with them.",
        subcommands = {ModelCommand.Train.class, ModelCommand.ListModels.class, ModelCommand.Show.class,
                ModelCommand.Predict.class})
final class ModelCommand {

    /** What the model commands use. */
    record Uses(UserStore users, Catalog catalog, ModelService models) implements PlatformCommand.Users {
    }

    /** Acting as the operator (reads everything) or as a named user (reads what they may). */
    abstract static class AsCaller<C extends PlatformCommand.Users> extends PlatformCommand<C> {
        @Option(names = "--as", paramLabel = "USERNAME", description = "Act as this user (default: the operator, who reads all).")
        String as;

        Caller caller(PlatformCommand.Users p, Scope scope) {
            return PlatformCommand.as(p, as, scope);
        }

        /** A model by id, or by name among the models the caller may use. */
        static UUID modelId(ModelService models, Caller caller, String ref) {
            UUID id = Ids.parseOrNull(ref);
            if (id != null) {
                return id;
            }
            List<UUID> found = new ArrayList<>();
            String cursor = null;
            do {
                Page<ModelView> page = models.list(caller, cursor, 200);
                page.items().stream().filter(v -> v.model().name().equalsIgnoreCase(ref.strip()))
                        .forEach(v -> found.add(v.model().id()));
                cursor = page.nextCursor();
            } while (cursor != null);
            if (found.isEmpty()) {
                throw Problem.notFound("model", ref);
            }
            if (found.size() > 1) {
                throw Problem.invalid("--model", found.size() + " models are named '" + ref + "'; give the id");
            }
            return found.get(0);
        }
    }

    abstract static class Base extends AsCaller<Uses> {
    }

    @Command(name = "train", description = {"Train a model (feature search, cross-validation, ensemble) and register it.",
            "Example: matdx model train --dataset 'Optical band gaps of common oxides' --target band_gap"})
    static final class Train extends Base {
        @Option(names = "--dataset", required = true, paramLabel = "ID|TITLE", description = "Dataset to learn from (repeatable).")
        List<String> datasets;

        @Option(names = "--target", required = true, paramLabel = "PROPERTY", description = "Property to predict, e.g. band_gap.")
        String target;

        @Option(names = "--task", description = "regression or classification (default: classification when every target is 0 or 1, else regression).")
        String task;

        @Option(names = "--name", description = "Name of the model (default: from the target).")
        String name;

        @Option(names = "--features", defaultValue = TrainRequest.DEFAULT_FEATURES,
                description = "a composition feature set: magpie, magpie+fractions, magpie+oxidation+fractions, … (default: ${DEFAULT-VALUE}).")
        String features;

        @Option(names = "--members", defaultValue = "5", description = "Ensemble members (default: ${DEFAULT-VALUE}).")
        int members;

        @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
        int folds;

        @Option(names = "--search-seconds", defaultValue = "20", description = "Hyper-parameter search budget; 0: off (default: ${DEFAULT-VALUE}).")
        int searchSeconds;

        @Option(names = "--private", description = "Only you may use the model (default: as wide as its datasets allow).")
        boolean privateModel;

        @Option(names = "--json", description = "Print the model card as JSON.")
        boolean json;

        @Override
        protected int run(Uses p) {
            Caller caller = caller(p, Scope.WRITE);
            ObjectNode body = Json.object().put("target", target).put("features", features)
                    .put("members", members).put("folds", folds).put("search_seconds", searchSeconds)
                    .put("private", privateModel);
            if (name != null) {
                body.put("name", name);
            }
            if (task != null) {
                body.put("task", task);
            }
            var ds = body.putArray("datasets");
            for (String d : datasets) {
                ds.add(datasetId(p.catalog(), caller, d).toString());
            }
            TrainRequest req = TrainRequest.parse(body);
            ModelRecord m;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("training").setInitialMax(1000)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err)).build()) {
                m = p.models().train(RequestContext.cli(caller), req, null, (f, stage) -> {
                    bar.stepTo(Math.round(f * 1000));
                    bar.setExtraMessage(stage);
                    return true;
                });
                bar.stepTo(1000);
            }
            ModelView v = p.models().card(caller, m.id());
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ModelJson.card(v)));
            } else {
                printCard(ModelJson.card(v));
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the models you may use.")
    static final class ListModels extends Base {
        @Override
        protected int run(Uses p) {
            Caller caller = caller(p, Scope.READ);
            System.out.printf("%-36s  %-40s %-14s %-10s %s%n", "id", "name", "target", "access", "cross-validated");
            String cursor = null;
            do {
                Page<ModelView> page = p.models().list(caller, cursor, 200);
                for (ModelView v : page.items()) {
                    JsonNode card = ModelJson.card(v);
                    System.out.printf("%-36s  %-40s %-14s %-10s %s%n", v.model().id(), v.model().name(), v.model().target(),
                            card.get("access").asString(), (card.has("cross_validation") ? score(card) : "withheld")
                                    + (card.has("warning") ? "  WORSE THAN THE MEAN" : ""));
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            return 0;
        }
    }

    @Command(name = "show", description = "Show a model card.")
    static final class Show extends Base {
        @Parameters(index = "0", paramLabel = "MODEL", description = "Model id or name.")
        String model;

        @Option(names = "--json", description = "Print the card as JSON.")
        boolean json;

        @Option(names = "--id", description = "Print only the model's id (for scripts: MODEL=$(matdx model show NAME --id)).")
        boolean idOnly;

        @Override
        protected int run(Uses p) {
            Caller caller = caller(p, Scope.READ);
            ModelView view = p.models().card(caller, modelId(p.models(), caller, model));
            if (idOnly) {
                System.out.println(view.model().id());
                return 0;
            }
            ObjectNode card = ModelJson.card(view);
            card.set("applicability_domain", p.models().domainOnCard(view));
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(card));
            } else {
                printCard(card);
            }
            return 0;
        }
    }

    @Command(name = "predict", description = {"Predict for each composition of a CSV with a 'formula' column; prints CSV.",
            "Example: matdx model predict --model 'band gap of oxides' candidates.csv"})
    static final class Predict extends Base {
        @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model id or name.")
        String model;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.csv", description = "CSV with a 'formula' (or 'composition') column.")
        Path file;

        @Option(names = "--formula", paramLabel = "FORMULA", description = "A composition to predict (repeatable), instead of a CSV.")
        List<String> formulas = new ArrayList<>();

        @Option(names = "--json", description = "Print JSON instead of CSV.")
        boolean json;

        @Override
        protected int run(Uses p) throws IOException {
            Caller caller = caller(p, Scope.READ);
            UUID id = modelId(p.models(), caller, model);
            ModelView v = p.models().card(caller, id);
            List<Composition> cs = new ArrayList<>();
            if ((file == null) == formulas.isEmpty()) {
                throw Problem.invalid("FILE", "give a CSV file with a 'formula' column or --formula FORMULA (one or more), not both");
            }
            if (file != null) {
                if (!Files.isRegularFile(file)) {
                    throw Problem.invalid("FILE", "no file '" + file + "'");
                }
                try (InputStream in = Files.newInputStream(file)) {
                    cs = ModelJson.csv(in, file.toString());
                }
            }
            for (String f : formulas) {
                try {
                    cs.add(Composition.parse(f));
                } catch (FormulaException e) {
                    throw Problem.invalid("--formula", "'" + f + "' is not a formula: " + e.getMessage());
                }
            }
            List<PredictionResult> results = p.models().predict(RequestContext.cli(caller), id, cs);
            if (json) {
                ObjectNode n = Json.object().put("model", id.toString());
                var items = n.putArray("predictions");
                results.forEach(r -> items.add(ModelJson.prediction(r, v.model())));
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n));
                return 0;
            }
            boolean cls = v.model().task() == Task.CLASSIFICATION;
            // the model's unit is whatever its trainer typed: written as spreadsheet-safe CSV
            var csv = new CSVPrinter(new PrintWriter(System.out, true,
                    StandardCharsets.UTF_8), CSVFormat.RFC4180.builder()
                    .setRecordSeparator('\n').get());
            csv.printRecord("formula", cls ? "probability" : "prediction", "uncertainty", "unit", "top_contributions", "warnings");
            for (PredictionResult r : results) {
                StringBuilder top = new StringBuilder();
                for (PredictionResult.Contribution c : r.contributions()) {
                    if (!top.isEmpty()) {
                        top.append("; ");
                    }
                    top.append(String.format(Locale.ROOT, "%s %+.3g", c.feature(), c.contribution()));
                }
                csv.printRecord(Stream.of(r.composition().reducedFormula(),
                        String.format(Locale.ROOT, "%.4f", r.value()), String.format(Locale.ROOT, "%.4f", r.uncertainty()),
                        cls ? "" : v.model().unit(), top.toString(), String.join("; ", r.warnings()))
                        .map(SpreadsheetCells::safe).toList());
            }
            csv.flush();
            return 0;
        }
    }

    static String score(JsonNode card) {
        JsonNode s = card.path("cross_validation").path("summary");
        String key = s.has("mae") ? "mae" : "roc_auc";
        return String.format(Locale.ROOT, "%s %.4g ± %.2g", key.toUpperCase(Locale.ROOT), s.path(key).path("mean").asDouble(),
                s.path(key).path("std").asDouble());
    }

    static void printCard(JsonNode c) {
        System.out.printf("model %s: %s%n", c.get("id").asString(), c.get("name").asString());
        if (c.has("warning")) {
            System.out.println("  WARNING: " + c.get("warning").asString());
        }
        System.out.printf("  predicts %s%s (%s) from %s features; %s%n", c.get("target").asString(),
                c.get("unit").asString().isEmpty() ? "" : " [" + c.get("unit").asString() + "]", c.get("task").asString(),
                c.get("features").asString(), c.path("algorithm").path("name").asString());
        if (c.has("cross_validation")) {
            JsonNode cv = c.get("cross_validation");
            System.out.printf("  trained on %d rows; %d-fold cross-validation:%n", c.get("training_rows").asInt(),
                    cv.get("folds").asInt());
            cv.get("summary").properties().forEach(e -> System.out.printf(Locale.ROOT, "    %-9s %.4f ± %.4f%n",
                    e.getKey(), e.getValue().get("mean").asDouble(), e.getValue().get("std").asDouble()));
            System.out.println("  most important features (share of gain):");
            int[] i = {0};
            c.get("importance").properties().forEach(e -> {
                if (i[0]++ < 8) {
                    System.out.printf(Locale.ROOT, "    %-32s %.3f%n", e.getKey(), e.getValue().asDouble());
                }
            });
            System.out.println("  learned from:");
            c.get("inputs").forEach(in -> System.out.printf("    %s %s (%d rows)%n", in.get("dataset").asString(),
                    in.path("title").asString(), in.get("rows").asInt()));
        } else {
            System.out.println("  " + c.get("withheld").asString());
        }
    }

    static UUID datasetId(Catalog catalog, Caller caller, String ref) {
        UUID id = Ids.parseOrNull(ref);
        if (id != null) {
            return id;
        }
        String cursor = null;
        do {
            var page = catalog.datasets(caller, cursor, Catalog.MAX_PAGE);
            for (var v : page.items()) {
                if (v.dataset().title().equalsIgnoreCase(ref.strip())) {
                    return v.dataset().id();
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        throw Problem.notFound("dataset", ref);
    }
}
