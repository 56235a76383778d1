package org.matdx.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A migration that has landed is frozen: installations ran it, and Flyway refuses to start when a
 * file's checksum (comments included) no longer matches what it ran. Each landed file's SHA-256 is
 * listed in {@code landed-migrations.sha256}; a new migration adds its line there.
 */
class LandedMigrationsTest {
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    @Test
    void noLandedMigrationChanges() throws IOException, NoSuchAlgorithmException {
        Map<String, String> landed = new LinkedHashMap<>();
        try (InputStream in = LandedMigrationsTest.class.getResourceAsStream("landed-migrations.sha256")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank()) {
                    String[] parts = line.trim().split("\\s+", 2);
                    landed.put(parts[1], parts[0]);
                }
            }
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (var e : landed.entrySet()) {
            Path file = MIGRATIONS.resolve(e.getKey());
            assertThat(file).as("landed migration %s is still there", e.getKey()).exists();
            assertThat(HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file))))
                    .as("%s changed after it landed: add a new migration instead", e.getKey()).isEqualTo(e.getValue());
        }
        try (var files = Files.list(MIGRATIONS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).toList())
                    .as("every migration is listed in landed-migrations.sha256").allMatch(landed::containsKey);
        }
    }
}
