package org.matdx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The typed reader of JSON bodies: every type, every problem once, named by field and by JSON pointer. */
class JsonFieldsTest {
    private enum Goal { MINIMIZE, MAXIMIZE }

    private static final String ID = "0b6f9a54-3f43-4c1e-9c1a-2b1a1b2c3d4e";

    private static JsonFields of(String json) {
        return JsonFields.of(Json.readUntrusted(json, ""));
    }

    @Test
    void readsEveryTypeWhenAllIsWell() {
        JsonFields f = of("{\"name\": \"Fe2O3\", \"limit\": 20, \"whole\": 5.0, \"x\": 1.5, \"on\": true, \"goal\": \"Maximize\","
                + " \"id\": \"" + ID + "\", \"ids\": [\"" + ID + "\"], \"day\": \"2027-04-01\", \"words\": [\"a\", \"b\"],"
                + " \"ys\": [1, 2.5], \"inner\": {\"k\": \"v\"}, \"items\": [{\"n\": 1}, {\"n\": 2}], \"kind\": \"Row\", \"gone\": null}");
        assertThat(f.text("name")).isEqualTo("Fe2O3");
        assertThat(f.integer("limit", 1, 100, 50)).isEqualTo(20);
        assertThat(f.integer("whole", 1, 10)).isEqualTo(5);
        assertThat(f.finiteNumber("x", 0, 2)).isEqualTo(1.5);
        assertThat(f.bool("on", false)).isTrue();
        assertThat(f.enumOf("goal", Goal.class, Goal.MINIMIZE)).isEqualTo(Goal.MAXIMIZE);
        assertThat(f.id("id")).isEqualTo(UUID.fromString(ID));
        assertThat(f.ids("ids", 10)).containsExactly(UUID.fromString(ID));
        assertThat(f.optionalDate("day")).isEqualTo(LocalDate.of(2027, 4, 1));
        assertThat(f.texts("words", 10, 10)).containsExactly("a", "b");
        assertThat(f.numbers("ys", 10, 0, 10)).containsExactly(1, 2.5);
        assertThat(f.object("inner").text("k")).isEqualTo("v");
        assertThat(f.objects("items", 5)).extracting(i -> i.integer("n", 0, 9)).containsExactly(1, 2);
        assertThat(f.oneOf("kind", List.of("row", "structure"), null)).isEqualTo("row");
        assertThat(f.optionalText("gone")).isNull();
        assertThat(f.optionalText("absent")).isNull();
        assertThat(f.integer("absent_number", 1, 9, 7)).isEqualTo(7);
        assertThat(f.bool("absent_flag", true)).isTrue();
        assertThat(f.object("absent_object").present()).isFalse();
        f.refuseUnknown();
        assertThat(f.ok()).isTrue();
        f.done();
    }

    @Test
    void collectsEveryProblemOnceWithFieldAndPointer() {
        JsonFields f = of("{\"name\": 7, \"limit\": \"ten\", \"x\": 3, \"on\": \"yes\", \"goal\": \"up\", \"id\": \"nope\","
                + " \"day\": \"tomorrow\", \"words\": [\"ab\", \"abcd\"], \"ids\": [\"" + ID + "\", 4], \"inner\": {\"k\": [1], \"a/b\": 1}, \"items\": [{\"n\": 10}, 5], \"extra\": 1}");
        f.text("name");
        f.text("name"); // read twice: still one problem
        f.integer("limit", 1, 100, 50);
        f.finiteNumber("x", 0, 2);
        f.bool("on", false);
        f.enumOf("goal", Goal.class, Goal.MINIMIZE);
        f.optionalId("id");
        f.optionalDate("day");
        f.texts("words", 5, 3);
        f.ids("ids", 5);
        JsonFields inner = f.object("inner");
        inner.text("k");
        inner.refuseUnknown();
        f.objects("items", 5).forEach(i -> i.integer("n", 0, 9));
        f.text("required_one");
        f.refuseUnknown();
        assertThat(f.issues()).extracting(Problem.Issue::field).containsExactly("name", "limit", "x", "on", "goal", "id", "day",
                "words[1]", "ids[1]", "inner.k", "inner.a/b", "items[1]", "items[0].n", "required_one", "extra");
        assertThat(f.issues()).extracting(Problem.Issue::pointer).containsExactly("/name", "/limit", "/x", "/on", "/goal", "/id",
                "/day", "/words/1", "/ids/1", "/inner/k", "/inner/a~1b", "/items/1", "/items/0/n", "/required_one", "/extra");
        assertThat(f.issues()).extracting(Problem.Issue::message).containsExactly(
                "must be text, found the number 7",
                "must be a whole number from 1 to 100, found the text 'ten'",
                "must be a number from 0 to 2, found 3",
                "must be true or false, found the text 'yes'",
                "must be one of minimize, maximize, not 'up'",
                "must be an id (UUID), found 'nope'",
                "must be a date like 2027-04-01, not 'tomorrow'",
                "must be at most 3 characters (it has 4)",
                "must be an id (UUID), found the number 4",
                "must be text, found a list",
                "is not a field here; known: k",
                "must be an object, found the number 5",
                "must be a whole number from 0 to 9, found 10",
                "is required: text",
                "is not a field here; known: name, limit, x, on, goal, id, day, words, ids, inner, items, required_one");
        assertThatThrownBy(f::done).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.type()).isEqualTo(Problem.Type.BAD_REQUEST);
            assertThat(p.issues()).hasSize(15);
            assertThat(p.getMessage()).startsWith("15 fields are invalid: name: must be text");
        });
    }

    @Test
    void hostileValuesAreProblemsNeverExceptions() {
        // a tree built elsewhere can hold what JSON text cannot: NaN, infinities
        var tree = Json.object();
        tree.put("nan", Double.NaN).put("inf", Double.POSITIVE_INFINITY).put("count", Double.NEGATIVE_INFINITY);
        tree.putArray("ys").add(1).add(Double.NaN);
        tree.putObject("j").put("k", "a\u0000b");
        JsonFields t = JsonFields.of(tree);
        assertThat(t.optionalNumber("nan", -1e300, 1e300)).isNull();
        assertThat(t.finiteNumber("inf", 0, 1, 0.5)).isEqualTo(0.5);
        assertThat(t.optionalInteger("count", 0, 10)).isNull();
        assertThat(t.numbers("ys", 10, 0, 10)).isNull();
        assertThat(t.object("j").optionalText("k")).isNull();
        assertThat(t.issues()).extracting(Problem.Issue::field).containsExactly("nan", "inf", "count", "ys[1]", "j.k");
        assertThat(t.issues()).extracting(Problem.Issue::pointer).containsExactly("/nan", "/inf", "/count", "/ys/1", "/j/k");
        assertThat(t.issues().get(4).message()).isEqualTo("holds a NUL character (\\u0000), which MatDX does not store");
        assertThat(t.issues().get(0).message()).contains("finite");

        // as text: NaN and Infinity are strings, a huge integer is no int, a huge text is refused by length
        JsonFields f = of("{\"a\": \"NaN\", \"b\": \"Infinity\", \"c\": 123456789012345678901234567890, \"d\": 1e300,"
                + " \"e\": \"" + "x".repeat(100_000) + "\", \"f\": " + "[".repeat(60) + "]".repeat(60) + ", \"g\": 2.5,"
                + " \"h\": [" + "1,".repeat(2000) + "1], \"i\": null, \"j\": {}, \"" + "z".repeat(5000) + "\": 1}");
        assertThat(f.optionalNumber("a", 0, 1)).isNull();
        assertThat(f.optionalNumber("b", 0, 1)).isNull();
        f.integer("c", 0, 10, 1);
        f.integer("d", 0, 10, 1);
        f.optionalText("e", 1000);
        f.optionalText("f");
        f.integer("g", 0, 10, 1);
        f.numbers("h", 1000, 0, 10);
        f.text("i");
        f.object("j");
        f.refuseUnknown();
        assertThat(f.issues()).extracting(Problem.Issue::field).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i",
                "a name of 5000 characters");
        assertThat(f.issues()).extracting(Problem.Issue::message).containsExactly(
                "must be a number from 0 to 1, found the text 'NaN'",
                "must be a number from 0 to 1, found the text 'Infinity'",
                "must be a whole number from 0 to 10, found 123456789012345678901234567890",
                "must be a whole number from 0 to 10, found 1.0E300",
                "must be at most 1000 characters (it has 100000)",
                "must be text, found a list",
                "must be a whole number from 0 to 10, found 2.5",
                "at most 1000 items (found 2001)",
                "is required: text",
                "is not a field here; known: a, b, c, d, e, f, g, h, i, j");
        // no message repeats a body's worth of what was sent
        assertThat(f.issues()).allSatisfy(i -> assertThat(i.field().length() + i.message().length()).isLessThan(300));
    }

    @Test
    void formulasAndElementSymbolsAreReadWithTheReasonTheyAreNot() {
        JsonFields f = of("{\"start\": \"LiCoO2\", \"bad\": \"Fe2Qq3\", \"many\": [\"Li2O\", 3, \"((\"], \"els\": [\"Li\", \"Xx\", \" Co \"]}");
        assertThat(f.optionalComposition("start").reducedFormula()).isEqualTo("LiCoO2");
        assertThat(f.optionalComposition("bad")).isNull();
        assertThat(f.compositions("many", 10)).extracting(Composition::reducedFormula).containsExactly("Li2O");
        assertThat(f.elements("els")).extracting(Element::symbol).containsExactly("Li", "Co");
        assertThat(f.issues()).extracting(Problem.Issue::pointer).containsExactly("/bad", "/many/1", "/many/2", "/els/1");
        assertThat(f.issues().get(0).message()).contains("position 4").contains("Qq");
        assertThat(f.issues().get(3).message()).isEqualTo("must be an element symbol, not 'Xx'");
    }

    @Test
    void aBodyThatIsNoObjectIsOneProblemAndReadsNothing() {
        JsonFields f = of("[1, 2]");
        assertThat(f.present()).isFalse();
        assertThat(f.text("name")).isNull();
        assertThat(f.integer("n", 1, 5, 3)).isEqualTo(3);
        f.refuseUnknown();
        assertThat(f.issues()).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("body");
            assertThat(i.pointer()).isEmpty();
            assertThat(i.message()).isEqualTo("must be a JSON object, found a list");
        });
        JsonFields missing = JsonFields.of((JsonNode) null);
        assertThat(missing.issues()).singleElement().satisfies(i -> assertThat(i.message()).contains("send a JSON object"));
    }

    @Test
    void aNestedObjectThatIsWrongIsOneProblemNotOnePerField() {
        JsonFields f = of("{\"pattern\": [1], \"other\": null}");
        JsonFields p = f.requiredObject("pattern", "{\"two_theta\": […], \"intensity\": […]}");
        p.numbers("two_theta", 10, 0, 180);
        p.text("radiation");
        f.requiredObject("other", "an object");
        assertThat(f.issues()).extracting(Problem.Issue::field, Problem.Issue::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pattern", "must be an object, found a list"),
                org.assertj.core.groups.Tuple.tuple("other", "is required: an object"));
    }

    @Test
    void problemsGoToTheCallersListUnderItsName() {
        List<Problem.Issue> issues = new ArrayList<>();
        issues.add(new Problem.Issue("file", "earlier problem"));
        JsonFields f = JsonFields.of(Json.readUntrusted("{\"max_phases\": 9}", ""), "options", issues);
        f.integer("max_phases", 1, 5, 3);
        f.problem("min_fraction", "must be below max_fraction");
        assertThat(issues).extracting(Problem.Issue::field).containsExactly("file", "options.max_phases", "options.min_fraction");
        assertThat(issues.get(1).pointer()).isEqualTo("/max_phases");
    }

    @Test
    void aHostileDocumentReportsABoundedNumberOfProblems() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < 500; i++) {
            b.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": 1");
        }
        JsonFields f = of(b.append("}").toString());
        f.refuseUnknown();
        assertThat(f.issues()).hasSize(JsonFields.MAX_ISSUES);
    }

    @Test
    void invalidInputIsA400NamingTheFieldAndStillAnIllegalArgument() {
        InvalidInput e = new InvalidInput("task", "must be regression or classification");
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.problem().type()).isEqualTo(Problem.Type.BAD_REQUEST);
        assertThat(e.problem().issues()).singleElement().satisfies(i -> assertThat(i.field()).isEqualTo("task"));
        assertThat(new InvalidInput(null, "no").problem().issues()).isEmpty();
    }
}
