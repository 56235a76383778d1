package org.matdx.optimade.client;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.core.RequestContext;
import org.matdx.optimade.OptimadeImport;
import org.matdx.optimade.filter.FilterException;
import org.matdx.optimade.filter.FilterParser;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Searches the listed providers' databases at once. The filter is checked with MatDX's own
 * OPTIMADE grammar before anyone is asked; each named provider is resolved to its databases
 * ({@link Resolver}) and every database is asked in parallel, each within the same deadline, so a
 * slow or broken provider costs its own result and nothing else. MatDX asks as nobody in
 * particular: no credential of the caller's is ever sent, so only what a provider shows the
 * public comes back.
 */
public final class Federation {
    /** What MatDX asks each provider for: enough to list a hit; an import fetches the whole entry. */
    static final String RESPONSE_FIELDS = "chemical_formula_reduced,chemical_formula_descriptive,elements,nsites,"
            + "immutable_id,last_modified";
    private static final Set<String> LISTED = Set.of(RESPONSE_FIELDS.split(","));
    private static final Pattern NAME = Pattern.compile(ProviderList.ID.pattern() + "(/" + ProviderList.ID.pattern() + ")?");
    /** A cursor is the query part of a provider's next link: URI query characters only. */
    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9._~%!$&'()*+,;=:@/?-]{1,4000}");
    private static final int DEFAULT_PAGE_LIMIT = 10;
    /** How long a search waits for a turn when the most searches MatDX runs at once are running. */
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(2);
    private static final long INNER_GRACE_MS = 300;
    private static final long OUTER_GRACE_MS = 1000;

    private final Supplier<ProviderList> providers;
    private final FederationLimits limits;
    private final Fetcher fetcher;
    private final Resolver resolver;
    private final Semaphore running;
    private final OptimadeImport importer;

    /**
     * @param providers the list in force, read at each search
     * @param importer  how a hit becomes an entry (null where nothing is imported, as in the CLI)
     */
    public Federation(Supplier<ProviderList> providers, FederationLimits limits, Clock clock, String userAgent,
                      OptimadeImport importer) {
        this.providers = providers;
        this.limits = limits;
        this.fetcher = new Fetcher(limits, userAgent);
        this.resolver = new Resolver(fetcher, limits, clock);
        this.running = new Semaphore(limits.concurrentSearches());
        this.importer = importer;
    }

    public FederationLimits limits() {
        return limits;
    }

    public ProviderList providers() {
        return providers.get();
    }

    /**
     * A search as a request states it; every parameter as text, checked by {@link #search}.
     *
     * @param providers comma-separated provider ids or {@code provider/child} database ids (required)
     * @param after     the cursor of one database's next page (then {@code providers} names that database only)
     */
    public record Request(String filter, String providers, String pageLimit, String after) {
    }

    /** A request checked: the parsed names and page size. */
    private record Checked(String filter, List<String> names, int pageLimit, String after) {
    }

    public FederatedSearch search(Request request) {
        ProviderList list = providers.get();
        Checked q = check(request, list);
        try {
            if (!running.tryAcquire(QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Problem(Problem.Type.UNAVAILABLE, "MatDX is running as many federated searches as it allows ("
                        + limits.concurrentSearches() + "); try again in a moment");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Problem(Problem.Type.UNAVAILABLE, "the search was interrupted");
        }
        try {
            return fanOut(q, list);
        } finally {
            running.release();
        }
    }

    private Checked check(Request r, ProviderList list) {
        String filter = r.filter() == null ? "" : r.filter().strip();
        if (!filter.isEmpty()) {
            try {
                FilterParser.parse(filter);
            } catch (FilterException e) {
                throw new Problem(Problem.Type.BAD_REQUEST, "filter: " + e.getMessage(),
                        List.of(new Problem.Issue("filter", e.getMessage())));
            }
        }
        int pageLimit = DEFAULT_PAGE_LIMIT;
        if (r.pageLimit() != null && !r.pageLimit().isBlank()) {
            try {
                pageLimit = Integer.parseInt(r.pageLimit().strip());
            } catch (NumberFormatException e) {
                pageLimit = -1;
            }
            if (pageLimit < 1 || pageLimit > limits.maxPageLimit()) {
                throw Problem.invalid("page_limit", "must be a whole number from 1 to " + limits.maxPageLimit());
            }
        }
        List<String> names = names(r.providers(), list);
        String after = r.after() == null || r.after().isEmpty() ? null : r.after();
        if (after != null) {
            if (!CURSOR.matcher(after).matches()) {
                throw Problem.invalid("after", "is not a cursor MatDX gave (the query of a provider's next page, at most "
                        + "4000 URL characters)");
            }
            if (names.size() != 1) {
                throw Problem.invalid("providers", "a cursor (after) pages one database: name exactly that database");
            }
        }
        return new Checked(filter, names, pageLimit, after);
    }

    private List<String> names(String text, ProviderList list) {
        if (text == null || text.isBlank()) {
            // never "every provider" by default: a request that names nobody sends nothing anywhere
            throw Problem.invalid("providers", "name the providers to ask, comma-separated (such as mp,oqmd); the list is "
                    + "at /api/v1/optimade/providers");
        }
        if (text.length() > limits.maxProvidersNamed() * 130) {
            throw Problem.invalid("providers", "names more than " + limits.maxProvidersNamed() + " providers");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String n = part.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(n).matches()) {
                throw Problem.invalid("providers", "'" + Fetcher.clean(n.length() > 40 ? n.substring(0, 40) + "…" : n)
                        + "' is not a provider id (such as mp) or a database id (such as mcloud/mc3d)");
            }
            names.add(n);
        }
        if (names.size() > limits.maxProvidersNamed()) {
            throw Problem.invalid("providers", "names " + names.size() + " providers; at most " + limits.maxProvidersNamed()
                    + " are asked at once");
        }
        List<String> unknown = names.stream().map(n -> n.split("/")[0]).filter(id -> list.find(id).isEmpty()).distinct().toList();
        if (!unknown.isEmpty()) {
            throw Problem.invalid("providers", "not in the provider list: " + String.join(", ", unknown.subList(0,
                    Math.min(5, unknown.size()))) + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "")
                    + "; the list is at /api/v1/optimade/providers");
        }
        return List.copyOf(names);
    }

    private FederatedSearch fanOut(Checked q, ProviderList list) {
        Instant deadline = Instant.now().plus(limits.timeout());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        AtomicInteger budget = new AtomicInteger(limits.maxDatabases());
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<List<FederatedSearch.DatabaseResult>>> futures = new ArrayList<>();
            for (String name : q.names()) {
                futures.add(pool.submit(() -> provider(name, list, q, deadline, pool, budget, notes)));
            }
            List<FederatedSearch.DatabaseResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                String name = q.names().get(i);
                Provider p = list.find(name.split("/")[0]).orElseThrow();
                results.addAll(await(futures.get(i), deadline, OUTER_GRACE_MS, name, p.name()));
            }
            return new FederatedSearch(q.filter(), q.pageLimit(), results, notes);
        } finally {
            pool.shutdownNow(); // whatever still runs is past its deadline: interrupted, its answer unread
        }
    }

    /** One named provider (or database): resolved, then each of its databases asked in parallel. */
    private List<FederatedSearch.DatabaseResult> provider(String name, ProviderList list, Checked q, Instant deadline,
                                                          ExecutorService pool, AtomicInteger budget, List<String> notes) {
        long start = System.nanoTime();
        String[] parts = name.split("/");
        Provider p = list.find(parts[0]).orElseThrow();
        AddressGuard guard = p.baseUrl() == null ? new AddressGuard(false) : AddressGuard.forProvider(p.baseUrl());
        Resolver.Resolution r = resolver.resolve(p, guard, deadline);
        if (r instanceof Resolver.Unresolved u) {
            return List.of(new FederatedSearch.Failed(name, p.name(), u.failure(), millis(start)));
        }
        List<Database> all = ((Resolver.Resolved) r).databases();
        List<Database> chosen;
        if (parts.length == 2) {
            chosen = all.stream().filter(d -> d.id().equals(name)).toList();
            if (chosen.isEmpty()) {
                return List.of(new FederatedSearch.Failed(name, p.name(), Failure.of(Failure.Kind.NO_DATABASE,
                        p.id() + " lists no database " + parts[1] + " open to aggregation"), millis(start)));
            }
        } else if (q.after() != null && all.size() > 1) {
            return List.of(new FederatedSearch.Failed(name, p.name(), Failure.of(Failure.Kind.NO_DATABASE, "a cursor pages one "
                    + "database, and " + p.id() + " has " + all.size() + ": name it as " + all.get(0).id() + " or another"),
                    millis(start)));
        } else {
            chosen = all.subList(0, Math.min(all.size(), limits.maxChildrenPerProvider()));
            if (chosen.size() < all.size()) {
                notes.add(p.id() + " lists " + all.size() + " databases; the first " + chosen.size() + " were asked (name "
                        + "another as " + p.id() + "/<database>)");
            }
        }
        List<Future<List<FederatedSearch.DatabaseResult>>> futures = new ArrayList<>();
        List<Database> asked = new ArrayList<>();
        for (Database d : chosen) {
            if (budget.getAndDecrement() <= 0) {
                notes.add(d.id() + " was not asked: one search asks at most " + limits.maxDatabases() + " databases");
                continue;
            }
            asked.add(d);
            futures.add(pool.submit(() -> List.of(page(d, guard, q, deadline))));
        }
        List<FederatedSearch.DatabaseResult> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            out.addAll(await(futures.get(i), deadline, INNER_GRACE_MS, asked.get(i).id(), asked.get(i).name()));
        }
        return out;
    }

    /**
     * A task's results, or a timeout in its place. It is waited for a little past the deadline (a
     * task at its deadline reports the timeout itself); a provider's task waits less past it than
     * the search waits for the provider, so the databases that answered are not lost with the one
     * that did not.
     */
    private List<FederatedSearch.DatabaseResult> await(Future<List<FederatedSearch.DatabaseResult>> f, Instant deadline,
                                                       long graceMillis, String database, String name) {
        long start = System.nanoTime();
        try {
            long wait = Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) + graceMillis;
            return f.get(wait, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return List.of(new FederatedSearch.Failed(database, name, Failure.of(Failure.Kind.TIMEOUT, "no complete answer "
                    + "within " + limits.timeout().toMillis() / 1000.0 + " s"), millis(start)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return List.of(new FederatedSearch.Failed(database, name, Failure.of(Failure.Kind.TIMEOUT, "interrupted"), millis(start)));
        } catch (ExecutionException e) {
            // a bug of ours in reading one provider's answer stays that provider's failure
            LoggerFactory.getLogger(Federation.class).error("Federated search of {} failed", database, e.getCause());
            return List.of(new FederatedSearch.Failed(database, name, Failure.of(Failure.Kind.INVALID_RESPONSE,
                    "MatDX could not read this provider's answer (logged)"), millis(start)));
        }
    }

    /** One page of one database. */
    private FederatedSearch.DatabaseResult page(Database d, AddressGuard guard, Checked q, Instant deadline) {
        long start = System.nanoTime();
        String query = q.after() != null ? q.after()
                : (q.filter().isEmpty() ? "" : "filter=" + enc(q.filter()) + "&") + "page_limit=" + q.pageLimit()
                        + "&response_fields=" + RESPONSE_FIELDS;
        URI uri = URI.create(d.versionedBase() + "/structures?" + query);
        Fetcher.Fetched f = fetcher.get(uri, guard, deadline);
        if (f instanceof Fetcher.Failed failed) {
            return new FederatedSearch.Failed(d.id(), d.name(), failed.failure(), millis(start));
        }
        JsonNode doc = ((Fetcher.Document) f).json();
        JsonNode data = doc.get("data");
        if (data == null || !data.isArray()) {
            return new FederatedSearch.Failed(d.id(), d.name(), Failure.of(Failure.Kind.INVALID_RESPONSE,
                    "the answer has no list of structures (data)"), millis(start));
        }
        List<FederatedSearch.Hit> hits = new ArrayList<>();
        for (JsonNode item : data) {
            if (hits.size() >= q.pageLimit()) {
                break; // a provider that ignores page_limit gets no more room than one that keeps it
            }
            FederatedSearch.Hit h = hit(item);
            if (h == null) {
                return new FederatedSearch.Failed(d.id(), d.name(), Failure.of(Failure.Kind.INVALID_RESPONSE,
                        "an entry of the answer is not an OPTIMADE structure with an id"), millis(start));
            }
            hits.add(h);
        }
        JsonNode meta = doc.path("meta");
        Long returned = meta.path("data_returned").isIntegralNumber() ? meta.get("data_returned").asLong() : null;
        String next = cursor(doc.path("links").get("next"));
        boolean more = meta.path("more_data_available").asBoolean(false) || next != null;
        return new FederatedSearch.Answered(d.id(), d.name(), d.versionedBase().toString(), hits, returned, more, next,
                millis(start));
    }

    private static FederatedSearch.Hit hit(JsonNode item) {
        if (!item.isObject() || !item.path("type").asString("").equals("structures")
                || !(item.path("id").isString() || item.path("id").isIntegralNumber())) {
            return null;
        }
        String id = item.get("id").asString();
        if (id.isEmpty() || id.length() > 500) {
            return null;
        }
        ObjectNode kept = Json.object();
        JsonNode a = item.path("attributes");
        for (String field : LISTED) {
            JsonNode v = a.get(field);
            if (v != null && (v.isString() || v.isNumber() || v.isNull())) {
                kept.set(field, v.isString() ? Json.MAPPER.getNodeFactory().stringNode(Fetcher.clean(v.asString())) : v);
            } else if (v != null && v.isArray() && field.equals("elements")) {
                ArrayNode els = kept.putArray(field);
                v.forEach(e -> {
                    if (e.isString() && e.asString().length() <= 3) {
                        els.add(e.asString());
                    }
                });
            }
        }
        List<String> elements = new ArrayList<>();
        kept.path("elements").forEach(e -> elements.add(e.asString()));
        String formula = kept.path("chemical_formula_reduced").isString() ? kept.get("chemical_formula_reduced").asString()
                : kept.path("chemical_formula_descriptive").asString(null);
        return new FederatedSearch.Hit(Fetcher.clean(id), formula, elements,
                kept.path("nsites").isIntegralNumber() ? kept.get("nsites").asInt() : null,
                kept.path("immutable_id").asString(null), kept.path("last_modified").asString(null), kept);
    }

    /** The query part of a provider's next link (a string, or a links object with href), or null. */
    private static String cursor(JsonNode next) {
        String href = next == null ? null : next.isString() ? next.asString() : next.path("href").asString(null);
        if (href == null || href.isBlank()) {
            return null;
        }
        try {
            String query = URI.create(href.strip()).getRawQuery();
            return query != null && CURSOR.matcher(query).matches() ? query : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Imports one structure of a listed database into a dataset the caller may write to. MatDX
     * fetches the entry itself from that database (a hit's attributes as a browser posts them
     * could be anything), and {@link OptimadeImport} keeps where it came from: the provider's
     * prefix, the database's address, the entry's id, immutable_id and last_modified.
     */
    public OptimadeImport.Result importStructure(RequestContext context, UUID datasetId, String database, String entryId) {
        if (importer == null) {
            throw new IllegalStateException("this Federation imports nothing");
        }
        ProviderList list = providers.get();
        if (database == null || !NAME.matcher(database).matches()) {
            throw Problem.invalid("database", "must be a database id from a federated search (such as mp or mcloud/mc3d)");
        }
        if (entryId == null || entryId.isEmpty() || entryId.length() > 500 || entryId.chars().anyMatch(c -> c < 0x20)) {
            throw Problem.invalid("id", "must be the id of a structure in that database (at most 500 characters)");
        }
        Provider p = list.find(database.split("/")[0]).orElseThrow(() -> Problem.invalid("database", "'" + database
                + "' is not in the provider list"));
        Instant deadline = Instant.now().plus(limits.timeout());
        AddressGuard guard = p.baseUrl() == null ? new AddressGuard(false) : AddressGuard.forProvider(p.baseUrl());
        Resolver.Resolution r = resolver.resolve(p, guard, deadline);
        if (r instanceof Resolver.Unresolved u) {
            throw unavailable(database, u.failure());
        }
        Database d = ((Resolver.Resolved) r).databases().stream().filter(x -> x.id().equals(database)).findFirst()
                .orElseThrow(() -> Problem.invalid("database", p.id() + " has no database " + database));
        String entryUrl = d.versionedBase() + "/structures/" + URLEncoder.encode(entryId, StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode doc = entry(fetcher.get(URI.create(entryUrl), guard, deadline), database, entryId);
        ObjectNode entry = (ObjectNode) doc.get("data").deepCopy();
        ObjectNode attributes = entry.path("attributes").isObject() ? (ObjectNode) entry.get("attributes") : entry.putObject("attributes");
        if (!attributes.has("immutable_id") || !attributes.has("last_modified")) {
            // a provider may leave them out unless asked (MatDX does); asked for on their own, they complete the provenance
            JsonNode more = entry(fetcher.get(URI.create(entryUrl + "?response_fields=immutable_id,last_modified"), guard, deadline),
                    database, entryId).get("data").path("attributes");
            for (String field : List.of("immutable_id", "last_modified")) {
                if (!attributes.has(field) && more.has(field)) {
                    attributes.set(field, more.get(field));
                }
            }
        }
        entry.remove("relationships"); // the references it cites are not fetched; the import would refuse the dangling links
        ObjectNode provider = doc.path("meta").path("provider").isObject()
                ? (ObjectNode) doc.path("meta").path("provider").deepCopy() : Json.object();
        if (!provider.path("prefix").isString()) {
            provider.put("prefix", p.id());
        }
        if (!provider.path("name").isString()) {
            provider.put("name", p.name());
        }
        ObjectNode meta = Json.object();
        meta.set("provider", provider);
        meta.putObject("query").put("base_url", d.versionedBase().toString());
        String lines = "{\"x-optimade\": {\"api_version\": \"1.2.0\"}}\n" + Json.write(Json.object().set("meta", meta))
                + "\n" + Json.write(entry) + "\n";
        return importer.importInto(context, datasetId, new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)),
                database + " " + entryId);
    }

    /** The document of one structure, or the problem to answer instead. */
    private static JsonNode entry(Fetcher.Fetched f, String database, String entryId) {
        if (f instanceof Fetcher.Failed failed) {
            if (failed.failure().httpStatus() != null && failed.failure().httpStatus() == 404) {
                throw Problem.notFound("structure of " + database, entryId);
            }
            throw unavailable(database, failed.failure());
        }
        JsonNode doc = ((Fetcher.Document) f).json();
        JsonNode data = doc.get("data");
        if (data == null || !data.isObject() || !data.path("type").asString("").equals("structures")
                || !data.path("id").asString("").equals(entryId)) {
            throw unavailable(database, Failure.of(Failure.Kind.INVALID_RESPONSE, "the answer is not the structure " + entryId));
        }
        return doc;
    }

    private static Problem unavailable(String database, Failure f) {
        return new Problem(Problem.Type.UNAVAILABLE, database + " could not be read (" + f.kind().code() + "): " + f.detail());
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
