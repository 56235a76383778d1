package org.matdx.core;

import java.util.UUID;

public record Membership(UUID groupId, UUID userId, Role role) {
}
