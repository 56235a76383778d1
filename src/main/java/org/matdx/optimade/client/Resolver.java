package org.matdx.optimade.client;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A provider's databases, found as optimade-python-tools finds them
 * ({@code optimade.utils.get_child_database_links}): the provider's base URL is its index
 * meta-database; its {@code /v1/links} lists the databases as links of type {@code child}, each
 * queried at its base URL + {@code /v1}; children whose {@code aggregate} is other than
 * {@code ok} are left out, as that client does by default. A provider whose base URL is a
 * database itself ({@code /v1/info} says {@code is_index: false}, as MatDX's does) is that
 * database. Answers are kept for an hour (failures for half a minute) per provider and address.
 */
final class Resolver {
    private static final Pattern VERSIONED = Pattern.compile(".*/v\\d+(\\.\\d+){0,2}$");
    /** More child links than this are not read (an index listing thousands is broken or hostile). */
    private static final int MAX_CHILDREN_READ = 200;

    private final Fetcher fetcher;
    private final FederationLimits limits;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    Resolver(Fetcher fetcher, FederationLimits limits, Clock clock) {
        this.fetcher = fetcher;
        this.limits = limits;
        this.clock = clock;
    }

    /** A provider's databases, or why it has none. */
    sealed interface Resolution permits Resolved, Unresolved {
    }

    record Resolved(List<Database> databases) implements Resolution {
    }

    record Unresolved(Failure failure) implements Resolution {
    }

    private record Cached(Resolution resolution, Instant expires) {
    }

    Resolution resolve(Provider p, AddressGuard guard, Instant deadline) {
        if (p.baseUrl() == null) {
            return new Unresolved(Failure.of(Failure.Kind.NO_DATABASE, "the provider list gives no base URL for " + p.id()
                    + " (registered, but serving no database)"));
        }
        String key = p.id() + " " + p.baseUrl();
        Cached c = cache.get(key);
        Instant now = clock.instant();
        if (c != null && c.expires().isAfter(now)) {
            return c.resolution();
        }
        Resolution r = lookUp(p, guard, deadline);
        boolean timedOut = r instanceof Unresolved u && u.failure().kind() == Failure.Kind.TIMEOUT;
        if (!timedOut) { // a slow answer says nothing about the next one: asked again next time
            cache.put(key, new Cached(r, now.plus(r instanceof Resolved ? limits.resolutionTtl() : limits.failedResolutionTtl())));
        }
        return r;
    }

    private Resolution lookUp(Provider p, AddressGuard guard, Instant deadline) {
        String base = strip(p.baseUrl().toString());
        String unversioned = VERSIONED.matcher(base).matches() ? base.substring(0, base.lastIndexOf('/')) : base;
        Fetcher.Fetched info = fetcher.get(URI.create(unversioned + "/v1/info"), guard, deadline);
        if (info instanceof Fetcher.Failed f) {
            return new Unresolved(f.failure().during("reading " + unversioned + "/v1/info"));
        }
        JsonNode attributes = ((Fetcher.Document) info).json().path("data").path("attributes");
        if (!attributes.isObject()) {
            return new Unresolved(Failure.of(Failure.Kind.INVALID_RESPONSE, unversioned + "/v1/info is not an OPTIMADE info document"));
        }
        if (!attributes.path("is_index").asBoolean(false)) {
            return new Resolved(List.of(new Database(p.id(), p.id(), p.name(), URI.create(unversioned + "/v1"))));
        }
        Fetcher.Fetched links = fetcher.get(URI.create(unversioned + "/v1/links"), guard, deadline);
        if (links instanceof Fetcher.Failed f) {
            return new Unresolved(f.failure().during("reading the index " + unversioned + "/v1/links"));
        }
        JsonNode data = ((Fetcher.Document) links).json().path("data");
        if (!data.isArray()) {
            return new Unresolved(Failure.of(Failure.Kind.INVALID_RESPONSE, unversioned + "/v1/links has no list of links"));
        }
        List<Database> out = new ArrayList<>();
        for (JsonNode link : data) {
            if (out.size() >= MAX_CHILDREN_READ) {
                break;
            }
            JsonNode a = link.path("attributes");
            String id = link.path("id").asString("");
            String aggregate = a.path("aggregate").asString("ok");
            if (!a.path("link_type").asString("").equals("child") || !aggregate.equals("ok")
                    || !ProviderList.ID.matcher(id).matches()) {
                continue;
            }
            URI childBase = ProviderList.url(a.get("base_url"), "base_url", new ArrayList<>());
            if (childBase == null) {
                continue; // no address, or not one MatDX contacts (file:, credentials …)
            }
            String b = strip(childBase.toString());
            String name = a.path("name").isString() ? Fetcher.clean(a.get("name").asString()) : id;
            out.add(new Database(p.id() + "/" + id, p.id(), p.name() + ": " + name,
                    URI.create(VERSIONED.matcher(b).matches() ? b : b + "/v1")));
        }
        if (out.isEmpty()) {
            return new Unresolved(Failure.of(Failure.Kind.NO_DATABASE, "the index " + unversioned
                    + " lists no child database open to aggregation"));
        }
        return new Resolved(out);
    }

    private static String strip(String url) {
        return url.replaceAll("/+$", "");
    }
}
