package org.matdx.core;

import java.time.Instant;
import java.util.UUID;

/** An organisation or project whose members share data. */
public record Group(UUID id, String name, String title, Instant createdAt) {
}
