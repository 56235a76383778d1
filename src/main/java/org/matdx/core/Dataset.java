package org.matdx.core;

import java.time.Instant;
import java.util.UUID;

/**
 * A collection of entries with one owner, licence and access policy — what a researcher
 * publishes, cites and shares.
 *
 * @param license SPDX identifier, e.g. {@code CC-BY-4.0}
 * @param groupId the sharing group, or null
 * @param template the template entries are structured with, or null for mixed datasets
 */
public record Dataset(UUID id, String title, String description, String license, UUID ownerId, UUID groupId,
                      String template, AccessSettings access, Instant createdAt, Instant updatedAt) {
}
