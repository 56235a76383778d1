package org.matdx.elementstrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.matdx.core.Element;
import org.matdx.core.ElementProperty;
import org.matdx.core.Elements;
import org.matdx.core.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any per-element quantity laid out for a periodic-table display: one value per element with its
 * period and group, the unit, and where the numbers come from. Covers the element-strategy
 * columns, membership of each critical-materials list (1 or 0), and the properties of the core
 * element table (Pauling electronegativity, Mendeleev number, …).
 */
public final class PeriodicTableView {
    private static final String CORE_TABLE_SOURCE = "MatDX element table (IUPAC 2021 weights, Pauling electronegativity, "
            + "Pyykkö covalent radii, Magpie properties of Ward et al. 2016); see docs/SOURCES.md";

    private final ElementResources data;

    public PeriodicTableView(ElementResources data) {
        this.data = data;
    }

    /** A quantity the view can show. */
    public record Quantity(String code, String label, String unit, String kind) {
    }

    public List<Quantity> quantities() {
        List<Quantity> q = new ArrayList<>();
        for (ResourceProperty p : ResourceProperty.values()) {
            q.add(new Quantity(p.column(), p.label(), p.unit(), "element strategy"));
        }
        for (CriticalList l : CriticalList.values()) {
            q.add(new Quantity("critical_" + l.code(), "on " + l.title(), "", "critical-materials list"));
        }
        for (ElementProperty p : ElementProperty.values()) {
            q.add(new Quantity(p.name().toLowerCase(Locale.ROOT), p.label(), p.unit(), "element table"));
        }
        return q;
    }

    public Optional<Quantity> quantity(String code) {
        String c = code.strip().toLowerCase(Locale.ROOT);
        return quantities().stream().filter(q -> q.code().equals(c)).findFirst();
    }

    /** The view as JSON, or empty for an unknown quantity code. */
    public Optional<ObjectNode> view(String code) {
        Optional<Quantity> q = quantity(code);
        if (q.isEmpty()) {
            return Optional.empty();
        }
        Quantity quantity = q.get();
        ObjectNode n = Json.object().put("property", quantity.code()).put("label", quantity.label())
                .put("unit", quantity.unit());
        ObjectNode source = n.putObject("source");
        Optional<ResourceProperty> rp = ResourceProperty.byColumn(quantity.code());
        Optional<CriticalList> list = quantity.code().startsWith("critical_")
                ? CriticalList.byCode(quantity.code().substring("critical_".length())) : Optional.empty();
        String column = rp.map(ResourceProperty::column).or(() -> list.map(CriticalList::column)).orElse(null);
        if (column != null && data.source(column).isPresent()) {
            DataSource s = data.source(column).get();
            source.put("key", s.key()).put("citation", s.citation()).put("year", s.year())
                    .put("identifier", s.identifier()).put("note", s.note());
        } else {
            source.put("key", "matdx-elements").put("citation", CORE_TABLE_SOURCE);
        }
        ArrayNode els = n.putArray("elements");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int count = 0;
        for (Element e : Elements.all()) {
            ElementRecord r = data.record(e);
            ObjectNode x = els.addObject().put("symbol", e.symbol()).put("z", e.z()).put("period", e.period())
                    .put("group", e.group() == 0 ? null : e.group()).put("block", String.valueOf(e.block()));
            OptionalDouble v;
            if (rp.isPresent()) {
                v = r.value(rp.get());
            } else if (list.isPresent()) {
                v = OptionalDouble.of(r.listed(list.get()) ? 1 : 0);
                x.put("as", r.lists().get(list.get()));
            } else {
                v = e.property(ElementProperty.valueOf(quantity.code().toUpperCase(Locale.ROOT)));
            }
            if (v.isPresent()) {
                x.put("value", v.getAsDouble());
                min = Math.min(min, v.getAsDouble());
                max = Math.max(max, v.getAsDouble());
                count++;
            } else {
                x.putNull("value");
            }
            if (rp.isPresent() && (rp.get() == ResourceProperty.HHI_PRODUCTION || rp.get() == ResourceProperty.HHI_RESERVE)
                    && v.isPresent()) {
                x.put("band", SupplyRiskBand.of(v.getAsDouble()).code());
            }
        }
        n.put("count", count);
        if (count > 0) {
            n.put("min", min).put("max", max);
        }
        return Optional.of(n);
    }
}
