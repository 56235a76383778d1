package org.matdx.informatics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.matdx.access.Visibility;
import org.matdx.catalog.Catalog;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.Outcome;
import org.matdx.core.Page;
import org.matdx.core.Problem;
import org.matdx.core.Quantity;
import org.matdx.core.RequestContext;
import org.matdx.core.Structure;
import org.matdx.core.StructureJson;

/**
 * The rows a model learns from (and the task they call for: the request's, else inferred from the
 * targets — {@link Task#infer}): every succeeded entry with a composition and a finite value of
 * the target, read through the catalog as the training caller may see them — so training never
 * learns from data hidden from whoever asked. Failed runs are left out (they carry no measured value).
 */
public record TrainingData(Task task, List<Composition> compositions, List<Structure> structures, double[] y, String unit,
                           List<Dataset> datasets, List<ModelInput> inputs) {

    public static TrainingData gather(Catalog catalog, ModelStore store, RequestContext context, TrainRequest req) {
        List<Composition> x = new ArrayList<>();
        List<Structure> structures = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Dataset> datasets = new ArrayList<>();
        List<ModelInput> inputs = new ArrayList<>();
        String unit = null;
        for (UUID id : req.datasets()) {
            Catalog.DatasetView view = catalog.dataset(context, id); // 404 when hidden
            if (!view.visibility().atLeast(Visibility.FULL)) {
                throw Problem.forbidden("dataset '" + id + "' shows its description only (embargoed); a model cannot learn from it");
            }
            MessageDigest sha = sha256();
            int rows = 0;
            String cursor = null;
            do {
                Page<Catalog.EntryView> page = catalog.entries(context, id, cursor, Catalog.MAX_PAGE);
                for (Catalog.EntryView v : page.items()) {
                    Entry e = v.entry();
                    Quantity q = e.properties().get(req.target());
                    if (e.composition() == null || q == null || e.outcome() != Outcome.SUCCEEDED || !Double.isFinite(q.value())) {
                        continue;
                    }
                    if (unit != null && !unit.equals(q.unit())) {
                        throw Problem.invalid("target", "entries give " + req.target() + " in both '" + unit + "' and '"
                                + q.unit() + "' (entry " + e.id() + "); a model needs one unit");
                    }
                    if (req.task() == Task.CLASSIFICATION && q.value() != 0 && q.value() != 1) {
                        throw Problem.invalid("task", "classification needs " + req.target() + " values of 0 or 1; entry "
                                + e.id() + " has " + q.value());
                    }
                    unit = q.unit();
                    x.add(e.composition());
                    structures.add(structure(e));
                    y.add(q.value());
                    sha.update((e.id() + "=" + q.value() + "\n").getBytes(StandardCharsets.UTF_8));
                    rows++;
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            datasets.add(view.dataset());
            inputs.add(new ModelInput(id, view.dataset().updatedAt(), store.latestVersion(id).orElse(null),
                    HexFormat.of().formatHex(sha.digest()), rows));
        }
        int need = Math.max(10, 2 * req.folds());
        if (x.size() < need) {
            throw Problem.invalid("target", "found " + x.size() + " entries with a composition and a value of '"
                    + req.target() + "'; a model needs at least " + need);
        }
        double[] targets = y.stream().mapToDouble(Double::doubleValue).toArray();
        Task task = req.task() != null ? req.task() : Task.infer(targets);
        if (task == Task.CLASSIFICATION) {
            long pos = y.stream().filter(v -> v == 1).count();
            if (pos < req.folds() || x.size() - pos < req.folds()) {
                throw Problem.invalid("target", "classification needs at least " + req.folds() + " entries of each class"
                        + (req.task() == null ? " (every " + req.target() + " is 0 or 1, so it was taken as a yes/no label;"
                        + " give \"task\": \"regression\" to treat the values as numbers)" : ""));
            }
        }
        return new TrainingData(task, List.copyOf(x), Collections.unmodifiableList(structures), targets,
                unit == null ? "" : unit, List.copyOf(datasets), List.copyOf(inputs));
    }

    /** The entry's crystal structure ({@code data.structure}), or null when it has none or it does not read. */
    static Structure structure(Entry e) {
        if (e.data() == null || !e.data().has("structure")) {
            return null;
        }
        try {
            return StructureJson.read(e.data().get("structure"));
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
