package org.matdx.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;

/** Small helpers for reading PostgreSQL types out of JDBC result sets. */
public final class Rows {
    private Rows() {
    }

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static JsonNode json(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : Json.read(s);
    }

    public static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        if (a == null) {
            return List.of();
        }
        return List.of((String[]) a.getArray());
    }

    public static List<Double> doubles(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        if (a == null) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList((Double[]) a.getArray()));
    }
}
