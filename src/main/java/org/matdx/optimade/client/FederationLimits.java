package org.matdx.optimade.client;

import java.time.Duration;

/**
 * What one federated search may cost: how long each provider gets (resolution and query
 * together), how many bytes one answer may have before it is refused (read as a stream, never
 * buffered past the cap), how many redirects are followed, how many providers and databases one
 * search names or fans out to, and the largest page asked of a provider. docs/SECURITY.md.
 */
public record FederationLimits(Duration timeout, long maxResponseBytes, int maxRedirects, int maxProvidersNamed,
                               int maxDatabases, int maxChildrenPerProvider, int maxPageLimit, int concurrentSearches,
                               Duration resolutionTtl, Duration failedResolutionTtl) {
    public static final FederationLimits DEFAULTS = new FederationLimits(Duration.ofSeconds(10), 10L * 1024 * 1024, 3, 20,
            30, 10, 100, 8, Duration.ofHours(1), Duration.ofSeconds(30));

    public FederationLimits withTimeout(Duration t) {
        return new FederationLimits(t, maxResponseBytes, maxRedirects, maxProvidersNamed, maxDatabases, maxChildrenPerProvider,
                maxPageLimit, concurrentSearches, resolutionTtl, failedResolutionTtl);
    }

    public FederationLimits withMaxResponseBytes(long bytes) {
        return new FederationLimits(timeout, bytes, maxRedirects, maxProvidersNamed, maxDatabases, maxChildrenPerProvider,
                maxPageLimit, concurrentSearches, resolutionTtl, failedResolutionTtl);
    }
}
