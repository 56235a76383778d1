package org.matdx.optimade.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.matdx.testing.TestFiles;

/**
 * Every case of the OPTIMADE specification's own filter tests ({@code ../shared/data/optimade/spec-tests}):
 * the parse tree MatDX builds must equal the expected tree token for token (rule names, text,
 * line and column); where the reference parser reports an error, MatDX must reject the filter at
 * the same line and column; and inputs named {@code *_fail} must be rejected one way or the other.
 */
class SpecFilterCasesTest {
    private static final Pattern RULE = Pattern.compile("^(\\s*)([A-Za-z_]\\w*)\\(\\d+\\)$");
    private static final Pattern TOKEN = Pattern.compile("^(\\s*)(?:TOKEN|SPECIAL)_\\d+\\(\\d+\\): (\".*\"), line: (\\d+), col: (\\d+)$");
    private static final Pattern ERROR_HEADER = Pattern.compile("^Error: in .*: line (\\d+):$");

    private static Path specTests() {
        Path p = TestFiles.shared("optimade/spec-tests");
        Assumptions.assumeTrue(p != null, "../shared/data/optimade/spec-tests is absent: skipping the specification's filter cases");
        return p;
    }

    @TestFactory
    Stream<DynamicTest> filterCasesMatchTheSpecificationsParseTrees() throws IOException {
        Path root = specTests();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("cases"))) {
            for (Path inp : files.filter(f -> f.getFileName().toString().endsWith(".inp")).sorted().toList()) {
                String name = inp.getFileName().toString().replace(".inp", "");
                tests.add(DynamicTest.dynamicTest(name, () -> checkCase(root, name, inp)));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(84);
        return tests.stream();
    }

    private void checkCase(Path root, String name, Path inp) throws IOException {
        String ref = Files.readString(inp, StandardCharsets.UTF_8);
        Path inputFile = inp;
        if (ref.startsWith("../inputs/") && !ref.contains("\n")) {
            inputFile = inp.getParent().resolve(ref).normalize();
        }
        String input = Files.readString(inputFile, StandardCharsets.UTF_8);
        Expected expected = Expected.read(Files.readAllLines(root.resolve("outputs").resolve(name + ".out"), StandardCharsets.UTF_8));
        boolean number = name.startsWith("Number_");
        if (expected.errorLine > 0) {
            FilterException e = catchThrowableOfType(FilterException.class,
                    () -> { if (number) FilterParser.parseNumber(input); else FilterParser.parse(input); });
            assertThat(e).as("%s must be rejected: %s", name, input).isNotNull();
            assertThat(e.kind()).isEqualTo(FilterException.Kind.INVALID);
            assertThat(e.line()).as("error line for %s", name).isEqualTo(expected.errorLine);
            if (expected.errorColumn > 0) {
                assertThat(e.column()).as("error column for %s (%s)", name, e.getMessage()).isEqualTo(expected.errorColumn);
            }
            assertThat(e.getMessage()).containsPattern("(position|line) \\d+");
            return;
        }
        Cst.Rule tree = number ? FilterParser.parseNumber(input) : FilterParser.parse(input);
        assertThat(Cst.render(tree)).as("parse tree of %s", name).isEqualTo(expected.tree);
        if (!number) {
            if (inputFile.getFileName().toString().contains("_fail")) {
                assertThatThrownBy(() -> FilterReader.parse(input)).as("%s is a _fail case", name)
                        .isInstanceOfSatisfying(FilterException.class,
                                e -> assertThat(e.kind()).isEqualTo(FilterException.Kind.INVALID));
            } else {
                Filter f = FilterReader.parse(input);
                // the canonical, fully parenthesised rendering reads back to the same filter
                assertThat(FilterReader.parse(f.toString()).toString()).isEqualTo(f.toString());
            }
        }
    }

    /** The expected tree (in {@link Cst#render} layout) or the position of the expected error. */
    private record Expected(String tree, int errorLine, int errorColumn) {
        static Expected read(List<String> lines) {
            StringBuilder tree = new StringBuilder();
            int errorLine = -1;
            int errorColumn = -1;
            for (int i = 1; i < lines.size(); i++) {
                String l = lines.get(i);
                Matcher err = ERROR_HEADER.matcher(l);
                if (err.matches()) {
                    errorLine = Integer.parseInt(err.group(1));
                    for (int j = i + 1; j < lines.size(); j++) {
                        int caret = lines.get(j).indexOf('^');
                        if (lines.get(j).strip().equals("^")) {
                            errorColumn = caret + 1;
                            break;
                        }
                    }
                    break;
                }
                Matcher r = RULE.matcher(l);
                Matcher t = TOKEN.matcher(l);
                if (r.matches()) {
                    tree.append(r.group(1)).append(r.group(2)).append('\n');
                } else if (t.matches()) {
                    tree.append(t.group(1)).append(t.group(2)).append(", line: ").append(t.group(3))
                            .append(", col: ").append(t.group(4)).append('\n');
                } else if (!l.isBlank()) {
                    throw new IllegalStateException("unexpected line in expected output: " + l);
                }
            }
            return new Expected(tree.toString(), errorLine, errorColumn);
        }
    }

    @TestFactory
    Stream<DynamicTest> numberListsFromTheSpecification() throws IOException {
        Path inputs = specTests().resolve("inputs");
        List<DynamicTest> tests = new ArrayList<>();
        for (String list : List.of("numbers.lst", "integers.lst", "reals.lst")) {
            for (String n : Files.readAllLines(inputs.resolve(list))) {
                if (!n.isBlank()) {
                    tests.add(DynamicTest.dynamicTest(list + " " + n, () -> {
                        FilterParser.parseNumber(n.strip());
                        assertThat(FilterReader.parse("x = " + n.strip())).isInstanceOf(Filter.Compare.class);
                    }));
                }
            }
        }
        for (String n : Files.readAllLines(inputs.resolve("not-numbers.lst"))) {
            if (!n.isBlank()) {
                tests.add(DynamicTest.dynamicTest("not-numbers.lst " + n, () ->
                        assertThatThrownBy(() -> FilterParser.parseNumber(n.strip())).isInstanceOf(FilterException.class)));
            }
        }
        for (String id : Files.readAllLines(inputs.resolve("identifiers.lst"))) {
            if (!id.isBlank()) {
                tests.add(DynamicTest.dynamicTest("identifiers.lst " + id, () ->
                        assertThat(FilterReader.parse(id.strip())).isEqualTo(new Filter.Bare(new Filter.Property(List.of(id.strip()), 0)))));
            }
        }
        for (String id : Files.readAllLines(inputs.resolve("not-identifiers.lst"))) {
            if (!id.isBlank()) {
                tests.add(DynamicTest.dynamicTest("not-identifiers.lst " + id, () ->
                        assertThatThrownBy(() -> FilterReader.parse(id.strip() + " IS KNOWN")).isInstanceOf(FilterException.class)));
            }
        }
        return tests.stream();
    }
}
