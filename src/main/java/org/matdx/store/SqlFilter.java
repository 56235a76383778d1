package org.matdx.store;

import java.util.Map;

/**
 * A SQL boolean expression with its named parameters, e.g. the access policy's "datasets this
 * caller may read" over alias {@code d}. Parameter names must be unique within a query; the
 * producers prefix them.
 */
public record SqlFilter(String sql, Map<String, Object> params) {
    public SqlFilter {
        params = Map.copyOf(params);
    }

    public static final SqlFilter TRUE = new SqlFilter("TRUE", Map.of());
}
