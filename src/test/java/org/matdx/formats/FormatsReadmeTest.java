package org.matdx.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package's README is the list a reuser reads first: every registered reader must be in its
 * table with the class that implements it, and every test class it names must exist.
 */
class FormatsReadmeTest {
    private static final Path README = Path.of("src/main/java/org/matdx/formats/README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|[^|]*\\| `([A-Za-z0-9.$]+)` \\|[^|]*\\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*)`");

    record Row(String id, String readerClass, List<String> tests) {}

    static Map<String, Row> rows() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(Files.readString(README));
        while (m.find()) {
            List<String> tests = new ArrayList<>();
            Matcher t = NAME.matcher(m.group(3));
            while (t.find()) {
                tests.add(t.group(1));
            }
            rows.put(m.group(1), new Row(m.group(1), m.group(2), tests));
        }
        return rows;
    }

    @Test
    void everyRegisteredReaderHasARowNamingItsClass() throws IOException {
        Map<String, Row> rows = rows();
        for (Reader r : Readers.installed().all()) {
            assertThat(rows).as("README row for reader %s", r.id()).containsKey(r.id());
            assertThat("org.matdx.formats." + rows.get(r.id()).readerClass()).as("class of %s", r.id())
                    .isEqualTo(r.getClass().getName());
        }
        assertThat(rows.keySet()).as("rows in the README for readers that are not registered")
                .isSubsetOf(Readers.installed().all().stream().map(Reader::id).toList());
    }

    @Test
    void everyTestClassNamedExists() throws IOException {
        List<String> existing;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            existing = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - 5)).toList();
        }
        for (Row row : rows().values()) {
            assertThat(row.tests()).as("tests named for %s", row.id()).isNotEmpty();
            assertThat(existing).as("test classes named for %s", row.id()).containsAll(row.tests());
        }
    }
}
