package org.matdx.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.platform.Bootstrap;
import org.matdx.testing.TestDatabase;
import org.matdx.testing.TestFiles;
import org.matdx.testing.TestPlatform;
import tools.jackson.databind.JsonNode;

/**
 * Issue 29, item 1: the README's tour, run as written. Every command of the fenced shell blocks
 * of its "A tour of the demo" section runs in one bash session against a demo platform — curl
 * against its HTTP port, {@code ./matdx} as the real command line in a JVM of its own, pointed at
 * the platform's database and data directory the way a user's second terminal is — and must exit 0
 * with an answer that is not an error and not empty. Only the port and the data directory are
 * substituted ({@code localhost:8080}, {@code ~/.matdx}).
 */
class ReadmeTourTest {
    static TestPlatform tp;
    static Path work;

    /** What a command's answer must contain, besides being a non-empty success (command fragment → text). */
    static final List<String[]> EXPECTED = List.of(
            new String[] {"optimade/v1/structures", "\"chemical_formula_reduced\":\"Li"},
            new String[] {"elements score", "HHI"},
            new String[] {"screen In2O3", "In"},
            new String[] {"api/v1/me", "\"username\":\"admin\""},
            new String[] {"/ingest", "\"entry\""},
            new String[] {"ingest docs/examples", "ok"},
            new String[] {"campaign list", "LLZO pellet sintering"},
            new String[] {"campaign simulate", "trial"},
            new String[] {"model list", "Band gap of oxides (demo)"},
            new String[] {"model predict", "outside the model's domain"},
            new String[] {"/predict", "\"applicability_domain\""},
            new String[] {"Bearer $CAROL", "Lattice parameters of Li-rich layered oxides"});

    @BeforeAll
    static void start() throws IOException {
        // what `up` does: the server answers first, then the demo loads in the background
        tp = TestPlatform.start(c -> c.withDemo(false)).withServer();
        Bootstrap.adminToken(tp.platform()); // the token file the tour reads
        Thread demo = tp.platform().loadDemoInBackground();
        var health = tp.anonymous().get("/api/v1/health").json();
        assertThat(health.path("status").asString()).isEqualTo("ok");
        assertThat(health.path("demo").path("state").asString()).isEqualTo("loading");
        assertThat(health.path("demo").path("of").asInt()).isGreaterThan(10);
        assertThat(tp.anonymous().get("/").body()).contains("data-testid=\"startup-loading\"").contains("demo data");
        try {
            demo.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        health = tp.anonymous().get("/api/v1/health").json();
        assertThat(health.path("demo").path("state").asString()).as("%s", health).isEqualTo("ready");
        assertThat(health.path("demo").path("loaded").asInt()).isEqualTo(health.path("demo").path("of").asInt());
        assertThat(tp.anonymous().get("/").body()).doesNotContain("startup-loading");
        work = Files.createTempDirectory("matdx-tour");
    }

    @AfterAll
    static void stop() {
        tp.close();
        TestFiles.deleteRecursively(work);
    }

    record Command(String text, String assigns) {
    }

    /** The commands of the fenced bash blocks between "## A tour of the demo" and the next section. */
    static List<Command> tourCommands(String readme) {
        int from = readme.indexOf("## A tour of the demo");
        assertThat(from).as("the README has a tour").isNotNegative();
        int to = readme.indexOf("\n## ", from + 5);
        String tour = readme.substring(from, to < 0 ? readme.length() : to);
        Matcher block = Pattern.compile("```(?:bash|sh|shell)\\n(.*?)```", Pattern.DOTALL).matcher(tour);
        List<Command> commands = new ArrayList<>();
        while (block.find()) {
            StringBuilder pending = new StringBuilder();
            for (String line : block.group(1).split("\n")) {
                if (line.strip().endsWith("\\")) {
                    pending.append(line, 0, line.lastIndexOf('\\')).append(' ');
                    continue;
                }
                String cmd = (pending + line).strip();
                pending.setLength(0);
                if (cmd.isEmpty() || cmd.startsWith("#") || cmd.matches("\\./matdx (up|test)\\b.*")) {
                    continue;
                }
                Matcher assign = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=\\$\\(").matcher(cmd);
                commands.add(new Command(cmd, assign.find() ? assign.group(1) : null));
            }
        }
        return commands;
    }

    @Test
    void everyCommandOfTheReadmesTourRunsAsWritten() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        List<Command> commands = tourCommands(Files.readString(repo.resolve("README.md")));
        assertThat(commands).hasSizeGreaterThanOrEqualTo(15);
        String port = Integer.toString(tp.server().port());
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        StringBuilder script = new StringBuilder()
                .append("matdx() { \"$MATDX_JAVA\" -Xmx1g -cp \"$MATDX_CP\" org.matdx.cli.Main \"$@\"; }\n")
                .append("cd '").append(repo).append("'\n");
        for (int i = 0; i < commands.size(); i++) {
            String c = commands.get(i).text()
                    .replace("localhost:8080", "127.0.0.1:" + port)
                    .replace("~/.matdx", tp.dataDir().toString())
                    .replace("./matdx ", "matdx ");
            String out = work.resolve(i + ".out").toString();
            script.append("{ ").append(c).append("\n} > '").append(out).append("' 2> '").append(work.resolve(i + ".err"))
                    .append("'; echo $? > '").append(work.resolve(i + ".rc")).append("'\n");
            if (commands.get(i).assigns() != null) {
                script.append("echo \"$").append(commands.get(i).assigns()).append("\" >> '").append(out).append("'\n");
            }
        }
        Path file = work.resolve("tour.sh");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("bash.log").toFile());
        var env = pb.environment();
        env.put("MATDX_JAVA", java);
        env.put("MATDX_CP", cp);
        // the second terminal of a user: the running platform's database and data directory
        env.put("MATDX_DB_URL", tp.platform().db().url());
        env.put("MATDX_DB_USER", TestDatabase.server().user());
        env.put("MATDX_DB_PASSWORD", TestDatabase.server().password());
        env.put("MATDX_HOME", tp.dataDir().toString());
        env.remove("MATDX_DEBUG");
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("the tour finishes").isTrue();

        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < commands.size(); i++) {
            String cmd = commands.get(i).text();
            String rc = read(work.resolve(i + ".rc")).strip();
            String out = read(work.resolve(i + ".out"));
            String err = read(work.resolve(i + ".err"));
            String what = "`" + cmd + "`\nstdout: " + abbreviate(out) + "\nstderr: " + abbreviate(err);
            System.out.println("$ " + cmd + "\n" + abbreviate(out));
            soft.assertThat(rc).as("exit status of " + what).isEqualTo("0");
            soft.assertThat(out.strip()).as("an answer from " + what).isNotEmpty();
            soft.assertThat(out).as("no error from " + what).doesNotStartWith("error:")
                    .doesNotContainPattern("\"status\"\\s*:\\s*[45]\\d\\d");
            if (out.strip().startsWith("{")) {
                JsonNode n = Json.read(out.strip().lines().findFirst().orElse(""));
                for (String list : List.of("data", "items", "predictions", "results")) {
                    if (n.path(list).isArray()) {
                        soft.assertThat(n.get(list).size()).as(list + " of " + what).isPositive();
                    }
                }
                if (n.path("meta").path("data_returned").isNumber()) {
                    soft.assertThat(n.at("/meta/data_returned").asLong()).as("OPTIMADE matches of " + what).isPositive();
                }
                if (n.path("total").isNumber()) {
                    soft.assertThat(n.get("total").asLong()).as("total of " + what).isPositive();
                }
            }
            if (cmd.contains("Bearer $CAROL")) {
                soft.assertThat(out).as("carol's view").contains("\"visibility\":\"metadata\"").doesNotContain("Garnet electrolyte");
            }
            for (String[] e : EXPECTED) {
                if (cmd.contains(e[0])) {
                    soft.assertThat(out).as("what " + what + " answers").contains(e[1]);
                }
            }
        }
        soft.assertAll();
    }

    private static String read(Path f) throws IOException {
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    private static String abbreviate(String s) {
        return s.length() > 1500 ? s.substring(0, 1500) + " …" : s;
    }
}
