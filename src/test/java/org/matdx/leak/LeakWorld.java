package org.matdx.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.matdx.core.Group;
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

    /** What a built dataset is, for the probes. */
    record Built(DatasetSpec spec, String id, String marker, String structure, String openFileEntry,
                 String restrictedFileEntry, boolean published) {
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
        var r = owner.post("/api/v1/datasets", "{\"title\": \"leak probe dataset\", \"access\": \"private\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        String base = "/api/v1/datasets/" + id;
        var e = owner.post(base + "/entries", structure(marker));
        assertThat(e.status()).as(e.body()).isEqualTo(201);
        String structure = e.json().get("id").asString();
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
        return new Built(s, id, marker, structure, open, restricted, s.publish());
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
