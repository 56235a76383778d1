package org.matdx.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Plain JDBC with positional parameters for the statements every ingested file runs (entry row,
 * files, blobs, audit event). Jdbi resolves an argument factory for each bound value by reflection
 * on every execution; on this path that was a fifth of the Java time — more than the PostgreSQL
 * driver itself (docs/BENCHMARKS.md). Runs on the handle's connection, inside its transaction.
 * pgjdbc still prepares each SQL text once per connection and reuses it.
 */
public final class Jdbc {
    private Jdbc() {
    }

    /** A text[] (or other) array parameter: {@code new Jdbc.Array("text", list)}. */
    public record Array(String elementType, List<?> values) {
    }

    public static int update(Handle h, String sql, Object... args) {
        Connection c = h.getConnection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /** Runs {@code sql} once per row of arguments as one JDBC batch (one round trip). */
    public static void batch(Handle h, String sql, List<Object[]> rows) {
        Connection c = h.getConnection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] args : rows) {
                bind(c, ps, args);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e.getNextException() != null ? e.getNextException() : e, null);
        }
    }

    /** The first column of the single row {@code sql} returns (null when that value is null). */
    public static <T> T one(Handle h, String sql, Class<T> type, Object... args) {
        Connection c = h.getConnection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row from: " + sql);
                }
                return rs.getObject(1, type);
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static void bind(Connection c, PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            int p = i + 1;
            switch (a) {
                case null -> ps.setNull(p, Types.NULL);
                case String s -> ps.setString(p, s);
                case UUID u -> ps.setObject(p, u);
                case Integer n -> ps.setInt(p, n);
                case Long n -> ps.setLong(p, n);
                case Double d -> ps.setDouble(p, d);
                case Boolean b -> ps.setBoolean(p, b);
                case byte[] bytes -> ps.setBytes(p, bytes);
                case Instant t -> ps.setObject(p, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
                case Array arr -> ps.setArray(p, c.createArrayOf(arr.elementType(), arr.values().toArray()));
                default -> throw new IllegalArgumentException("cannot bind a " + a.getClass().getName());
            }
        }
    }
}
