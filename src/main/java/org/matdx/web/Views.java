package org.matdx.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.matdx.access.Visibility;
import org.matdx.catalog.Catalog;
import org.matdx.core.Composition;
import org.matdx.core.Dataset;
import org.matdx.core.Entry;
import org.matdx.core.EntryFile;
import org.matdx.core.Json;
import org.matdx.elementstrategy.ResourceJson;
import org.matdx.elementstrategy.ResourceScorer;
import org.matdx.store.EntryStore;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The API's JSON shapes for datasets and entries (snake_case, units with values). */
public final class Views {
    private Views() {
    }

    public static ObjectNode dataset(Catalog.DatasetView v) {
        Dataset d = v.dataset();
        ObjectNode n = Json.object()
                .put("id", d.id().toString())
                .put("title", d.title())
                .put("description", d.description())
                .put("license", d.license())
                .put("owner", d.ownerId().toString())
                .put("group", d.groupId() == null ? null : d.groupId().toString())
                .put("template", d.template())
                .put("access", d.access().level().code())
                .put("embargo_until", d.access().embargoUntil() == null ? null : d.access().embargoUntil().toString())
                .put("model_use_only", d.access().modelUseOnly())
                .put("visibility", v.visibility().name().toLowerCase(Locale.ROOT))
                .put("created_at", d.createdAt().toString())
                .put("updated_at", d.updatedAt().toString());
        if (v.entryCount() >= 0) {
            n.put("entry_count", v.entryCount());
        }
        return n;
    }

    public static ObjectNode entry(Catalog.EntryView v) {
        Entry e = v.entry();
        ObjectNode n = Json.object()
                .put("id", e.id().toString())
                .put("dataset", e.datasetId().toString())
                .put("kind", e.kind().code())
                .put("title", e.title());
        Composition c = e.composition();
        if (c != null) {
            n.put("formula", c.formula())
                    .put("reduced_formula", c.reducedFormula())
                    .put("anonymous_formula", c.anonymousFormula().orElse(null))
                    .put("chemical_system", c.chemicalSystem())
                    .put("molar_mass", c.molarMass());
            ArrayNode els = n.putArray("elements");
            c.symbolsAlphabetical().forEach(els::add);
            n.set("composition", Json.composition(c));
            var scorer = ResourceScorer.standard();
            n.set("element_strategy", ResourceJson.summary(scorer.score(c), scorer.data()));
        }
        n.put("template", e.template());
        n.put("created_at", e.createdAt().toString());
        n.put("visibility", v.visibility().name().toLowerCase(Locale.ROOT));
        // how a run ended is what it found: an embargo shows what the entry is, not that
        if (v.visibility().atLeast(Visibility.FULL) && e.outcome().known()) {
            n.put("outcome", e.outcome().code());
            if (!e.outcome().reason().isEmpty()) {
                n.put("outcome_reason", e.outcome().reason());
            }
        }
        if (v.visibility().atLeast(Visibility.FULL)) {
            n.set("properties", EntryStore.properties(e.properties()));
            n.set("invoice", e.invoice() == null ? Json.object() : e.invoice());
            n.set("metadata", e.metadata() == null ? Json.object() : e.metadata());
            n.set("data", e.data() == null ? Json.object() : e.data());
            n.put("sample", e.sampleId() == null ? null : e.sampleId().toString());
            n.put("created_by", e.createdBy() == null ? null : e.createdBy().toString());
            ArrayNode files = n.putArray("files");
            for (EntryFile f : e.files()) {
                files.addObject().put("name", f.name()).put("sha256", f.sha256()).put("size", f.size())
                        .put("media_type", f.mediaType()).put("role", f.role().code()).put("restricted", f.restricted())
                        .put("url", "/api/v1/entries/" + e.id() + "/files/" + URLEncoder.encode(f.name(),
                                StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return n;
    }
}
