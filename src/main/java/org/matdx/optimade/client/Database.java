package org.matdx.optimade.client;

import java.net.URI;

/**
 * One OPTIMADE database MatDX can query: {@code id} is the provider's registry id, or
 * {@code provider/child} for a child database of a provider's index; {@code versionedBase} is the
 * versioned base URL queries go to ({@code …/v1}).
 */
public record Database(String id, String providerId, String name, URI versionedBase) {
}
