package org.matdx.elementstrategy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.matdx.core.Element;
import org.matdx.core.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON forms of element records and composition scores: what the API returns, what
 * {@code matdx … --json} prints and what an entry shows. Field names are
 * the {@link ResourceMetric} codes, so the same names work in search filters.
 */
public final class ResourceJson {
    private ResourceJson() {
    }

    public static ObjectNode element(ElementRecord r, ElementResources data) {
        Element e = r.element();
        ObjectNode n = Json.object().put("symbol", e.symbol()).put("z", e.z()).put("name", e.name());
        ObjectNode values = n.putObject("values");
        for (ResourceProperty p : ResourceProperty.values()) {
            if (p == ResourceProperty.MAIN_PRODUCER_SHARE) {
                continue;
            }
            ObjectNode v = values.putObject(p.column());
            if (r.value(p).isPresent()) {
                v.put("value", r.value(p).getAsDouble());
            } else {
                v.putNull("value");
            }
            v.put("unit", p.unit()).put("label", p.label());
            if (p == ResourceProperty.GHG || p == ResourceProperty.CED) {
                footprintProvenance(v, data.footprint(e).filter(f -> f.value(p).isPresent()).orElse(null));
            } else {
                v.put("source", sourceKey(data, p.column()));
            }
            if ((p == ResourceProperty.HHI_PRODUCTION || p == ResourceProperty.HHI_RESERVE) && r.value(p).isPresent()) {
                v.put("band", SupplyRiskBand.of(r.value(p).getAsDouble()).code());
            }
        }
        if (r.mainProducer() != null) {
            n.putObject("main_producer").put("country", r.mainProducer())
                    .put("share", r.value(ResourceProperty.MAIN_PRODUCER_SHARE).orElse(Double.NaN))
                    .put("basis", r.mainProducerBasis()).put("source", sourceKey(data, "main_producer"));
        } else {
            n.putNull("main_producer");
        }
        ObjectNode lists = n.putObject("critical_lists");
        for (CriticalList l : CriticalList.values()) {
            ObjectNode x = lists.putObject(l.code()).put("listed", r.listed(l)).put("title", l.title());
            x.put("as", r.lists().get(l)).put("source", sourceKey(data, l.column()));
        }
        n.set("sources", sources(data));
        return n;
    }

    /** Where an element's footprint comes from; an element without one says "unassessed". */
    static void footprintProvenance(ObjectNode v, ElementFootprint f) {
        if (f == null) {
            v.putNull("source").put("status", "unassessed");
            return;
        }
        v.put("source", f.source()).put("year", f.year()).put("scope", f.scope()).put("boundary", f.boundary())
                .put("status", "assessed");
    }

    public static ObjectNode sources(ElementResources data) {
        ObjectNode s = Json.object();
        Stream.concat(data.sources().values().stream(), data.footprintSources().values().stream())
                .filter(src -> !"element-footprints".equals(src.key())).forEach(src -> {
            if (!s.has(src.key())) {
                s.putObject(src.key()).put("citation", src.citation()).put("year", src.year())
                        .put("identifier", src.identifier());
            }
        });
        return s;
    }

    public static ObjectNode scores(CompositionScores s, ElementResources data) {
        ObjectNode n = Json.object().put("formula", s.composition().reducedFormula());
        ObjectNode w = n.putObject("mass_fractions");
        s.massFractions().forEach((e, f) -> w.put(e.symbol(), f));
        n.set(ResourceMetric.HHI_PRODUCTION.code(), score(s.hhiProduction(), "gaultois2013"));
        n.set(ResourceMetric.HHI_RESERVE.code(), score(s.hhiReserve(), "gaultois2013"));
        for (CriticalList l : CriticalList.values()) {
            CriticalShare c = s.critical(l);
            ObjectNode x = n.putObject("critical_fraction_" + l.code()).put("value", c.massFraction())
                    .put("list", l.title()).put("source", sourceKey(data, l.column()));
            ArrayNode els = x.putArray("elements");
            c.elements().forEach(e -> els.add(e.symbol()));
        }
        n.set(ResourceMetric.ABUNDANCE.code(), score(s.abundance(), sourceKey(data, ResourceProperty.CRUSTAL_ABUNDANCE.column())));
        n.set(ResourceMetric.COST.code(), score(s.cost(), sourceKey(data, ResourceProperty.PRICE.column())));
        n.set(ResourceMetric.GHG.code(), footprintScore(s, s.ghg(), ResourceProperty.GHG, data));
        n.set(ResourceMetric.CED.code(), footprintScore(s, s.ced(), ResourceProperty.CED, data));
        n.put("data_version", data.version());
        return n;
    }

    /**
     * The short form shown on every entry: one number per metric (null where uncomputable, with
     * the missing elements named), HHI bands, and the data version.
     */
    public static ObjectNode summary(CompositionScores s, ElementResources data) {
        ObjectNode n = Json.object();
        for (ResourceMetric m : ResourceMetric.values()) {
            var v = m.of(s);
            if (v.isPresent()) {
                n.put(m.code(), v.getAsDouble());
            } else {
                n.putNull(m.code());
            }
        }
        if (s.hhiProduction() instanceof Score.Computed c) {
            n.put("hhi_production_band", c.band().code());
        }
        if (s.hhiReserve() instanceof Score.Computed c) {
            n.put("hhi_reserve_band", c.band().code());
        }
        ObjectNode missing = Json.object();
        for (var x : List.of(s.hhiProduction(), s.hhiReserve(), s.abundance(), s.cost(), s.ghg(), s.ced())) {
            if (x instanceof Score.Missing m) {
                missing.put(m.what(), String.join(", ", m.elements().stream().map(Element::symbol).toList()));
            }
        }
        if (!missing.isEmpty()) {
            n.set("missing_data", missing);
        }
        // a null footprint is unassessed (an element without a published figure), not zero
        for (ResourceMetric m : List.of(ResourceMetric.GHG, ResourceMetric.CED)) {
            n.put(m.code() + "_status", m.of(s).isPresent() ? "assessed" : "unassessed");
        }
        n.put("data_version", data.version());
        return n;
    }

    /** A footprint score with the sources of the elements it sums, or what is unassessed. */
    private static ObjectNode footprintScore(CompositionScores s, Score score, ResourceProperty p, ElementResources data) {
        ObjectNode n = score(score, "element-footprints");
        ArrayNode used = n.putArray("sources");
        s.massFractions().keySet().stream().map(data::footprint).flatMap(Optional::stream)
                .filter(f -> f.value(p).isPresent()).map(ElementFootprint::source).distinct().forEach(used::add);
        if (score instanceof Score.Missing m && m.unassessed()) {
            n.put("status", "unassessed").put("unassessed_mass_fraction", m.unassessedFraction())
                    .put("assessed_lower_bound", m.assessedPart());
        } else {
            n.put("status", "assessed").put("unassessed_mass_fraction", 0.0);
        }
        return n;
    }

    static ObjectNode score(Score score, String source) {
        ObjectNode n = Json.object();
        switch (score) {
            case Score.Computed c -> {
                n.put("value", c.score()).put("unit", c.unit());
                if (c.band() != null) {
                    n.put("band", c.band().code());
                }
                n.put("dominant", c.dominant() == null ? null : c.dominant().symbol());
                n.put("dominant_share", c.dominantShare());
            }
            case Score.Missing m -> {
                n.putNull("value");
                ArrayNode missing = n.putArray("missing");
                m.elements().forEach(e -> missing.add(e.symbol()));
                n.put("message", m.message());
            }
        }
        n.put("source", source);
        return n;
    }

    private static String sourceKey(ElementResources data, String column) {
        return data.source(column).map(DataSource::key).orElse(null);
    }
}
