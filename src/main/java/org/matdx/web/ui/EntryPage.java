package org.matdx.web.ui;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.access.AccessPolicy;
import org.matdx.access.AuditTrail;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.Removals;
import org.matdx.core.AuditEvent;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.diffraction.CandidateQuery;
import org.matdx.diffraction.PhaseAnalyses;
import org.matdx.diffraction.PhaseIdentifier;
import org.matdx.elementstrategy.ResourceScorer;
import org.matdx.ingest.sample.Samples;
import org.matdx.ingest.template.TemplateLibrary;
import org.matdx.web.Requests;
import tools.jackson.databind.JsonNode;

/**
 * The entry page: what the catalog lets the caller see of the entry, its plots, structure and
 * peak tables, the sample it was measured on (when the caller may see the sample), and — for
 * those the audit trail admits — its provenance and history.
 */
public final class EntryPage {
    /** The sample an entry was measured on. */
    public record SampleLink(UUID id, String name, String pid) {
    }

    /** One line of the history: when, who, what, and the event's details in short. */
    public record HistoryRow(Instant at, String actor, String action, String detail) {
    }

    /** Where the entry came from: who registered it, the template, the reader, the files' checksums, and what happened since. */
    public record Provenance(String registeredBy, Instant registeredAt, String template, String reader, String sourceFile,
                             List<EntryFile> files, List<HistoryRow> history) {
    }

    private final Catalog catalog;
    private final Gate gate;
    private final AccessPolicy policy;
    private final TemplateLibrary templates;
    private final Samples samples;
    private final ResourceScorer scorer;
    private final AuditTrail auditTrail;
    private final Removals removals;
    private final PhaseAnalyses diffraction;

    EntryPage(Catalog catalog, Gate gate, AccessPolicy policy, TemplateLibrary templates, Samples samples,
            ResourceScorer scorer, AuditTrail auditTrail, Removals removals, PhaseAnalyses diffraction) {
        this.catalog = catalog;
        this.gate = gate;
        this.policy = policy;
        this.templates = templates;
        this.samples = samples;
        this.scorer = scorer;
        this.auditTrail = auditTrail;
        this.removals = removals;
        this.diffraction = diffraction;
    }

    void show(Context ctx) {
        UUID id = Pages.uuid(ctx, "entry");
        var caller = Requests.caller(ctx);
        Catalog.EntryView view = catalog.entry(Requests.context(ctx), id);
        Entry e = view.entry();
        Map<String, Object> params = new HashMap<>();
        params.put("view", view);
        params.put("plots", Plots.of(e));
        params.put("structure", StructureView.of(e));
        params.put("invoice", InvoiceView.of(e.invoice(), e.template() == null ? null : templates.byId(e.template())
                .map(t -> templates.validator().fullSchema(t)).orElse(null), e.metadata(), Pages.page(ctx).lang()));
        params.put("strategy", e.composition() == null || e.composition().amounts().isEmpty() ? List.of()
                : ElementStrategyView.of(scorer.score(e.composition()), Pages.page(ctx).messages()));
        params.put("peaks", PeakTables.peaks(e));
        params.put("maxima", PeakTables.maxima(e));
        params.put("sample", e.sampleId() == null ? null : samples.visible(caller, e.sampleId().toString())
                .map(s -> new SampleLink(s.sample().id(), s.sample().name() != null ? s.sample().name() : s.sample().pid(),
                        s.sample().pid())).orElse(null));
        params.put("provenance", auditTrail.entryHistory(caller, id).map(h -> provenance(e, h)).orElse(null));
        params.put("removal", Pages.page(ctx).signedIn() ? removals.entryChoices(caller, id)
                : Removals.Choices.NONE);
        boolean full = view.visibility().atLeast(Visibility.FULL);
        params.put("powder", full ? DiffractionViews.simulated(e, ctx.queryParam("radiation"), Pages.page(ctx).messages()) : null);
        boolean scan = full && DiffractionViews.hasScan(e);
        params.put("phases", scan ? diffraction.current(Requests.context(ctx), id, true)
                .map(a -> DiffractionViews.analysis(a, Pages.page(ctx).messages())).orElse(null) : null);
        params.put("canIdentify", scan && gate.findDataset(caller, e.datasetId(), Visibility.FULL)
                .map(d -> policy.canWrite(caller, d.dataset())).orElse(false));
        Pages.render(ctx, "entry.jte", params);
    }

    /** The page's "identify phases" button: identifies against what the caller may read and stores the analysis. */
    void identify(Context ctx) {
        UUID id = Pages.uuid(ctx, "entry");
        diffraction.identifyAndStore(Requests.context(ctx), id, CandidateQuery.DEFAULT,
                PhaseIdentifier.Options.DEFAULT);
        ctx.redirect("/entries/" + id + "#phases");
    }

    private static Provenance provenance(Entry e, List<AuditEvent> events) {
        List<HistoryRow> rows = new ArrayList<>();
        String registeredBy = null;
        for (AuditEvent ev : events) {
            rows.add(new HistoryRow(ev.at(), ev.actor(), ev.action(), detail(ev.detail())));
            if (ev.action().startsWith("entry.create")) {
                registeredBy = ev.actor();
            }
        }
        JsonNode meta = e.metadata();
        return new Provenance(registeredBy, e.createdAt(), e.template(),
                meta == null ? null : meta.path("reader").asString(null),
                meta == null ? null : meta.path("source_file").asString(null), e.files(), rows);
    }

    /** The event's details as short {@code key: value} pairs; the dataset id (known here) and long id lists left out. */
    static String detail(JsonNode d) {
        if (d == null || !d.isObject()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : d.properties()) {
            if (f.getKey().equals("dataset") || f.getValue().isNull()) {
                continue;
            }
            JsonNode v = f.getValue();
            String text = v.isArray() ? "[" + v.size() + "]" : v.isObject() ? "(" + detail(v) + ")" : v.asString("");
            parts.add(f.getKey() + ": " + text);
        }
        return String.join(", ", parts);
    }
}
