package org.matdx.optimade;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query parameters of an OPTIMADE request, checked as the specification requires: unknown
 * parameters without a database prefix are 400 errors, other databases' parameters are ignored,
 * {@code page_limit} above the maximum is 403.
 *
 * @param fields        response_fields, or null when absent
 * @param sort          sort fields, each with '-' for descending
 * @param includeReferences whether related references go into {@code included}
 * @param exactCount    {@code _matdx_count=exact}: count every match even when there are very many
 */
public record OptimadeQuery(String filter, int limit, int offset, List<String> sort, Set<String> fields,
                            boolean includeReferences, List<String> warnings, boolean exactCount) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 500;
    /** Most response_fields: more properties than any entry type has. */
    public static final int MAX_FIELDS = 200;
    private static final Set<String> LISTING = Set.of("filter", "page_limit", "page_offset", "page_number", "page_cursor",
            "page_above", "page_below", "sort", "include", "response_format", "email_address", "response_fields", "api_hint");
    private static final Pattern PROVIDER_PARAM = Pattern.compile("^_[a-z0-9]+_.+");
    private static final Pattern API_HINT = Pattern.compile("^v\\d+(\\.\\d+)?$");
    /** MatDX's own parameter: {@code _matdx_count=exact} asks for an exact data_returned however many match. */
    public static final String COUNT_PARAM = "_matdx_count";

    public OptimadeQuery {
        sort = List.copyOf(sort);
        warnings = List.copyOf(warnings);
    }

    /** Parameters of an entry listing ({@code /structures}): everything is checked. */
    public static OptimadeQuery listing(Map<String, List<String>> params) {
        List<String> warnings = new ArrayList<>();
        for (String p : params.keySet()) {
            if (LISTING.contains(p)) {
                continue;
            }
            if (p.equals(COUNT_PARAM)) {
                continue;
            }
            if (PROVIDER_PARAM.matcher(p).matches()) {
                if (p.startsWith("_" + FilterSql.PREFIX + "_")) {
                    warnings.add("the query parameter " + p + " is not one MatDX knows; it was ignored");
                }
                continue;
            }
            throw OptimadeException.badRequest(p, "'" + p + "' is not an OPTIMADE query parameter; the entry listing "
                    + "takes filter, page_limit, page_offset, page_number, sort, include, response_format, email_address, "
                    + "response_fields and api_hint (database-specific ones start with a prefix such as _matdx_)");
        }
        common(params);
        for (String p : List.of("page_cursor", "page_above", "page_below")) {
            if (!single(params, p).isEmpty()) {
                throw OptimadeException.notImplemented(p, p + " pagination is not implemented; use page_offset or page_number");
            }
        }
        int limit = DEFAULT_LIMIT;
        String l = single(params, "page_limit");
        if (!l.isEmpty()) {
            limit = integer("page_limit", l);
            if (limit < 1) {
                throw OptimadeException.badRequest("page_limit", "page_limit must be at least 1");
            }
            if (limit > MAX_LIMIT) {
                throw new OptimadeException(403, "Forbidden", "page_limit " + limit + " is above the maximum of "
                        + MAX_LIMIT + " entries per page", "page_limit");
            }
        }
        int offset = 0;
        String o = single(params, "page_offset");
        String n = single(params, "page_number");
        if (!o.isEmpty() && !n.isEmpty()) {
            throw OptimadeException.badRequest("page_number", "give page_offset or page_number, not both");
        }
        if (!o.isEmpty()) {
            offset = integer("page_offset", o);
            if (offset < 0) {
                throw OptimadeException.badRequest("page_offset", "page_offset cannot be negative");
            }
        }
        if (!n.isEmpty()) {
            int page = integer("page_number", n);
            if (page < 1) {
                throw OptimadeException.badRequest("page_number", "page_number counts from 1");
            }
            if ((long) (page - 1) * limit > Integer.MAX_VALUE) {
                throw OptimadeException.badRequest("page_number", "page_number is too large");
            }
            offset = (page - 1) * limit;
        }
        List<String> sort = new ArrayList<>();
        for (String s : single(params, "sort").split(",")) {
            if (!s.isBlank()) {
                sort.add(s.strip());
            }
        }
        String filter = single(params, "filter");
        String count = single(params, COUNT_PARAM);
        if (!count.isEmpty() && !count.equals("exact") && !count.equals("capped")) {
            throw OptimadeException.badRequest(COUNT_PARAM, COUNT_PARAM + " must be exact or capped");
        }
        return new OptimadeQuery(filter.isBlank() ? null : filter, limit, offset, sort, fields(params), include(params),
                warnings, count.equals("exact"));
    }

    /** Parameters of a single entry ({@code /structures/{id}}): unknown ones are ignored, as the specification says. */
    public static OptimadeQuery single(Map<String, List<String>> params) {
        common(params);
        String slices = single(params, "dimension_slices");
        if (!slices.isBlank()) {
            throw OptimadeException.notImplemented("dimension_slices", "dimension_slices is not implemented; "
                    + "the whole of every list property is returned");
        }
        return new OptimadeQuery(null, 1, 0, List.of(), fields(params), include(params), List.of(), false);
    }

    private static void common(Map<String, List<String>> params) {
        String format = single(params, "response_format");
        if (!format.isEmpty() && !format.equals("json")) {
            throw OptimadeException.badRequest("response_format", "response_format '" + format
                    + "' is not available; MatDX answers in json");
        }
        String hint = single(params, "api_hint");
        if (!hint.isEmpty() && !API_HINT.matcher(hint).matches()) {
            throw OptimadeException.badRequest("api_hint", "api_hint must look like v1 or v1.2");
        }
    }

    private static Set<String> fields(Map<String, List<String>> params) {
        if (!params.containsKey("response_fields")) {
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String f : single(params, "response_fields").split(",")) {
            if (!f.isBlank()) {
                fields.add(f.strip());
            }
        }
        if (fields.size() > MAX_FIELDS) {
            throw OptimadeException.badRequest("response_fields", "response_fields names " + fields.size()
                    + " fields; at most " + MAX_FIELDS + " are answered");
        }
        return fields;
    }

    private static boolean include(Map<String, List<String>> params) {
        if (!params.containsKey("include")) {
            return true; // the specification's default is include=references
        }
        boolean refs = false;
        for (String i : single(params, "include").split(",")) {
            String x = i.strip();
            if (x.equals("references")) {
                refs = true;
            } else if (!x.isEmpty()) {
                throw OptimadeException.badRequest("include", "'" + x + "' is not a relationship MatDX can include; "
                        + "use include=references or include=");
            }
        }
        return refs;
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return "";
        }
        if (v.size() > 1) {
            throw OptimadeException.badRequest(name, name + " was given " + v.size() + " times; give it once");
        }
        return v.get(0);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw OptimadeException.badRequest(name, name + " must be a whole number, not '" + value + "'");
        }
    }
}
