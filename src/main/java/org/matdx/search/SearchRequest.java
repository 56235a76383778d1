package org.matdx.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matdx.core.Composition;
import org.matdx.core.CrystalSystem;
import org.matdx.core.Element;
import org.matdx.core.Elements;
import org.matdx.core.FormulaException;
import org.matdx.core.Ids;
import org.matdx.core.Problem;
import org.matdx.core.UnitException;
import org.matdx.core.Units;
import org.matdx.query.Field;
import org.matdx.query.NumericField;
import org.matdx.search.SearchQuery.Facet;
import org.matdx.search.SearchQuery.IntRange;
import org.matdx.search.SearchQuery.PropertyCondition;
import org.matdx.search.SearchQuery.SortField;
import org.matdx.search.SearchQuery.SortSpec;

/**
 * Reads a native search from request parameters (the query string of {@code GET /api/v1/search}
 * or the options of {@code matdx search}). Every problem is collected and reported together,
 * naming the parameter. The syntax is described in docs/search.md.
 */
public final class SearchRequest {
    /** Parameters the search understands; anything else is a 400, so typos do not silently widen a search. */
    public static final Set<String> PARAMETERS = Set.of("elements", "any_elements", "only_elements", "exclude_elements",
            "chemical_system", "formula", "anonymous_formula", "nelements", "property", "q", "dataset", "kind",
            "template", "instrument", "space_group", "crystal_system", "sample", "outcome", "created_after", "created_before", "owner", "group",
            "sort", "fields", "cursor", "limit", "facets", "count", "phase");
    private static final Pattern CONDITION = Pattern.compile(
            "^\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*(>=|<=|!=|=|>|<)\\s*([-+]?(?:\\d+(?:\\.\\d+)?|\\.\\d+)(?:[eE][-+]?\\d+)?)"
                    + "(?:\\s*\\.\\.\\s*([-+]?(?:\\d+(?:\\.\\d+)?|\\.\\d+)(?:[eE][-+]?\\d+)?))?\\s*(.*?)\\s*$");
    private static final Pattern ANONYMOUS = Pattern.compile("^([A-Z][a-z]?\\d*)+$");
    private static final Pattern NELEMENTS = Pattern.compile("^\\s*(\\d{1,3})?\\s*(\\.\\.)?\\s*(\\d{1,3})?\\s*$");
    /** Longest text query, and most words in it: each word is a lookup in two text indexes (600 took 4 s). */
    public static final int MAX_TEXT = 500;
    public static final int MAX_TERMS = 32;
    /** Most property conditions in one search. */
    public static final int MAX_CONDITIONS = 20;
    /** Most values of one parameter (datasets, templates, instruments, …). */
    public static final int MAX_VALUES = 100;

    private final Map<String, List<String>> params;
    private final List<Problem.Issue> issues = new ArrayList<>();

    private SearchRequest(Map<String, List<String>> params) {
        this.params = params;
    }

    /** The query, or a 400 problem listing every parameter that is wrong. */
    public static SearchQuery parse(Map<String, List<String>> params) {
        return new SearchRequest(params).read();
    }

    private SearchQuery read() {
        for (String p : params.keySet()) {
            if (!PARAMETERS.contains(p)) {
                issues.add(new Problem.Issue(p, "is not a search parameter; known ones are " + String.join(", ",
                        new TreeSet<>(PARAMETERS))));
            }
        }
        List<String> all = elements("elements");
        List<String> any = elements("any_elements");
        List<String> only = elements("only_elements");
        List<String> exclude = elements("exclude_elements");
        String system = chemicalSystem();
        String formula = formula();
        String anonymous = single("anonymous_formula");
        if (anonymous != null && !ANONYMOUS.matcher(anonymous.strip()).matches()) {
            issues.add(new Problem.Issue("anonymous_formula", "must look like A2B3 (upper-case letters, optionally a lower-case one, and counts)"));
        }
        IntRange nelements = nelements();
        List<PropertyCondition> props = new ArrayList<>();
        if (list("property").size() > MAX_CONDITIONS) {
            issues.add(new Problem.Issue("property", "at most " + MAX_CONDITIONS + " property conditions in one search"));
        } else {
            for (String c : list("property")) {
                condition(c).ifPresent(props::add);
            }
        }
        for (String ph : values("phase")) {
            PhaseConditions.phase(ph, issues).ifPresent(props::add);
        }
        String text = text();
        List<UUID> datasets = new ArrayList<>();
        for (String d : values("dataset")) {
            UUID id = Ids.parseOrNull(d);
            if (id == null) {
                issues.add(new Problem.Issue("dataset", "'" + d + "' is not a dataset id"));
            } else {
                datasets.add(id);
            }
        }
        List<String> kinds = values("kind");
        for (String k : kinds) {
            if (!Set.of("measurement", "structure", "property_row", "calculation", "file").contains(k)) {
                issues.add(new Problem.Issue("kind", "must be measurement, structure, property_row, calculation or file; found '" + k + "'"));
            }
        }
        List<IntRange> spaceGroups = spaceGroups();
        List<String> outcomes = values("outcome");
        for (String o : outcomes) {
            if (!Set.of("succeeded", "failed", "abandoned").contains(o)) {
                issues.add(new Problem.Issue("outcome", "must be succeeded, failed or abandoned; found '" + o + "'"));
            }
        }
        Instant from = date("created_after");
        Instant before = date("created_before");
        SortSpec sort = sort(text);
        List<String> fields = params.containsKey("fields") ? values("fields") : null;
        int limit = limit();
        List<Facet> facets = new ArrayList<>();
        for (String f : values("facets")) {
            try {
                facets.add(Facet.valueOf(f.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                issues.add(new Problem.Issue("facets", "'" + f + "' is not a facet; choose from elements, template, instrument, outcome, year, kind, dataset"));
            }
        }
        String count = single("count");
        if (count != null && !count.equals("exact") && !count.equals("capped")) {
            issues.add(new Problem.Issue("count", "must be exact or capped"));
        }
        if (!issues.isEmpty()) {
            throw Problem.invalid(issues);
        }
        return new SearchQuery(all, any, only, exclude, system, formula, anonymous == null ? null : anonymous.strip(),
                nelements, props, text == null || text.isBlank() ? null : text.strip(), datasets, kinds,
                values("template"), values("instrument"), spaceGroups, values("sample"), outcomes, from, before, values("owner"),
                values("group"), sort, fields, single("cursor"), limit, facets, "exact".equals(count));
    }

    private List<String> list(String name) {
        return params.getOrDefault(name, List.of());
    }

    /** Repeated and comma-separated values, trimmed, empty ones dropped; at most {@link #MAX_VALUES}. */
    private List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (String v : list(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        if (out.size() > MAX_VALUES) {
            issues.add(new Problem.Issue(name, "gives " + out.size() + " values; at most " + MAX_VALUES + " are accepted"));
            return List.of();
        }
        return out;
    }

    /** The text query, within {@link #MAX_TEXT} characters and {@link #MAX_TERMS} words. */
    private String text() {
        String q = single("q");
        if (q == null) {
            return null;
        }
        int terms = q.isBlank() ? 0 : q.strip().split("[\\s\"]+").length;
        if (q.length() > MAX_TEXT || terms > MAX_TERMS) {
            issues.add(new Problem.Issue("q", "a text query is at most " + MAX_TEXT + " characters and " + MAX_TERMS
                    + " words (this one has " + q.length() + " and " + terms + ")"));
            return null;
        }
        return q;
    }

    private String single(String name) {
        List<String> v = list(name);
        if (v.size() > 1) {
            issues.add(new Problem.Issue(name, "give it once"));
        }
        return v.isEmpty() ? null : v.get(0);
    }

    private List<String> elements(String name) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : values(name)) {
            Element e = Elements.bySymbol(s).orElse(null);
            if (e == null) {
                issues.add(new Problem.Issue(name, "'" + s + "' is not an element symbol"));
            } else {
                out.add(e.symbol());
            }
        }
        return List.copyOf(out);
    }

    private String chemicalSystem() {
        String s = single("chemical_system");
        if (s == null) {
            return null;
        }
        TreeSet<String> symbols = new TreeSet<>();
        for (String part : s.split("-")) {
            Element e = Elements.bySymbol(part.strip()).orElse(null);
            if (e == null) {
                issues.add(new Problem.Issue("chemical_system", "'" + part.strip() + "' is not an element symbol (write e.g. Li-O-Zr)"));
                return null;
            }
            symbols.add(e.symbol());
        }
        return String.join("-", symbols);
    }

    private String formula() {
        String f = single("formula");
        if (f == null) {
            return null;
        }
        try {
            return Composition.parse(f).reducedFormulaAlphabetical();
        } catch (FormulaException e) {
            issues.add(new Problem.Issue("formula", e.getMessage()));
            return null;
        }
    }

    /**
     * The space-group numbers both {@code space_group} (numbers and ranges: 225, 221..230) and
     * {@code crystal_system} (cubic, …) allow, as ranges; empty when neither is given. One given
     * with nothing the other allows is a search that finds nothing, not an error.
     */
    private List<IntRange> spaceGroups() {
        BitSet allowed = new BitSet();
        allowed.set(1, CrystalSystem.SPACE_GROUPS + 1);
        boolean any = false;
        List<String> numbers = values("space_group");
        if (!numbers.isEmpty()) {
            BitSet these = new BitSet();
            for (String v : numbers) {
                Matcher m = NELEMENTS.matcher(v);
                Integer lo = null;
                Integer hi = null;
                if (m.matches() && (m.group(1) != null || m.group(3) != null) && (m.group(2) != null || m.group(3) == null)) {
                    lo = m.group(1) == null ? 1 : Integer.valueOf(m.group(1));
                    hi = m.group(2) == null ? lo : m.group(3) == null ? CrystalSystem.SPACE_GROUPS : Integer.valueOf(m.group(3));
                }
                if (lo == null || lo < 1 || hi > CrystalSystem.SPACE_GROUPS || lo > hi) {
                    issues.add(new Problem.Issue("space_group", "'" + v + "' is not a space-group number (1-" + CrystalSystem.SPACE_GROUPS
                            + ") or a range of them (221..230)"));
                    continue;
                }
                these.set(lo, hi + 1);
            }
            allowed.and(these);
            any = true;
        }
        List<String> systems = values("crystal_system");
        if (!systems.isEmpty()) {
            BitSet these = new BitSet();
            for (String v : systems) {
                CrystalSystem cs = CrystalSystem.byName(v).orElse(null);
                if (cs == null) {
                    issues.add(new Problem.Issue("crystal_system", "'" + v + "' is not a crystal system; choose from "
                            + String.join(", ", Arrays.stream(CrystalSystem.values()).map(CrystalSystem::label).toList())));
                    continue;
                }
                these.set(cs.first(), cs.last() + 1);
            }
            allowed.and(these);
            any = true;
        }
        if (!any) {
            return List.of();
        }
        List<IntRange> out = new ArrayList<>();
        for (int lo = allowed.nextSetBit(1); lo >= 0; lo = allowed.nextSetBit(lo)) {
            int end = allowed.nextClearBit(lo);
            out.add(new IntRange(lo, end - 1));
            lo = end;
        }
        // nothing allowed: an empty range, which no entry matches
        return out.isEmpty() ? List.of(new IntRange(1, 0)) : out;
    }

    private IntRange nelements() {
        String s = single("nelements");
        if (s == null) {
            return null;
        }
        Matcher m = NELEMENTS.matcher(s);
        if (!m.matches() || m.group(1) == null && m.group(3) == null || m.group(2) == null && m.group(3) != null) {
            issues.add(new Problem.Issue("nelements", "write a number (3) or a range (2..4, 3.., ..5)"));
            return null;
        }
        Integer min = m.group(1) == null ? null : Integer.valueOf(m.group(1));
        Integer max = m.group(2) == null ? min : m.group(3) == null ? null : Integer.valueOf(m.group(3));
        return new IntRange(min, max);
    }

    /** {@code band_gap>3 eV}, {@code ionic_conductivity>=1e-4 S/cm}, {@code sintering_temperature=1000..1200 °C}. */
    Optional<PropertyCondition> condition(String text) {
        Matcher m = CONDITION.matcher(text);
        if (!m.matches()) {
            issues.add(new Problem.Issue("property", "'" + text + "' is not a condition; write name, an operator and a number "
                    + "with its unit, e.g. band_gap>3 eV or sintering_temperature=1000..1200 °C"));
            return Optional.empty();
        }
        String op = m.group(2);
        Double upper = m.group(4) == null ? null : Double.valueOf(m.group(4));
        if (upper != null && !op.equals("=")) {
            issues.add(new Problem.Issue("property", "'" + text + "': a range is written name=low..high"));
            return Optional.empty();
        }
        Units.Unit unit = null;
        String unitText = m.group(5);
        if (!unitText.isEmpty()) {
            try {
                unit = Units.parse(unitText);
            } catch (UnitException e) {
                issues.add(new Problem.Issue("property", e.getMessage()));
                return Optional.empty();
            }
        }
        double value = Double.parseDouble(m.group(3));
        if (!Double.isFinite(value) || upper != null && !Double.isFinite(upper)) {
            issues.add(new Problem.Issue("property", "'" + text + "': numbers must be finite"));
            return Optional.empty();
        }
        return Optional.of(new PropertyCondition(m.group(1), upper != null ? ".." : op, value, upper, unit));
    }

    private Instant date(String name) {
        String s = single(name);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                return d.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            issues.add(new Problem.Issue(name, "must be a date (2024-01-31) or a time (2024-01-31T09:00:00Z); found '" + s + "'"));
            return null;
        }
    }

    private SortSpec sort(String text) {
        String s = single("sort");
        if (s == null || s.isBlank()) {
            return SortSpec.DEFAULT;
        }
        s = s.strip();
        boolean desc = s.startsWith("-");
        String name = desc || s.startsWith("+") ? s.substring(1) : s;
        SortField f;
        if (name.startsWith("properties.") && name.length() > "properties.".length()) {
            f = SortField.property(name.substring("properties.".length()));
        } else if (name.equals("relevance")) {
            if (text == null) {
                issues.add(new Problem.Issue("sort", "relevance needs a text query (q)"));
            }
            f = SortField.RELEVANCE;
        } else if (Field.SORTABLE.contains(name)) {
            f = new SortField(name, null);
        } else if (NumericField.byName(name).isPresent()) {
            // a score kept in its own column (hhi_production …) sorts like the property of that name
            f = SortField.property(name);
        } else {
            issues.add(new Problem.Issue("sort", "cannot sort by '" + name + "'; sort by one of "
                    + String.join(", ", Field.SORTABLE) + ", "
                    + String.join(", ", NumericField.ALL.stream().filter(NumericField::optimade).map(NumericField::name).toList())
                    + ", relevance or properties.<name>, with '-' for descending"));
            f = SortField.CREATED_AT;
        }
        return new SortSpec(f, desc);
    }

    private int limit() {
        String s = single("limit");
        if (s == null || s.isBlank()) {
            return SearchQuery.DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s.strip());
            if (n < 1 || n > SearchQuery.MAX_LIMIT) {
                issues.add(new Problem.Issue("limit", "must be between 1 and " + SearchQuery.MAX_LIMIT));
            }
            return n;
        } catch (NumberFormatException e) {
            issues.add(new Problem.Issue("limit", "must be a whole number; found '" + s + "'"));
            return SearchQuery.DEFAULT_LIMIT;
        }
    }
}
