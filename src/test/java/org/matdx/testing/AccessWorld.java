package org.matdx.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.matdx.core.Group;
import org.matdx.core.Role;

/**
 * One dataset at every access level, each holding one structure whose element, instrument,
 * template, property name, invoice word and (failed) outcome's reason are unique to it — so any
 * leak shows up as a marker a caller should never see. People: alice owns everything, bob is in alice's group, dave reviews
 * the private dataset, carol is a stranger; anonymous has no token.
 */
public final class AccessWorld {

    /** The datasets, with the marker element of their structure (e.g. plutonium for the private one). */
    public enum Level {
        PUBLIC("Zn", "public", null),
        PRIVATE("Pu", "private", null),
        GROUP("Np", "group", null),
        EMBARGOED("Am", "embargoed", "2099-01-01"),
        EMBARGO_LIFTED("Bk", "embargoed", "2001-01-01"),
        MODEL_USE_ONLY("Cm", "public", null);

        public final String element;
        final String access;
        final String embargo;

        Level(String element, String access, String embargo) {
            this.element = element;
            this.access = access;
            this.embargo = embargo;
        }

        /** The lower-case marker used in instrument, template, property and invoice words. */
        public String marker() {
            return name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        }
    }

    public final TestPlatform tp;
    public final TestPlatform.Person alice;
    public final TestPlatform.Person bob;
    public final TestPlatform.Person carol;
    public final TestPlatform.Person dave;
    public final Map<Level, String> datasets = new EnumMap<>(Level.class);

    public AccessWorld(TestPlatform tp) {
        this.tp = tp;
        alice = tp.person("alice");
        bob = tp.person("bob");
        carol = tp.person("carol");
        dave = tp.person("dave");
        Group lab = tp.group("lab", alice);
        tp.join(lab, bob, Role.VIEWER);
        for (Level l : Level.values()) {
            String body = "{\"title\": \"" + l.marker() + " dataset\", \"description\": \"" + l.marker() + "description\""
                    + ", \"access\": \"" + l.access + "\""
                    + (l == Level.GROUP ? ", \"group\": \"lab\"" : "")
                    + (l.embargo != null ? ", \"embargo_until\": \"" + l.embargo + "\"" : "")
                    + (l == Level.MODEL_USE_ONLY ? ", \"model_use_only\": true" : "") + "}";
            var r = alice.api().post("/api/v1/datasets", body);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().get("id").asString();
            datasets.put(l, id);
            var e = alice.api().post("/api/v1/datasets/" + id + "/entries", structureEntry(l));
            assertThat(e.status()).as(e.body()).isEqualTo(201);
        }
        tp.platform().db().run(h -> tp.platform().members().put(h, UUID.fromString(datasets.get(Level.PRIVATE)),
                dave.user().id(), "reviewer"));
        assertThat(LocalDate.now()).isBefore(LocalDate.parse("2099-01-01"));
    }

    /** A rock-salt MO cell of the level's marker element, with marked metadata and properties. */
    static String structureEntry(Level l) {
        String m = l.marker();
        return """
                {"kind": "structure", "formula": "%1$s4O4", "title": "%2$s oxide",
                 "template": "%2$s-template", "outcome": "failed", "outcome_reason": "%2$sreason",
                 "properties": {"band_gap": {"value": %3$s, "unit": "eV"}, "%2$s_secret": {"value": 1, "unit": "K"}},
                 "invoice": {"instrument": "%2$s rig", "note": "%2$sword"},
                 "data": {"structure": {"lattice_vectors": [[4.2, 0, 0], [0, 4.2, 0], [0, 0, 4.2]],
                   "sites": [
                     {"label": "%1$s", "species": {"%1$s": 1.0}, "frac": [0, 0, 0]},
                     {"label": "%1$s", "species": {"%1$s": 1.0}, "frac": [0.5, 0.5, 0]},
                     {"label": "%1$s", "species": {"%1$s": 1.0}, "frac": [0.5, 0, 0.5]},
                     {"label": "%1$s", "species": {"%1$s": 1.0}, "frac": [0, 0.5, 0.5]},
                     {"label": "O", "species": {"O": 1.0}, "frac": [0.5, 0.5, 0.5]},
                     {"label": "O", "species": {"O": 1.0}, "frac": [0, 0, 0.5]},
                     {"label": "O", "species": {"O": 1.0}, "frac": [0, 0.5, 0]},
                     {"label": "O", "species": {"O": 1.0}, "frac": [0.5, 0, 0]}]}}}
                """.formatted(l.element, m, 1 + l.ordinal());
    }

    /** Which levels a person may read in full, and which they may only see the metadata of. */
    public record Sight(java.util.Set<Level> full, java.util.Set<Level> metadata) {
        public java.util.Set<Level> any() {
            java.util.Set<Level> s = java.util.EnumSet.noneOf(Level.class);
            s.addAll(full);
            s.addAll(metadata);
            return s;
        }
    }

    /** The access policy's rules, written out by hand for these datasets. */
    public Sight sight(String who) {
        var full = java.util.EnumSet.of(Level.PUBLIC, Level.EMBARGO_LIFTED);
        var meta = java.util.EnumSet.of(Level.EMBARGOED);
        switch (who) {
            case "alice" -> {
                full = java.util.EnumSet.allOf(Level.class);
                meta = java.util.EnumSet.noneOf(Level.class);
            }
            case "bob" -> full.add(Level.GROUP);
            case "dave" -> full.add(Level.PRIVATE);
            case "carol", "anonymous" -> { }
            default -> throw new IllegalArgumentException(who);
        }
        return new Sight(full, meta);
    }

    public ApiClient api(String who) {
        return switch (who) {
            case "alice" -> alice.api();
            case "bob" -> bob.api();
            case "carol" -> carol.api();
            case "dave" -> dave.api();
            case "anonymous" -> tp.anonymous();
            default -> throw new IllegalArgumentException(who);
        };
    }

    public static final java.util.List<String> PEOPLE = java.util.List.of("anonymous", "carol", "bob", "dave", "alice");
}
