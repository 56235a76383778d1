package org.matdx.web.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.lca.Precursors;
import org.matdx.lca.Product;
import org.matdx.lca.ProductFootprint;
import org.matdx.lca.ProductStore;
import org.matdx.lca.Products;
import org.matdx.lca.WhatIf;
import org.matdx.web.Requests;
import tools.jackson.databind.JsonNode;

/**
 * A product's page: its footprint as a waterfall of parts and process steps, the parts with
 * their figures and sources, critical content, recycled content, passports (each a link to the
 * signed JSON and its human-readable form), and a what-if swap of one part's material. Figures
 * are computed as the viewer may see the entries the product names.
 */
public final class ProductPage {
    private final Products products;

    ProductPage(Products products) {
        this.products = products;
    }

    void register(RoutesConfig r) {
        r.get("/products", this::list);
        r.get("/products/{id}", this::show);
        r.get("/products/{id}/passports/{version}", this::passport);
    }

    public record View(Product product, ProductFootprint footprint, String waterfall, List<ProductStore.StoredPassport> passports,
                       WhatIf whatIf, String swap, String formula, String problem) {
    }

    public record PassportView(Product product, ProductStore.StoredPassport stored, JsonNode passport) {
    }

    private void list(Context ctx) {
        Pages.render(ctx, "products.jte", Map.of("items", products.list(Requests.caller(ctx), null)));
    }

    private void show(Context ctx) {
        var caller = Requests.caller(ctx);
        UUID id = Requests.id(ctx, "id", "product");
        Product p = products.get(Requests.context(ctx), id);
        ProductFootprint f = products.footprint(caller, id);
        String swap = ctx.queryParam("swap");
        String formula = ctx.queryParam("formula");
        WhatIf w = null;
        String problem = null;
        if (swap != null && formula != null && !swap.isBlank() && !formula.isBlank()) {
            try {
                // a listed precursor's code swaps in the precursor (its published figure), anything else is a formula
                String code = formula.strip();
                w = products.whatIf(caller, id, swap, Precursors.byCode(code).isPresent()
                        ? Json.object().put("precursor", code) : Json.object().put("formula", formula));
            } catch (Problem bad) {
                problem = bad.getMessage();
            }
        }
        Page page = Pages.page(ctx);
        Pages.render(ctx, "product.jte", Map.of("view", new View(p, f,
                Waterfall.svg(f, page.t("product.unassessed"), page.t("product.total")),
                products.passports(caller, id), w, swap == null ? "" : swap, formula == null ? "" : formula, problem)));
    }

    private void passport(Context ctx) {
        var caller = Requests.caller(ctx);
        UUID id = Requests.id(ctx, "id", "product");
        int version;
        try {
            version = Integer.parseInt(ctx.pathParam("version"));
        } catch (NumberFormatException e) {
            throw Problem.notFound("passport version", "?");
        }
        Product p = products.get(Requests.context(ctx), id);
        ProductStore.StoredPassport s = products.passport(caller, id, version);
        Pages.render(ctx, "passport.jte", Map.of("view", new PassportView(p, s, Json.read(s.document()))));
    }
}
