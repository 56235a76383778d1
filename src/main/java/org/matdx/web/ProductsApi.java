package org.matdx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.JsonFields;
import org.matdx.core.Problem;
import org.matdx.elementstrategy.ElementResources;
import org.matdx.lca.BomReader;
import org.matdx.lca.ElectricityMixes;
import org.matdx.lca.Passport;
import org.matdx.lca.Precursors;
import org.matdx.lca.Product;
import org.matdx.lca.ProductJson;
import org.matdx.lca.Products;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Products (bills of materials), their footprints, what-if swaps and signed passports over HTTP (docs/lca.md). */
final class ProductsApi {
    private final Products products;

    private final HeavyRequests heavy;

    ProductsApi(Products products, HeavyRequests heavy) {
        this.heavy = heavy;
        this.products = products;
    }

    void register(RoutesConfig r) {
        r.post("/api/v1/datasets/{id}/products", this::create);
        r.get("/api/v1/products", this::list);
        r.post("/api/v1/product-footprints", heavy.limit(this::draft));
        r.get("/api/v1/products/{id}", this::get);
        r.put("/api/v1/products/{id}", this::update);
        r.delete("/api/v1/products/{id}", ctx -> {
            products.delete(Requests.context(ctx), Requests.id(ctx, "id", "product"));
            ctx.status(204);
        });
        r.post("/api/v1/products/{id}/what-if", heavy.limit(this::whatIf));
        r.post("/api/v1/products/{id}/substitutions", heavy.limit(this::substitutions));
        r.post("/api/v1/products/{id}/passports", this::export);
        r.get("/api/v1/products/{id}/passports", this::passports);
        r.get("/api/v1/products/{id}/passports/{version}", this::passport);
        r.post("/api/v1/passports/verify", this::verify);
        r.get("/api/v1/passports/schema", ctx -> ctx.contentType("application/schema+json").result(schema()));
        r.get("/api/v1/electricity-mixes", this::mixes);
        r.get("/api/v1/precursors", this::precursors);
    }

    private ObjectNode withFootprint(Context ctx, Product p) {
        ObjectNode n = ProductJson.product(p);
        n.set("footprint", ProductJson.footprint(products.footprint(Requests.caller(ctx), p.id())));
        return n;
    }

    private void create(Context ctx) {
        UUID dataset = Requests.id(ctx, "id", "dataset");
        Product p = products.create(Requests.context(ctx), dataset, Requests.jsonBody(ctx));
        ctx.status(201).header("Location", "/api/v1/products/" + p.id()).json(withFootprint(ctx, p));
    }

    private void list(Context ctx) {
        String ds = ctx.queryParam("dataset");
        UUID dataset = ds == null ? null : Ids.parseOrNull(ds);
        if (ds != null && dataset == null) {
            throw Problem.invalid("dataset", "'" + ds + "' is not a dataset id");
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        products.list(Requests.caller(ctx), dataset).forEach(p -> {
            ObjectNode n = ProductJson.product(p);
            n.remove("bom");
            items.add(n.put("url", "/api/v1/products/" + p.id()));
        });
        ctx.json(Json.object().set("items", items));
    }

    private void get(Context ctx) {
        Product p = products.get(Requests.context(ctx), Requests.id(ctx, "id", "product"));
        ctx.json(withFootprint(ctx, p));
    }

    private void update(Context ctx) {
        Product p = products.update(Requests.context(ctx), Requests.id(ctx, "id", "product"), Requests.jsonBody(ctx));
        ctx.json(withFootprint(ctx, p));
    }

    /** A bill of materials evaluated without storing it, as the caller may see the entries it names. */
    private void draft(Context ctx) {
        ctx.json(ProductJson.footprint(products.footprint(Requests.caller(ctx), BomReader.read(Requests.jsonBody(ctx)))));
    }

    private void whatIf(Context ctx) {
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        String component = component(f, "name the part to swap by its path, as the footprint lists it");
        JsonNode material = f.raw("material"); // read, and its fields refused by name, by the what-if itself
        f.done();
        ctx.json(ProductJson.whatIf(products.whatIf(Requests.context(ctx), Requests.id(ctx, "id", "product"),
                component, material)));
    }

    /** {"component": path, "screen": {…as /api/v1/resources/screens, without formula}} */
    private void substitutions(Context ctx) {
        JsonFields f = JsonFields.of(Requests.jsonBody(ctx));
        String component = component(f, "name the part to screen by its path, as the footprint lists it");
        JsonNode screen = f.raw("screen");
        f.done();
        ctx.json(products.substitutions(Requests.context(ctx), Requests.id(ctx, "id", "product"), component, screen));
    }

    private static String component(JsonFields f, String hint) {
        String path = f.optionalText("component", 10_000);
        if (path == null) {
            f.problem("component", hint);
        }
        return path;
    }

    private void export(Context ctx) {
        UUID id = Requests.id(ctx, "id", "product");
        var p = products.exportPassport(Requests.context(ctx), id);
        ctx.status(201).header("Location", "/api/v1/products/" + id + "/passports/" + p.version())
                .json(Passport.export(p, products.signer()));
    }

    private void passports(Context ctx) {
        UUID id = Requests.id(ctx, "id", "product");
        ArrayNode items = Json.MAPPER.createArrayNode();
        products.passports(Requests.context(ctx), id).forEach(p -> items.addObject()
                .put("version", p.version()).put("product_revision", p.productRevision()).put("key_id", p.keyId())
                .put("created_at", p.createdAt().toString()).put("url", "/api/v1/products/" + id + "/passports/" + p.version()));
        ctx.json(Json.object().set("items", items));
    }

    private void passport(Context ctx) {
        UUID id = Requests.id(ctx, "id", "product");
        String v = ctx.pathParam("version");
        int version;
        try {
            version = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw Problem.notFound("passport version", v.length() > 20 ? v.substring(0, 20) + "…" : v);
        }
        var p = products.passport(Requests.context(ctx), id, version);
        ctx.json(Passport.export(p, products.signer()));
    }

    private void verify(Context ctx) {
        Passport.Verification v = products.verify(Requests.jsonBody(ctx));
        ctx.json(Json.object().put("valid", v.valid()).put("key_id", v.keyId()).put("product_id", v.productId())
                .put("passport_version", v.passportVersion()).put("reason", v.reason()));
    }

    private void mixes(Context ctx) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        ElectricityMixes.all().values().forEach(m -> items.addObject().put("code", m.code()).put("name", m.name())
                .put("g_co2eq_per_kwh", m.gCo2eqPerKwh()).put("year", m.year()).put("source", m.source()));
        ctx.json(Json.object().set("items", items));
    }

    /** The listed precursor chemicals with their published figures, each with its full source. */
    private void precursors(Context ctx) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        var sources = ElementResources.standard().footprintSources();
        Precursors.all().values().forEach(p -> {
            ObjectNode n = items.addObject().put("code", p.code()).put("name", p.name())
                    .put("formula", p.composition().reducedFormula());
            n.put("gwp_kg_co2eq_per_kg", p.gwp());
            n.put("ced_mj_per_kg", p.ced());
            n.put("year", p.year()).put("scope", p.scope()).put("boundary", p.boundary()).put("source", p.source());
            var src = sources.get(p.source());
            n.putObject("citation").put("citation", src.citation()).put("identifier", src.identifier()).put("note", src.note());
        });
        ctx.json(Json.object().set("items", items));
    }

    private static String schema() {
        try (InputStream in = ProductsApi.class.getResourceAsStream(Passport.SCHEMA_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
