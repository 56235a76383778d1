package org.matdx.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.matdx.testing.TestDatabase;

/**
 * docs/SCHEMA.md is generated from the migrated database — tables with their purpose (COMMENT ON
 * TABLE, V190), columns, indexes and triggers — and this test fails when the file and the schema
 * part. Regenerate with {@code mvn test -Dtest=SchemaDocTest -Dmatdx.schema.write=true}.
 */
class SchemaDocTest {
    private static final Path DOC = Path.of("docs/SCHEMA.md");

    @Test
    void docsSchemaIsTheMigratedSchema() throws IOException {
        var s = TestDatabase.server();
        String generated;
        try (Database db = Database.connect(TestDatabase.freshDatabase(), s.user(), s.password(), 2)) {
            generated = db.read(SchemaDocTest::render);
        }
        if (Boolean.getBoolean("matdx.schema.write")) {
            Files.writeString(DOC, generated);
        }
        assertThat(Files.exists(DOC)).as("docs/SCHEMA.md exists (write it with -Dmatdx.schema.write=true)").isTrue();
        assertThat(Files.readString(DOC))
                .as("docs/SCHEMA.md is out of date: run mvn test -Dtest=SchemaDocTest -Dmatdx.schema.write=true")
                .isEqualTo(generated);
    }

    @Test
    void everyTableSaysWhatItIsFor() {
        var s = TestDatabase.server();
        try (Database db = Database.connect(TestDatabase.freshDatabase(), s.user(), s.password(), 2)) {
            List<String> silent = db.read(h -> h.createQuery("""
                            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                              AND c.relname <> 'flyway_schema_history' AND obj_description(c.oid, 'pg_class') IS NULL
                            ORDER BY 1""").mapTo(String.class).list());
            assertThat(silent).as("tables without COMMENT ON TABLE (add one in a new migration)").isEmpty();
        }
    }

    static String render(Handle h) {
        StringBuilder md = new StringBuilder("""
                # The database schema

                Generated from the migrated database by `SchemaDocTest` (which fails when this file and the
                migrations part; regenerate with `mvn test -Dtest=SchemaDocTest -Dmatdx.schema.write=true`).
                Each table's purpose is its `COMMENT ON TABLE`. Partitions of a partitioned table are listed
                with it, not on their own. The migrations in `src/main/resources/db/migration` say why.

                """);
        List<Map<String, Object>> tables = h.createQuery("""
                        SELECT c.oid::bigint AS oid, c.relname AS name, c.relkind AS kind, COALESCE(obj_description(c.oid, 'pg_class'), '') AS purpose,
                               (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions
                        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                          AND c.relname <> 'flyway_schema_history'
                        ORDER BY c.relname""").mapToMap().list();
        md.append("| table | purpose |\n|---|---|\n");
        for (Map<String, Object> t : tables) {
            md.append("| [`").append(t.get("name")).append("`](#").append(t.get("name")).append(") | ")
                    .append(cell((String) t.get("purpose"))).append(" |\n");
        }
        for (Map<String, Object> t : tables) {
            long oid = ((Number) t.get("oid")).longValue();
            md.append("\n## ").append(t.get("name")).append("\n\n").append(t.get("purpose")).append('\n');
            long partitions = ((Number) t.get("partitions")).longValue();
            if (partitions > 0) {
                md.append("\nPartitioned: ").append(h.createQuery("SELECT pg_get_partkeydef(:oid)").bind("oid", oid)
                        .mapTo(String.class).one()).append(", ").append(partitions).append(" partitions.\n");
            }
            md.append("\n| column | type | null | default / generated |\n|---|---|---|---|\n");
            h.createQuery("""
                            SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
                                   a.attgenerated <> '' AS generated, COALESCE(pg_get_expr(d.adbin, d.adrelid), '') AS expr
                            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                            WHERE a.attrelid = :oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""")
                    .bind("oid", oid).mapToMap().forEach(c -> md.append("| ").append(c.get("name")).append(" | ").append(c.get("type"))
                            .append(" | ").append(Boolean.TRUE.equals(c.get("nullable")) ? "yes" : "no").append(" | ")
                            .append(Boolean.TRUE.equals(c.get("generated")) ? "generated: " : "")
                            .append(cell(shorten((String) c.get("expr")))).append(" |\n"));
            List<String> indexes = h.createQuery("""
                            SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                            WHERE i.indrelid = :oid ORDER BY ic.relname""").bind("oid", oid).mapTo(String.class).list();
            if (!indexes.isEmpty()) {
                md.append("\nIndexes:\n\n");
                indexes.forEach(i -> md.append("- `").append(i.replace("public.", "").replace(" ON ONLY ", " ON ")).append("`\n"));
            }
            List<String> triggers = h.createQuery("""
                            SELECT t.tgname || ': ' || regexp_replace(pg_get_triggerdef(t.oid), '^CREATE (CONSTRAINT )?TRIGGER \\S+ ', '')
                            FROM pg_trigger t WHERE t.tgrelid = :oid AND NOT t.tgisinternal ORDER BY t.tgname""")
                    .bind("oid", oid).mapTo(String.class).list();
            if (!triggers.isEmpty()) {
                md.append("\nTriggers:\n\n");
                triggers.forEach(tr -> md.append("- `").append(tr.replace("public.", "")).append("`\n"));
            }
        }
        return md.toString();
    }

    private static String shorten(String expr) {
        String one = expr.replaceAll("\\s+", " ").strip();
        return one.length() > 160 ? one.substring(0, 157) + "…" : one;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
