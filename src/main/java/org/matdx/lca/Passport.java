package org.matdx.lca;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.Json;
import org.matdx.elementstrategy.CriticalList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The digital product passport MatDX exports: the fields of the EU Battery Regulation (EU)
 * 2023/1542 Annex XIII and the Battery Pass data model that a bill of materials can fill — carbon
 * footprint, critical raw materials, recycled content, material composition, supply risk — and,
 * as {@code null} listed in {@code to_fill}, the fields only the manufacturer can declare. The
 * document follows {@code product-passport-1.0.schema.json}; the hub signs its canonical text.
 */
public final class Passport {
    public static final String SCHEMA = "matdx-product-passport";
    public static final String SCHEMA_VERSION = "1.0";
    public static final String SCHEMA_RESOURCE = "/org/matdx/lca/product-passport-1.0.schema.json";
    /** Elements whose recycled content Article 8 of the Battery Regulation asks for. */
    static final List<String> ARTICLE_8 = List.of("Co", "Li", "Ni", "Pb");

    private Passport() {
    }

    /** An entry or product a passport drew on: a later reader must see each to be shown the passport. */
    public record Reference(String kind, UUID id) {
    }

    static ObjectNode document(Product p, ProductFootprint f, List<Reference> refs, int version, Instant at, String keyId) {
        ObjectNode d = Json.object().put("schema", SCHEMA).put("schema_version", SCHEMA_VERSION)
                .put("data_model", "EU Battery Regulation (EU) 2023/1542 Annex XIII; Battery Pass data attribute longlist (categories)")
                .put("passport_version", version).put("issued_at", at.toString());
        d.putObject("issuer").put("name", "MatDX hub").put("key_id", keyId);
        d.putObject("product").put("id", p.id().toString()).put("name", p.name()).put("revision", p.revision())
                .put("dataset_id", p.datasetId().toString()).put("functional_unit", f.functionalUnit()).put("mass_kg", f.massKg());
        ArrayNode toFill = Json.MAPPER.createArrayNode();

        ObjectNode general = d.putObject("general_information");
        for (String k : List.of("manufacturer_identification", "manufacturing_place", "manufacturing_date", "battery_category",
                "battery_status", "unique_identifier")) {
            general.putNull(k);
            toFill.add("general_information." + k);
        }
        general.put("weight_kg", f.massKg());

        ObjectNode cf = d.putObject("carbon_footprint");
        cf.put("status", f.gwp().assessed() ? "assessed" : "unassessed");
        number(cf, "total_kg_co2eq", f.gwp().value());
        cf.put("lower_bound_kg_co2eq", f.gwp().lowerBound());
        number(cf, "materials_kg_co2eq", f.materialsGwp().value());
        cf.put("process_electricity_kg_co2eq", f.processGwp());
        cf.putNull("per_kwh_total_energy_kg_co2eq");
        toFill.add("carbon_footprint.per_kwh_total_energy_kg_co2eq");
        cf.put("functional_unit", f.functionalUnit());
        cf.put("method", "cradle-to-gate: material footprints (declared, a listed precursor's published figure, or mass-weighted sums "
                + "of published element figures; each contribution states its basis) "
                + "plus process electricity at the stated grid intensity; GWP100");
        cf.put("allocation", f.allocation().description());
        ArrayNode stages = cf.putArray("life_cycle_stages_included");
        stages.add("raw material acquisition and pre-processing").add("main product production (declared process electricity)");
        cf.putArray("life_cycle_stages_excluded").add("distribution").add("end of life and recycling");
        cf.putObject("electricity_mix").put("name", f.electricity().name()).put("g_co2eq_per_kwh", f.electricity().gCo2eqPerKwh())
                .put("year", f.electricity().year()).put("source", f.electricity().source());
        ArrayNode un = cf.putArray("unassessed");
        f.gwp().unassessed().forEach(un::add);
        ArrayNode contributions = cf.putArray("contributions");
        for (ProductFootprint.Part x : f.parts()) {
            ObjectNode c = contributions.addObject().put("part", x.path()).put("kind", "material");
            number(c, "kg_co2eq", x.gwp());
            c.put("basis", x.basis());
        }
        for (ProductFootprint.Step s : f.steps()) {
            contributions.addObject().put("part", s.path() + " : " + s.name()).put("kind", "process electricity")
                    .put("kg_co2eq", s.gwp());
        }
        ArrayNode src = cf.putArray("sources");
        f.sources().forEach(src::add);

        ObjectNode mc = d.putObject("materials_and_composition");
        mc.putNull("battery_chemistry");
        mc.putNull("hazardous_substances");
        toFill.add("materials_and_composition.battery_chemistry");
        toFill.add("materials_and_composition.hazardous_substances");
        ArrayNode comp = mc.putArray("material_composition");
        for (ProductFootprint.Part x : f.parts()) {
            comp.addObject().put("part", x.path()).put("mass_kg", x.massKg()).put("material", x.material());
        }
        mc.set("element_mass_kg", elements(f.elementMassKg()));
        ArrayNode crm = mc.putArray("critical_raw_materials");
        ProductFootprint.CriticalContent eu = f.critical().get(CriticalList.EU_CRM_2023);
        eu.elements().forEach((e, kg) -> crm.addObject().put("element", e.symbol()).put("mass_kg", kg)
                .put("mass_fraction", kg / f.massKg()).put("list", CriticalList.EU_CRM_2023.title()));
        ObjectNode lists = mc.putObject("critical_content_by_list");
        f.critical().forEach((l, c) -> lists.putObject(l.code()).put("list", l.title()).put("mass_kg", c.massKg())
                .put("mass_fraction", c.massFraction()));

        ObjectNode circ = d.putObject("circularity");
        ObjectNode rc = circ.putObject("recycled_content");
        rc.put("method", "mass balance: declared recycled mass per part over total mass; parts declaring nothing count as 0 %")
                .put("allocation", f.allocation().code()).put("mass_fraction", f.recycled().massFraction())
                .put("declared_mass_fraction", f.recycled().declaredMassFraction());
        ObjectNode art8 = rc.putObject("article_8_elements");
        for (String s : ARTICLE_8) {
            Element e = Elements.of(s);
            ObjectNode x = art8.putObject(s);
            Double share = f.recycled().elementShare().get(e);
            if (share == null) {
                x.put("present", false);
            } else {
                x.put("present", true).put("mass_kg", f.elementMassKg().get(e)).put("recycled_share", share)
                        .putNull("pre_consumer_share").putNull("post_consumer_share");
                toFill.add("circularity.recycled_content.article_8_elements." + s + ".pre_consumer_share");
                toFill.add("circularity.recycled_content.article_8_elements." + s + ".post_consumer_share");
            }
        }
        circ.putNull("renewable_content");
        circ.putNull("dismantling_information");
        toFill.add("circularity.renewable_content");
        toFill.add("circularity.dismantling_information");

        ObjectNode sc = d.putObject("supply_chain");
        sc.putNull("due_diligence_report");
        toFill.add("supply_chain.due_diligence_report");
        ObjectNode risk = sc.putObject("supply_risk");
        number(risk, "hhi_production", f.hhiProduction().value());
        number(risk, "hhi_reserve", f.hhiReserve().value());
        risk.put("source", "Gaultois et al., Chem. Mater. 25, 2911 (2013), mass-weighted over the product's elements");

        ArrayNode r = d.putArray("references");
        refs.forEach(x -> r.addObject().put("kind", x.kind()).put("id", x.id().toString()));
        d.set("to_fill", toFill);
        return d;
    }

    private static ObjectNode elements(Map<Element, Double> m) {
        ObjectNode n = Json.object();
        m.forEach((e, kg) -> n.put(e.symbol(), kg));
        return n;
    }

    private static void number(ObjectNode n, String key, Double v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    /** The export a reader downloads: the passport and the hub's signature over its canonical text. */
    public static ObjectNode export(ProductStore.StoredPassport p, HubSigner signer) {
        ObjectNode out = Json.object();
        out.set("passport", Json.read(p.document()));
        ObjectNode sig = out.putObject("signature").put("algorithm", "Ed25519").put("key_id", p.keyId());
        signer.key(p.keyId()).ifPresent(k -> sig.put("public_key", k.publicKeyBase64()));
        sig.put("signed_content", "the passport member as canonical JSON: object keys sorted, no whitespace, UTF-8")
                .put("value", p.signature());
        return out;
    }

    /**
     * @param valid     the signature is the hub key's over the passport as given
     * @param reason    why not, or what was verified
     */
    public record Verification(boolean valid, String keyId, String productId, Integer passportVersion, String reason) {
    }

    static Verification verify(JsonNode export, HubSigner signer) {
        JsonNode passport = export == null ? null : export.get("passport");
        JsonNode sig = export == null ? null : export.get("signature");
        if (passport == null || !passport.isObject() || sig == null || !sig.isObject()) {
            return new Verification(false, null, null, null, "not a MatDX passport export: it needs 'passport' and 'signature'");
        }
        String keyId = sig.path("key_id").isString() ? sig.path("key_id").asString() : null;
        String value = sig.path("value").isString() ? sig.path("value").asString() : null;
        String product = passport.path("product").path("id").isString() ? passport.path("product").path("id").asString() : null;
        Integer version = passport.path("passport_version").isIntegralNumber() ? passport.path("passport_version").asInt() : null;
        if (!"Ed25519".equals(sig.path("algorithm").asString("")) || keyId == null || value == null) {
            return new Verification(false, keyId, product, version, "the signature must name algorithm Ed25519, key_id and value");
        }
        if (signer.key(keyId).isEmpty()) {
            return new Verification(false, keyId, product, version, "key " + keyId + " is not a key of this hub");
        }
        boolean ok = signer.verify(keyId, HubSigner.canonical(passport), value);
        return new Verification(ok, keyId, product, version, ok
                ? "signed by this hub's key " + keyId + "; the passport is as the hub exported it"
                : "the signature does not match: the passport was altered after export, or signed by another key");
    }
}
