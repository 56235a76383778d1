package org.matdx.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.matdx.core.Problem;

/**
 * Keyset pagination position: the (created_at, id) of the last row seen. Opaque to clients;
 * stable under inserts, unlike offsets.
 */
public record Cursor(Instant createdAt, UUID id) {

    public String encode() {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "/" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Null for a null or empty cursor (the first page); a 400 problem for a malformed one. */
    public static Cursor decode(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int slash = raw.indexOf('/');
            String[] time = raw.substring(0, slash).split("\\.");
            return new Cursor(Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
                    UUID.fromString(raw.substring(slash + 1)));
        } catch (RuntimeException e) {
            throw Problem.invalid("cursor", "is not a cursor this server issued; start again without one");
        }
    }
}
