package org.matdx.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.matdx.core.Group;
import org.matdx.core.RequestContext;
import org.matdx.core.Role;
import org.matdx.testing.ApiClient;
import org.matdx.testing.TestPlatform;
import org.matdx.testing.TestPlatform.Person;

/**
 * One random world, built over the API from a {@link Spec}: people, groups, datasets with random
 * access settings, co-workers, files (one open, one restricted) and published versions, each
 * dataset marked with a word unique to it. {@link #expected} states the access rules by hand,
 * independently of {@code AccessPolicy}, so the probes compare the product with the rules.
 */
final class LeakWorld {
    enum Sight { NONE, METADATA, FULL, OWNER;
        boolean atLeast(Sight s) {
            return compareTo(s) >= 0;
        }
    }

    /** Settings of one dataset; indexes point into the world's people and groups. */
    record DatasetSpec(int owner, String level, int group, int embargoDays, boolean modelUseOnly,
                       Map<Integer, String> coworkers, boolean publish, boolean changeAfterPublish) {
    }

    /** Group memberships: for each group, person index → role. */
    record Spec(int people, List<Map<Integer, Role>> groups, List<DatasetSpec> datasets) {
    }

    /**
     * What a built dataset is, for the probes: four entries (a structure, a failed run measured on
     * the dataset's sample, an open and a restricted file) and the sample.
     */
    record Built(DatasetSpec spec, String id, String marker, String structure, String failedRun, String sample,
                 String openFileEntry, String restrictedFileEntry, boolean published) {
        static final int ENTRIES = 4;

        List<String> entries() {
            return List.of(structure, failedRun, openFileEntry, restrictedFileEntry);
        }
    }

    // ---- what each caller may learn, written out by hand (docs/access.md, "What each caller sees") ----

    /** Dataset fields anyone who sees the dataset at all may learn (who made it and what it is about included: issue 29). */
    static final Set<String> DATASET_METADATA = Set.of("id", "title", "description", "license", "owner", "group",
            "template", "access", "embargo_until", "model_use_only", "visibility", "created_at", "updated_at",
            "authors", "keywords", "revision");
    /** Entry fields an embargo shows: what the entry is (title, kind, formula), not what it found. */
    static final Set<String> ENTRY_METADATA = Set.of("id", "dataset", "kind", "title", "formula", "reduced_formula",
            "anonymous_formula", "chemical_system", "molar_mass", "elements", "composition", "element_strategy",
            "template", "created_at", "visibility");
    /** Entry fields only readers of the data learn. */
    static final Set<String> ENTRY_DATA = Set.of("outcome", "outcome_reason", "properties", "invoice", "metadata", "data",
            "sample", "created_by", "files");
    /** Entry fields that may be absent (no composition, no reason given). */
    static final Set<String> ENTRY_OPTIONAL = Set.of("formula", "reduced_formula", "anonymous_formula", "chemical_system",
            "molar_mass", "elements", "composition", "element_strategy", "outcome_reason");
    /** A sample's identity and composition; its measurements are those the caller may read (see the probe). */
    static final Set<String> SAMPLE_METADATA = Set.of("id", "pid", "dataset", "formula", "reduced_formula", "created_at",
            "qr", "visibility", "measurements");
    /** Free text about the specimen. */
    static final Set<String> SAMPLE_DATA = Set.of("name", "description");
    static final Set<String> VERSION_METADATA = Set.of("id", "dataset", "number", "pid", "doi", "title", "description",
            "license", "published_at", "previous_pid", "authors", "authors_source", "links");
    /** What was withdrawn from a version is part of its data: an embargo does not tell it. */
    static final Set<String> VERSION_DATA = Set.of("entry_count", "content_sha256", "retracted");
    static final Set<String> CSV_METADATA = Set.of("id", "title", "kind", "formula", "reduced_formula", "elements",
            "template", "created_at");
    /** Search orders that use what an embargo shows; any other order (site counts, properties) needs the data. */
    static final Set<String> SORTS_METADATA = Set.of("created_at", "-created_at", "title", "formula", "nelements", "-nelements");

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new java.util.TreeSet<>(a);
        s.addAll(b);
        return s;
    }

    static Set<String> datasetFields(Sight s) {
        return s.atLeast(Sight.FULL) ? union(DATASET_METADATA, Set.of("entry_count")) : DATASET_METADATA;
    }

    static Set<String> entryFields(Sight s) {
        return s.atLeast(Sight.FULL) ? union(ENTRY_METADATA, ENTRY_DATA) : ENTRY_METADATA;
    }

    static Set<String> sampleFields(Sight s) {
        return s.atLeast(Sight.FULL) ? union(SAMPLE_METADATA, SAMPLE_DATA) : SAMPLE_METADATA;
    }

    static Set<String> versionFields(Sight s) {
        return s.atLeast(Sight.FULL) ? union(VERSION_METADATA, VERSION_DATA) : VERSION_METADATA;
    }

    static Set<String> csvColumns(Sight s, Built d) {
        return s.atLeast(Sight.FULL) ? union(CSV_METADATA, Set.of("outcome", "outcome_reason", "sample",
                d.marker() + "_secret (K)")) : CSV_METADATA;
    }

    /**
     * Every marker the world wrote into a dataset, with the least a caller must see to learn it:
     * any response that holds a marker its caller may not learn is a leak, whatever the endpoint.
     */
    static Map<String, Sight> secrets(Built d) {
        String m = d.marker();
        Map<String, Sight> s = new LinkedHashMap<>();
        s.put(m + "desc", Sight.METADATA);
        s.put(m + " oxide", Sight.METADATA);
        s.put(m + "_secret", Sight.FULL);
        s.put(m + "word", Sight.FULL);
        s.put(m + " rig", Sight.FULL);
        s.put(m + "reason", Sight.FULL);
        s.put(m + "samplename", Sight.FULL);
        s.put(m + "sampledesc", Sight.FULL);
        s.put(m + "-open", Sight.FULL);
        s.put(m + "-restricted", Sight.OWNER);
        return s;
    }

    final TestPlatform tp;
    final String prefix;
    final List<Person> people = new ArrayList<>();
    final List<Group> groups = new ArrayList<>();
    final List<Map<Integer, Role>> memberships;
    final List<Built> datasets = new ArrayList<>();
    final LocalDate today;

    LeakWorld(TestPlatform tp, String prefix, Spec spec) {
        this.tp = tp;
        this.prefix = prefix;
        this.memberships = new ArrayList<>();
        this.today = tp.platform().policy().today();
        for (int i = 0; i < spec.people(); i++) {
            people.add(tp.person(prefix + "p" + i));
        }
        for (int g = 0; g < spec.groups().size(); g++) {
            Map<Integer, Role> m = new LinkedHashMap<>(spec.groups().get(g));
            Group group = tp.platform().accounts().createGroup(org.matdx.platform.Bootstrap.SYSTEM, prefix + "g" + g, null, null);
            m.forEach((p, role) -> tp.join(group, people.get(p), role));
            groups.add(group);
            memberships.add(m);
        }
        for (int d = 0; d < spec.datasets().size(); d++) {
            datasets.add(build(spec.datasets().get(d), prefix + "m" + d));
        }
    }

    private Built build(DatasetSpec s, String marker) {
        ApiClient owner = people.get(s.owner()).api();
        var r = owner.post("/api/v1/datasets", "{\"title\": \"leak probe dataset\", \"description\": \"" + marker
                + "desc\", \"access\": \"private\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        String base = "/api/v1/datasets/" + id;
        var e = owner.post(base + "/entries", structure(marker));
        assertThat(e.status()).as(e.body()).isEqualTo(201);
        String structure = e.json().get("id").asString();
        // a sample registered in this dataset (as ingest does for a new sample), and a failed run measured on it
        UUID sample = org.matdx.core.Ids.newId();
        var platform = tp.platform();
        platform.db().run(h -> platform.ingest().samples().create(h, RequestContext.local(people.get(s.owner()).caller(platform)),
                platform.datasets().get(UUID.fromString(id)).orElseThrow(), sample, marker + "samplename",
                org.matdx.core.Composition.parse("LiCoO2"), marker + "sampledesc"));
        var f = owner.post(base + "/entries", """
                {"kind": "property_row", "title": "failed run", "formula": "LiCoO2", "outcome": "failed",
                 "outcome_reason": "%sreason: furnace tripped", "sample": "%s"}""".formatted(marker, sample));
        assertThat(f.status()).as(f.body()).isEqualTo(201);
        String failed = f.json().get("id").asString();
        String open = owner.upload(base + "/files?filename=scan.xy", ("10 " + marker + "-open\n").getBytes()).json().get("id").asString();
        String restricted = owner.upload(base + "/files?filename=notes.txt&restricted=true",
                (marker + "-restricted-content").getBytes()).json().get("id").asString();
        s.coworkers().forEach((p, role) -> assertThat(owner.put(base + "/coworkers/" + people.get(p).user().username(),
                "{\"role\": \"" + role + "\"}").status()).isEqualTo(200));
        if (s.publish() && s.changeAfterPublish()) {
            assertThat(owner.post(base + "/versions", "").status()).isEqualTo(201);
        }
        if (s.group() >= 0 && !memberships.get(s.group()).containsKey(s.owner())) {
            // the owner shares with a group they belong to
            tp.join(groups.get(s.group()), people.get(s.owner()), Role.VIEWER);
            memberships.get(s.group()).put(s.owner(), Role.VIEWER);
        }
        String body = "{\"access\": \"" + s.level() + "\", \"model_use_only\": " + s.modelUseOnly()
                + (s.level().equals("embargoed") ? ", \"embargo_until\": \"" + today.plusYears(10) + "\"" : "")
                + (s.group() >= 0 ? ", \"group\": \"" + groups.get(s.group()).name() + "\"" : "") + "}";
        var a = owner.put(base + "/access", body);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        if (s.level().equals("embargoed")) {
            // dates in the past or today are written straight to the row (the API refuses to set a past embargo)
            LocalDate until = today.plusDays(s.embargoDays());
            tp.platform().db().run(h -> h.execute("UPDATE datasets SET embargo_until = ? WHERE id = ?", until, UUID.fromString(id)));
        }
        if (s.publish() && !s.changeAfterPublish()) {
            assertThat(owner.post(base + "/versions", "").status()).isEqualTo(201);
        }
        return new Built(s, id, marker, structure, failed, sample.toString(), open, restricted, s.publish());
    }

    static String structure(String m) {
        return """
                {"kind": "structure", "formula": "Zn4O4", "title": "%1$s oxide",
                 "properties": {"%1$s_secret": {"value": 1, "unit": "K"}},
                 "invoice": {"instrument": "%1$s rig", "note": "%1$sword"},
                 "data": {"structure": {"lattice_vectors": [[4.2, 0, 0], [0, 4.2, 0], [0, 0, 4.2]],
                   "sites": [
                     {"label": "Zn", "species": {"Zn": 1.0}, "frac": [0, 0, 0]},
                     {"label": "Zn", "species": {"Zn": 1.0}, "frac": [0.5, 0.5, 0]},
                     {"label": "Zn", "species": {"Zn": 1.0}, "frac": [0.5, 0, 0.5]},
                     {"label": "Zn", "species": {"Zn": 1.0}, "frac": [0, 0.5, 0.5]},
                     {"label": "O", "species": {"O": 1.0}, "frac": [0.5, 0.5, 0.5]},
                     {"label": "O", "species": {"O": 1.0}, "frac": [0, 0, 0.5]},
                     {"label": "O", "species": {"O": 1.0}, "frac": [0, 0.5, 0]},
                     {"label": "O", "species": {"O": 1.0}, "frac": [0.5, 0, 0]}]}}}
                """.formatted(m);
    }

    private final Map<Integer, String> scratch = new LinkedHashMap<>();

    /** A private dataset of the viewer's own, created on first use: where probes try writes. */
    String scratch(Viewer v) {
        return scratch.computeIfAbsent(v.index(), i -> {
            var r = v.api().post("/api/v1/datasets", "{\"title\": \"scratch\", \"access\": \"private\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            return r.json().get("id").asString();
        });
    }

    /** A viewer: one of the people, or anonymous (index -1). */
    record Viewer(int index, String name, ApiClient api) {
        @Override
        public String toString() {
            return name;
        }
    }

    List<Viewer> viewers() {
        List<Viewer> v = new ArrayList<>();
        v.add(new Viewer(-1, "anonymous", tp.anonymous()));
        for (int i = 0; i < people.size(); i++) {
            v.add(new Viewer(i, people.get(i).user().username(), people.get(i).api()));
        }
        return v;
    }

    /** The rules of issue 4, written out by hand. */
    Sight expected(Viewer v, Built d) {
        DatasetSpec s = d.spec();
        Optional<String> coworker = Optional.ofNullable(s.coworkers().get(v.index()));
        if (v.index() == s.owner() || coworker.filter("coauthor"::equals).isPresent()) {
            return Sight.OWNER;
        }
        if (s.modelUseOnly()) {
            return Sight.NONE;
        }
        boolean embargoOver = s.level().equals("embargoed") && s.embargoDays() <= 0;
        if (s.level().equals("public") || embargoOver) {
            return Sight.FULL;
        }
        if (coworker.filter("reviewer"::equals).isPresent()) {
            return Sight.FULL;
        }
        boolean inGroup = s.group() >= 0 && v.index() >= 0 && memberships.get(s.group()).containsKey(v.index());
        if (inGroup && (s.level().equals("group") || s.level().equals("embargoed"))) {
            return Sight.FULL;
        }
        return s.level().equals("embargoed") ? Sight.METADATA : Sight.NONE;
    }
}
