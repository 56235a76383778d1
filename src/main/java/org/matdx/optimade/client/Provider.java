package org.matdx.optimade.client;

import java.net.URI;

/**
 * One entry of a provider list, as the OPTIMADE providers registry writes it (a {@code links}
 * resource): its registry id (also the prefix of its own fields), name, description, the base URL
 * of its index meta-database or of its one database (null: registered but serving nothing),
 * homepage and link type.
 */
public record Provider(String id, String name, String description, URI baseUrl, String homepage, String linkType) {
}
