package org.matdx.lca;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.access.Gate;
import org.matdx.access.Visibility;
import org.matdx.audit.AuditLog;
import org.matdx.catalog.Catalog;
import org.matdx.catalog.Removals;
import org.matdx.core.Caller;
import org.matdx.core.Entry;
import org.matdx.core.Ids;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.elementstrategy.ResourceScorer;
import org.matdx.elementstrategy.ScreenService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Products: bills of materials stored in a dataset (its access rules are the product's), their
 * footprints computed as the reader may see the entries and products they name, what-if
 * substitutions, and signed passports. Every read goes through {@link Gate}; every change is
 * audited in its transaction.
 */
public final class Products {
    /** Sub-products nest at most this deep (across stored products), so a chain cannot grow a request without bound. */
    public static final int MAX_PRODUCT_NESTING = 8;

    private final ProductStore store;
    private final Catalog catalog;
    private final Gate gate;
    private final AuditLog audit;
    private final Rollup rollup;
    private final HubSigner signer;
    private final Clock clock;
    private final ScreenService screens;

    public Products(ProductStore store, Catalog catalog, AuditLog audit, ResourceScorer scorer, HubSigner signer, Clock clock,
                    ScreenService screens) {
        this.screens = screens;
        this.store = store;
        this.catalog = catalog;
        this.gate = catalog.gate();
        this.audit = audit;
        this.rollup = new Rollup(scorer);
        this.signer = signer;
        this.clock = clock;
    }

    public HubSigner signer() {
        return signer;
    }

    /** Products go with their dataset. */
    public Removals.Listener onRemoval() {
        return new Removals.Listener() {
            @Override
            public void datasetRemoved(Handle h, UUID datasetId, Removals.Note note) {
                store.deleteInDataset(h, datasetId);
            }
        };
    }

    // ---- reading ----------------------------------------------------------------------------

    /** The product if the caller sees its dataset in full; 404 otherwise (its existence is not revealed). */
    public Product get(RequestContext context, UUID id) {
        return store.get(id).flatMap(p -> gate.findDataset(context.caller(), p.datasetId(), Visibility.FULL).map(d -> {
            gate.recordRead(context, d, "product.read", "product", id);
            return p;
        })).orElseThrow(() -> Problem.notFound("product", id));
    }

    /** As {@link #get}, without recording a read: a part of another product, or a product whose read was recorded already. */
    private Optional<Product> find(Caller caller, UUID id) {
        return store.get(id).flatMap(p -> gate.findDataset(caller, p.datasetId(), Visibility.FULL).map(d -> p));
    }

    private Product seen(Caller caller, UUID id) {
        return find(caller, id).orElseThrow(() -> Problem.notFound("product", id));
    }

    public List<Product> list(Caller caller, UUID datasetId) {
        return store.list(catalog.policy().datasetFilter(caller, "d", Visibility.FULL), datasetId, 500);
    }

    /** The product's figures as the caller may see them: parts naming hidden entries or products give no figures. */
    public ProductFootprint footprint(RequestContext context, UUID id) {
        Product p = get(context, id);
        return footprint(context.caller(), p.bom(), new Walk(p.id()));
    }

    /** As {@link #footprint(RequestContext, UUID)} of a product whose read the caller recorded already. */
    public ProductFootprint footprint(Caller caller, UUID id) {
        Product p = seen(caller, id);
        return footprint(caller, p.bom(), new Walk(p.id()));
    }

    /** A bill of materials not stored (a draft, a what-if), as the caller may see what it names. */
    public ProductFootprint footprint(Caller caller, Bom bom) {
        return footprint(caller, bom, new Walk());
    }

    /**
     * One evaluation of a product for one caller: the products being expanded (cycles are cut),
     * and every entry and sub-product resolved once however often the tree names it — without that,
     * a tree naming one sub-product 2 000 times, each naming another 2 000 times, would cost 2 000^depth.
     */
    private static final class Walk {
        final Deque<UUID> within = new ArrayDeque<>();
        final Map<UUID, Resolved> entries = new HashMap<>();
        final Map<UUID, Resolved> products = new HashMap<>();
        int components;

        Walk(UUID... roots) {
            for (UUID r : roots) {
                within.push(r);
            }
        }
    }

    /** Components one evaluation expands across all the distinct sub-products it meets. */
    public static final int MAX_EVALUATED_COMPONENTS = 50_000;

    private ProductFootprint footprint(Caller caller, Bom bom, Walk walk) {
        return rollup.of(bom, m -> resolve(caller, m, walk));
    }

    private Resolved resolve(Caller caller, Bom.Material m, Walk walk) {
        return switch (m) {
            case Bom.Formula f -> new Resolved.OfComposition(f.composition(), f.label());
            case Bom.HubEntry e -> walk.entries.computeIfAbsent(e.entryId(), id -> gate.findEntry(caller, id, Visibility.METADATA)
                    .filter(seen -> seen.value().composition() != null)
                    .<Resolved>map(seen -> new Resolved.OfComposition(seen.value().composition(),
                            "entry " + id + ": " + seen.value().composition().reducedFormula()))
                    .orElseGet(() -> new Resolved.Hidden("entry " + id + " is not visible to you or has no composition")));
            case Bom.SubProduct sp -> {
                if (walk.within.contains(sp.productId())) {
                    // stored products were checked for cycles when saved; one made since by another product's change is cut here
                    yield new Resolved.Hidden("product " + sp.productId() + " contains itself");
                }
                Resolved known = walk.products.get(sp.productId());
                if (known != null) {
                    yield known;
                }
                if (walk.within.size() >= MAX_PRODUCT_NESTING) {
                    yield new Resolved.Hidden("products nest more than " + MAX_PRODUCT_NESTING + " deep");
                }
                Optional<Product> sub = find(caller, sp.productId());
                if (sub.isEmpty()) {
                    yield new Resolved.Hidden("product " + sp.productId() + " is not visible to you");
                }
                Bom subBom = sub.get().bom();
                walk.components += count(subBom.root());
                if (walk.components > MAX_EVALUATED_COMPONENTS) {
                    yield new Resolved.Hidden("the products it contains hold more than " + MAX_EVALUATED_COMPONENTS
                            + " components in all; not evaluated");
                }
                walk.within.push(sp.productId());
                try {
                    Resolved r = new Resolved.OfProduct(footprint(caller, subBom, walk), "product " + sub.get().name());
                    walk.products.put(sp.productId(), r);
                    yield r;
                } finally {
                    walk.within.pop();
                }
            }
        };
    }

    // ---- writing ----------------------------------------------------------------------------

    /** Stores a new product in a dataset the caller may write; every entry and product it names must be visible to them. */
    public Product create(RequestContext context, UUID datasetId, JsonNode bomJson) {
        Caller caller = context.caller();
        catalog.writableDataset(caller, datasetId);
        Bom bom = BomReader.read(bomJson);
        UUID id = Ids.newId();
        checkReferences(caller, bom, id);
        Product p = new Product(id, datasetId, bom.name(), 1, bomJson, caller.userId(), clock.instant(), clock.instant());
        store.db().tx(h -> {
            store.insert(h, p);
            audit.append(h, context, "product.create", "product", id, Json.object().put("dataset", datasetId.toString())
                    .put("name", bom.name()).put("components", count(bom.root())));
            return null;
        });
        return p;
    }

    /** Replaces a product's bill of materials (its revision goes up; passports already exported keep theirs). */
    public Product update(RequestContext context, UUID id, JsonNode bomJson) {
        Caller caller = context.caller();
        Product p = get(context, id);
        catalog.writableDataset(caller, p.datasetId());
        Bom bom = BomReader.read(bomJson);
        checkReferences(caller, bom, id);
        store.db().tx(h -> {
            store.get(h, id, true).orElseThrow(() -> Problem.notFound("product", id));
            store.update(h, id, bom.name(), Json.write(bomJson), clock.instant());
            audit.append(h, context, "product.update", "product", id, Json.object().put("name", bom.name())
                    .put("components", count(bom.root())));
            return null;
        });
        return store.get(id).orElseThrow();
    }

    /**
     * Deletes a product and its stored passports (exports already handed out still verify: the
     * hub's key stays). Products that used it as a sub-assembly show that part as not visible.
     */
    public void delete(RequestContext context, UUID id) {
        Product p = get(context, id);
        catalog.writableDataset(context.caller(), p.datasetId());
        store.db().tx(h -> {
            store.get(h, id, true).orElseThrow(() -> Problem.notFound("product", id));
            store.delete(h, id);
            audit.append(h, context, "product.delete", "product", id, Json.object().put("name", p.name())
                    .put("dataset", p.datasetId().toString()));
            return null;
        });
    }

    /**
     * Entries must be visible to the writer (a product cannot be a way to learn a hidden entry's
     * composition: the figures are computed as each reader may see it anyway); products must be
     * readable and must not contain {@code self}, directly or through others.
     */
    private void checkReferences(Caller caller, Bom bom, UUID self) {
        List<Problem.Issue> issues = new ArrayList<>();
        refs(bom.root(), "components", issues, caller, new LinkedHashSet<>(List.of(self)), new HashSet<>(), 0);
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues.size() > 20 ? issues.subList(0, 20) : issues);
        }
    }

    /** @param done sub-products already checked in this request: each is expanded once, however often it is named */
    private void refs(Bom.Component c, String path, List<Problem.Issue> issues, Caller caller, Set<UUID> chain, Set<UUID> done,
                      int depth) {
        if (issues.size() > 20) {
            return;
        }
        if (!c.leaf()) {
            for (int i = 0; i < c.parts().size(); i++) {
                refs(c.parts().get(i), path + "[" + i + "]" + (c.parts().get(i).leaf() ? "" : ".components"), issues,
                        caller, chain, done, depth);
            }
            return;
        }
        switch (c.material()) {
            case Bom.HubEntry e -> {
                Optional<Entry> seen = gate.findEntry(caller, e.entryId(), Visibility.METADATA).map(Gate.Seen::value);
                if (seen.isEmpty()) {
                    issues.add(new Problem.Issue(path + ".entry", "no entry " + e.entryId() + " that you may see"));
                } else if (seen.get().composition() == null) {
                    issues.add(new Problem.Issue(path + ".entry", "entry " + e.entryId() + " has no composition"));
                }
            }
            case Bom.SubProduct sp -> {
                if (chain.contains(sp.productId())) {
                    issues.add(new Problem.Issue(path + ".product", "product " + sp.productId()
                            + " would contain itself (a cycle through " + chain.size() + " product(s))"));
                    return;
                }
                if (done.contains(sp.productId())) {
                    return;
                }
                if (depth + 1 >= MAX_PRODUCT_NESTING) {
                    issues.add(new Problem.Issue(path + ".product", "products nest more than " + MAX_PRODUCT_NESTING + " deep"));
                    return;
                }
                Optional<Product> sub = find(caller, sp.productId());
                if (sub.isEmpty()) {
                    issues.add(new Problem.Issue(path + ".product", "no product " + sp.productId() + " that you may see"));
                    return;
                }
                chain.add(sp.productId());
                refs(sub.get().bom().root(), path + "(" + sub.get().name() + ").components", issues, caller, chain, done, depth + 1);
                chain.remove(sp.productId());
                done.add(sp.productId());
            }
            case Bom.Formula f -> {
            }
        }
    }

    static int count(Bom.Component c) {
        return 1 + c.parts().stream().mapToInt(Products::count).sum();
    }

    // ---- what-if ----------------------------------------------------------------------------

    /**
     * The product with one leaf's material replaced, side by side with the product as it is.
     *
     * @param path      the leaf's path as the footprint names it ("cell / cathode / active material")
     * @param material  the replacement, as a component's material fields (formula, entry, product, declared, recycled_fraction)
     */
    public WhatIf whatIf(RequestContext context, UUID id, String path, JsonNode material) {
        return whatIf(context.caller(), get(context, id), path, material);
    }

    /** As {@link #whatIf(RequestContext, UUID, String, JsonNode)} of a product whose read the caller recorded already. */
    public WhatIf whatIf(Caller caller, UUID id, String path, JsonNode material) {
        return whatIf(caller, seen(caller, id), path, material);
    }

    private WhatIf whatIf(Caller caller, Product p, String path, JsonNode material) {
        UUID id = p.id();
        ProductFootprint base = footprint(caller, p.bom(), new Walk(id));
        JsonNode variant = WhatIf.substitute(p.bomJson(), p.bom(), path, material);
        Bom vb = BomReader.read(variant);
        checkReferences(caller, vb, id);
        return new WhatIf(path, base, footprint(caller, vb, new Walk(id)));
    }

    /** At most this many of a screen's front are evaluated in the product. */
    public static final int MAX_SCREENED = 20;

    /**
     * The substitution screen (resources.SubstitutionScreen) run on one part's composition, and
     * each candidate on its front evaluated in the whole product: the part-level trade-off
     * (predicted property against supply risk) next to what the swap does to the product's
     * footprint, supply risk and critical content.
     *
     * @param screen the screen request without its formula (model, property goal, risk, with, …)
     */
    public ObjectNode substitutions(RequestContext context, UUID id, String path, JsonNode screen) {
        Caller caller = context.caller();
        Product p = get(context, id);
        Bom bom = p.bom();
        Walk within = new Walk(id);
        Bom.Component leaf = leaf(bom, path);
        if (!(resolve(caller, leaf.material(), within) instanceof Resolved.OfComposition oc)) {
            throw Problem.invalid("component", "'" + path + "' is not a composition you may see; a screen replaces elements of a composition");
        }
        if (screen == null || !screen.isObject()) {
            throw Problem.invalid("screen", "give the screen as for /api/v1/resources/screens, without formula "
                    + "(e.g. {\"model\": {\"baseline\": {\"dataset\": …, \"property\": …}}, \"goal\": {\"target\": 3.6}})");
        }
        if (screen.has("formula")) {
            throw Problem.invalid("screen.formula", "the part's own composition is the start of the screen; leave formula out");
        }
        ObjectNode request = ((ObjectNode) screen.deepCopy()).put("formula", oc.composition().reducedFormula());
        ObjectNode result = screens.runNow(context, request);
        ProductFootprint base = footprint(caller, bom, within);
        ObjectNode out = Json.object().put("component", path).put("start", oc.composition().reducedFormula());
        out.set("base", ProductJson.footprint(base));
        out.set("screen", result);
        var items = out.putArray("candidates");
        int n = 0;
        for (JsonNode c : result.path("front")) {
            if (n++ >= MAX_SCREENED) {
                break;
            }
            JsonNode variant = WhatIf.substitute(p.bomJson(), bom, path, Json.object().put("formula", c.path("formula").asString()));
            WhatIf w = new WhatIf(path, base, footprint(caller, BomReader.read(variant), within));
            ObjectNode x = items.addObject().put("formula", c.path("formula").asString());
            x.set("part", c);
            x.set("change", ProductJson.whatIf(w).get("change"));
            x.set("gwp_kg_co2eq", ProductJson.footprint(w.variant()).get("gwp_kg_co2eq"));
        }
        return out;
    }

    /** The leaf a footprint path names (the first, if names repeat; what-if refuses those). */
    private static Bom.Component leaf(Bom bom, String path) {
        if (path == null) {
            throw Problem.invalid("component", "name the part by its path, as the footprint lists it");
        }
        String[] names = path.split(" / ", -1);
        if (names.length < 2 || !names[0].strip().equals(bom.name())) {
            throw Problem.invalid("component", "no part '" + (path.length() > 200 ? path.substring(0, 200) + "…" : path) + "' in this product");
        }
        Bom.Component c = bom.root();
        for (int i = 1; i < names.length; i++) {
            final String name = names[i].strip();
            c = c.parts().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                    Problem.invalid("component", "no part '" + (path.length() > 200 ? path.substring(0, 200) + "…" : path) + "' in this product"));
        }
        if (!c.leaf()) {
            throw Problem.invalid("component", "'" + path + "' is an assembly; name one of its parts");
        }
        return c;
    }

    // ---- passports --------------------------------------------------------------------------

    /** Exports a new, signed passport version of the product as the caller sees it. */
    public ProductStore.StoredPassport exportPassport(RequestContext context, UUID id) {
        Caller caller = context.caller();
        Product p = get(context, id);
        catalog.writableDataset(caller, p.datasetId());
        ProductFootprint f = footprint(caller, p.bom(), new Walk(id));
        if (f.parts().stream().anyMatch(x -> !x.visible())) {
            throw Problem.conflict("this product names entries or products you may not see; a passport is exported only "
                    + "by someone who sees all of it");
        }
        return store.db().tx(h -> {
            store.get(h, id, true).orElseThrow(() -> Problem.notFound("product", id));
            int version = store.nextPassportVersion(h, id);
            HubSigner.Key key = signer.key();
            ObjectNode doc = Passport.document(p, f, references(caller, p.bom()), version, clock.instant(), key.keyId());
            String text = HubSigner.canonical(doc);
            var stored = new ProductStore.StoredPassport(id, version, p.revision(), text, signer.sign(text), key.keyId(),
                    caller.userId(), clock.instant());
            store.insertPassport(h, stored);
            audit.append(h, context, "product.passport", "product", id, Json.object().put("version", version)
                    .put("revision", p.revision()).put("key_id", key.keyId()));
            return stored;
        });
    }

    public List<ProductStore.StoredPassport> passports(RequestContext context, UUID id) {
        get(context, id);
        return store.passports(id).stream().filter(x -> mayRead(context.caller(), x)).toList();
    }

    /** As {@link #passports(RequestContext, UUID)} of a product whose read the caller recorded already. */
    public List<ProductStore.StoredPassport> passports(Caller caller, UUID id) {
        seen(caller, id);
        return store.passports(id).stream().filter(x -> mayRead(caller, x)).toList();
    }

    /** A stored passport; 404 to whoever may not see the product, or any entry or product the passport drew on. */
    public ProductStore.StoredPassport passport(RequestContext context, UUID id, int version) {
        get(context, id);
        return passport(context.caller(), id, version);
    }

    /** As {@link #passport(RequestContext, UUID, int)} of a product whose read the caller recorded already. */
    public ProductStore.StoredPassport passport(Caller caller, UUID id, int version) {
        seen(caller, id);
        return store.passport(id, version).filter(x -> mayRead(caller, x))
                .orElseThrow(() -> Problem.notFound("passport version", version));
    }

    /**
     * A passport holds figures derived from the entries it names as its exporter saw them; a later
     * reader must be able to see every one of them too.
     */
    private boolean mayRead(Caller caller, ProductStore.StoredPassport p) {
        JsonNode refs = Json.read(p.document()).path("references");
        for (JsonNode r : refs) {
            UUID ref = UUID.fromString(r.path("id").asString());
            boolean seen = switch (r.path("kind").asString()) {
                case "entry" -> gate.findEntry(caller, ref, Visibility.METADATA).isPresent();
                case "product" -> find(caller, ref).isPresent();
                default -> false;
            };
            if (!seen) {
                return false;
            }
        }
        return true;
    }

    /** Every entry and product the bill of materials draws on, through sub-products too. */
    private List<Passport.Reference> references(Caller caller, Bom bom) {
        Set<Passport.Reference> out = new LinkedHashSet<>();
        collect(caller, bom.root(), out, 0);
        return List.copyOf(out);
    }

    private void collect(Caller caller, Bom.Component c, Set<Passport.Reference> out, int depth) {
        c.parts().forEach(x -> collect(caller, x, out, depth));
        if (!c.leaf()) {
            return;
        }
        switch (c.material()) {
            case Bom.HubEntry e -> out.add(new Passport.Reference("entry", e.entryId()));
            case Bom.SubProduct sp -> {
                if (out.add(new Passport.Reference("product", sp.productId())) && depth < MAX_PRODUCT_NESTING) {
                    find(caller, sp.productId()).ifPresent(sub -> collect(caller, sub.bom().root(), out, depth + 1));
                }
            }
            case Bom.Formula f -> {
            }
        }
    }

    /**
     * Checks an exported passport: its signature over the canonical text of its {@code passport}
     * member, by a key of this hub. Needs no account: a signature is public.
     */
    public Passport.Verification verify(JsonNode export) {
        return Passport.verify(export, signer);
    }
}
