package org.matdx.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: core ← store ← capabilities ← platform ← web ← cli. */
class ArchitectureTest {
    static JavaClasses classes;

    static final String[] CAPABILITIES = {"..access..", "..audit..", "..jobs..", "..catalog..", "..ingest..",
            "..query..", "..search..", "..optimade..", "..informatics..", "..optimize..", "..elementstrategy..", "..fair..", "..diffraction..",
            "..privacy..", "..lca..", "..federated..", "..stability..", "..formats..", "..imaging.."};

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.matdx");
    }

    @Test
    void coreDependsOnNoOtherMatdxPackage() {
        noClasses().that().resideInAPackage("org.matdx.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.matdx.store..", "org.matdx.access..",
                        "org.matdx.audit..", "org.matdx.jobs..", "org.matdx.catalog..", "org.matdx.ingest..",
                        "org.matdx.query..", "org.matdx.search..", "org.matdx.optimade..", "org.matdx.informatics..", "org.matdx.optimize..",
                        "org.matdx.elementstrategy..", "org.matdx.fair..", "org.matdx.diffraction..", "org.matdx.privacy..", "org.matdx.lca..",
                        "org.matdx.federated..", "org.matdx.platform..",
                        "org.matdx.web..", "org.matdx.cli..", "org.matdx.imaging..", "org.matdx.stability..", "org.matdx.formats..")
                .check(classes);
    }

    /**
     * The instrument readers are a library of their own: they read bytes into core's Signal, Series and
     * Structure and know nothing of uploads, storage or access, so anyone can reuse them.
     */
    @Test
    void formatsDependOnlyOnCore() {
        noClasses().that().resideInAPackage("org.matdx.formats..")
                .should().dependOnClassesThat().resideInAnyPackage(java.util.Arrays.stream(CAPABILITIES)
                        .filter(p -> !p.equals("..formats..")).toArray(String[]::new))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.matdx.store..", "org.matdx.platform..", "org.matdx.web..", "org.matdx.cli..")
                .check(classes);
    }

    /** The private learner, its mechanisms and its tables know nothing of models or catalogs: informatics builds on it. */
    @Test
    void privacyDependsOnlyOnCoreAndStore() {
        noClasses().that().resideInAPackage("org.matdx.privacy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.matdx.access..", "org.matdx.audit..",
                        "org.matdx.jobs..", "org.matdx.catalog..", "org.matdx.ingest..", "org.matdx.search..",
                        "org.matdx.optimade..", "org.matdx.informatics..", "org.matdx.optimize..", "org.matdx.elementstrategy..",
                        "org.matdx.fair..", "org.matdx.diffraction..", "org.matdx.federated..")
                .check(classes);
    }

    /** Federated learning builds on informatics and privacy; nothing below it knows it exists. */
    @Test
    void onlyTheOuterLayersKnowFederatedLearning() {
        noClasses().that().resideInAnyPackage("org.matdx.core..", "org.matdx.store..", "org.matdx.access..",
                        "org.matdx.audit..", "org.matdx.catalog..", "org.matdx.informatics..", "org.matdx.privacy..",
                        "org.matdx.optimade..", "org.matdx.optimize..")
                .should().dependOnClassesThat().resideInAPackage("org.matdx.federated..")
                .check(classes);
    }

    /** Image analysis is numerics on core's Signal: ingest, web and informatics call it, never the reverse. */
    @Test
    void imagingDependsOnlyOnCore() {
        noClasses().that().resideInAPackage("org.matdx.imaging..")
                .should().dependOnClassesThat().resideInAnyPackage(java.util.Arrays.copyOf(CAPABILITIES, CAPABILITIES.length - 1))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.matdx.store..", "org.matdx.platform..", "org.matdx.web..", "org.matdx.cli..")
                .check(classes);
    }

    /**
     * One query engine: native search and OPTIMADE are front ends that compile into org.matdx.query's
     * conditions; the engine knows neither of them, nor anything besides the entries and the access policy.
     */
    @Test
    void theQueryEngineKnowsNoFrontEnd() {
        noClasses().that().resideInAPackage("org.matdx.query..")
                .should().dependOnClassesThat().resideInAnyPackage(java.util.Arrays.stream(CAPABILITIES)
                        .filter(c -> !c.equals("..query..") && !c.equals("..access..")).toArray(String[]::new))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.matdx.platform..", "org.matdx.web..", "org.matdx.cli..")
                .check(classes);
    }

    /**
     * One page flow: how matches are counted and a page is found in its order (index walks, a numeric
     * property's index, the planner's sort) is {@link org.matdx.query.Pages}'s, for both front ends;
     * outside org.matdx.query nothing walks an index or counts matches itself.
     */
    @Test
    void pagesAreFoundByTheQueryEngineAlone() {
        noClasses().that().resideOutsideOfPackage("org.matdx.query..")
                .should().dependOnClassesThat().belongToAnyOf(org.matdx.query.IndexWalk.class, org.matdx.query.QuantityOrder.class)
                .orShould().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("Counting.count",
                        m -> m.getTarget().getOwner().isEquivalentTo(org.matdx.query.Counting.class)
                                && m.getTarget().getName().equals("count")))
                .check(classes);
    }

    /**
     * Which table a search reads, entries or their narrow copy entry_search, is the query compiler's
     * choice alone (it knows which conditions the copy can answer); no front end writes SQL against
     * the copy: outside org.matdx.query (and the migrations that create it) nothing reads FROM or JOINs
     * it, nor names the class that knows it. (Maintenance such as the benchmark's VACUUM may name it.)
     */
    private static final java.util.regex.Pattern READS_SEARCH_COPY =
            java.util.regex.Pattern.compile("\\b(FROM|JOIN|UPDATE|INTO)\\s+entry_search\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    @Test
    void onlyTheQueryEngineReadsTheSearchCopy() {
        org.assertj.core.api.Assertions.assertThat(sourcesWhere(MAIN, f -> !f.startsWith(MAIN.resolve("query")),
                        text -> READS_SEARCH_COPY.matcher(text).find() || text.contains("SearchTable")))
                .as("classes naming entry_search outside org.matdx.query").isEmpty();
    }

    /**
     * The job queue's table is the queue's own (issue 28): how a job is claimed, leased, fenced by its
     * attempt and cleaned up is {@link org.matdx.jobs.JobQueue}'s to know, so outside org.matdx.jobs no
     * main source writes SQL that names {@code jobs}; a capability asks the queue by what it means
     * ({@code hasQueued(kind)}, {@code forgetJobsAbout(dataset)}, {@code statusesBy(…)}).
     */
    private static final java.util.regex.Pattern NAMES_JOBS_TABLE = java.util.regex.Pattern.compile(
            "\\b(FROM|JOIN|UPDATE|INTO|TABLE|TRUNCATE)\\s+(ONLY\\s+)?jobs\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    @Test
    void onlyTheJobQueueWritesSqlOnTheJobsTable() {
        org.assertj.core.api.Assertions.assertThat(sourcesWhere(MAIN, f -> !f.startsWith(MAIN.resolve("jobs")),
                        text -> NAMES_JOBS_TABLE.matcher(text).find()))
                .as("classes with SQL on the jobs table outside org.matdx.jobs").isEmpty();
    }

    /**
     * Context at the edge (issue 28): an account is made where a request enters, by authentication
     * ({@code Accounts}, {@code Sessions}), by {@code ActingAs} for work done for a user who is not
     * the one asking (a queued job, a federation), by the command line and by the demo data; every
     * service takes the caller from the {@link org.matdx.core.RequestContext} it is handed.
     */
    @Test
    void onlyTheEdgesMakeAnAccount() {
        java.util.Set<java.nio.file.Path> edges = java.util.Set.of(MAIN.resolve("access/Accounts.java"),
                MAIN.resolve("access/Sessions.java"), MAIN.resolve("access/ActingAs.java"));
        org.assertj.core.api.Assertions.assertThat(sourcesWhere(MAIN, f -> !edges.contains(f) && !f.startsWith(MAIN.resolve("cli"))
                        && !f.startsWith(MAIN.resolve("platform/demo")), text -> text.contains("new Caller.Account(")))
                .as("main sources that make a Caller.Account away from the edges").isEmpty();
    }

    /** The command line finds the user a command names, and makes their account, in one place: {@code PlatformCommand}. */
    @Test
    void theCommandLineTurnsAUsernameIntoAnAccountInOnePlace() {
        java.nio.file.Path base = MAIN.resolve("cli/PlatformCommand.java");
        org.assertj.core.api.Assertions.assertThat(sourcesWhere(MAIN.resolve("cli"), f -> !f.equals(base),
                        text -> text.contains("byUsername(") || text.contains("new Caller.Account(")))
                .as("command sources that look a user up or make an account themselves (use PlatformCommand.user/account/as)")
                .isEmpty();
    }

    /**
     * A capability handed a caller's context passes it on: none makes a local one for a caller it was
     * given (its reads would be audited as MatDX's own, origin "local", though a web request or a CLI
     * command caused them). A local context is made for MatDX itself (start-up, demo data, timers).
     */
    @Test
    void noCapabilityTurnsAGivenCallerIntoALocalContext() {
        org.assertj.core.api.Assertions.assertThat(sourcesWhere(MAIN, f -> true,
                        text -> java.util.regex.Pattern.compile("RequestContext\\.local\\(caller\\)").matcher(text).find()))
                .as("main sources that make RequestContext.local(caller) instead of passing the caller's context").isEmpty();
    }

    /**
     * The caller who asks and where the request came from travel together in a RequestContext: no
     * method takes a {@code Caller} next to an origin or a context (an account as the subject of a
     * method, the one to sign in, say, is a {@code Caller.Account} and may), and the audit trail's
     * old origin type stays gone.
     */
    @Test
    void aCallerTravelsInItsRequestContext() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits().that().areDeclaredInClassesThat().resideInAPackage("org.matdx..")
                .should(new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaCodeUnit>(
                        "not take a Caller next to an origin or a RequestContext") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaCodeUnit unit,
                                      com.tngtech.archunit.lang.ConditionEvents events) {
                        var types = unit.getRawParameterTypes().stream().map(com.tngtech.archunit.core.domain.JavaClass::getName).toList();
                        boolean caller = types.contains("org.matdx.core.Caller");
                        boolean origin = types.stream().anyMatch(t -> t.equals("org.matdx.core.RequestContext") || t.endsWith("$Origin"));
                        if (caller && origin) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(unit,
                                    unit.getFullName() + " takes a Caller next to " + types.stream()
                                            .filter(t -> t.endsWith("RequestContext") || t.endsWith("$Origin")).findFirst().orElseThrow()));
                        }
                    }
                })
                .check(classes);
        noClasses().that().resideInAPackage("org.matdx..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.matdx.audit.AuditLog$Origin")
                .allowEmptyShould(true)
                .check(classes);
    }

    private static final java.nio.file.Path MAIN = java.nio.file.Path.of("src", "main", "java", "org", "matdx");

    /** The main sources below {@code under} that {@code which} selects and whose text {@code matches}. */
    private static java.util.List<String> sourcesWhere(java.nio.file.Path under, java.util.function.Predicate<java.nio.file.Path> which,
            java.util.function.Predicate<String> matches) {
        try (var files = java.nio.file.Files.walk(under)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(which)
                    .filter(f -> {
                        try {
                            return matches.test(java.nio.file.Files.readString(f));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(java.nio.file.Path::toString).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * SQL in a Java source: a string that starts a statement, or a call that runs one. Handlers call
     * capabilities, which own their tables; a query a handler needs becomes a named method of the store.
     */
    private static final java.util.regex.Pattern SQL = java.util.regex.Pattern.compile(
            "\"[^\"\n]*\\b(SELECT|INSERT\\s+INTO|DELETE\\s+FROM|UPDATE\\s+\\w+\\s+SET|TRUNCATE|CREATE\\s+TABLE)\\b"
                    + "|\\.(createQuery|createUpdate|createCall|prepareStatement|prepareCall)\\(");

    @Test
    void theWebLayerWritesNoSql() {
        org.assertj.core.api.Assertions.assertThat(sourcesWhere(MAIN.resolve("web"), f -> true, text -> SQL.matcher(text).find()))
                .as("classes in org.matdx.web with SQL in them").isEmpty();
    }

    /**
     * The platform is the composition root, not a service locator: {@code WebServer} (the API) and
     * {@code UiRoutes} (the pages) build each handler from it with the capabilities the handler uses;
     * no handler holds the whole platform.
     */
    @Test
    void onlyTheWiringOfTheWebLayerKnowsThePlatform() {
        noClasses().that().resideInAPackage("org.matdx.web..")
                .and().haveNameNotMatching("org\\.matdx\\.web\\.(WebServer|ui\\.UiRoutes)(\\$.*)?")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.matdx.platform.Platform")
                .check(classes);
    }

    /**
     * The command line likewise: {@code cli.Commands} opens the platform and hands each command the
     * capabilities it uses (a small record per command family); no command holds the whole platform.
     */
    @Test
    void onlyTheWiringOfTheCommandLineKnowsThePlatform() {
        noClasses().that().resideInAPackage("org.matdx.cli..")
                .and().haveNameNotMatching("org\\.matdx\\.cli\\.Commands(\\$.*)?")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.matdx.platform.Platform")
                .check(classes);
    }

    /**
     * The benchmarks (src/bench/java) are not product: they are compiled into matdx-bench.jar, never
     * into the product's classes, and no product class uses them (they are added to the command line
     * through {@code cli.CommandExtension} when their jar is on the class path).
     */
    @Test
    void theProductHoldsNoBenchmark() throws java.io.IOException {
        java.util.Set<String> bench = benchmarkClasses();
        org.assertj.core.api.Assertions.assertThat(bench).contains("org.matdx.cli.BenchCommand", "org.matdx.optimize.PoolBenchmark");
        org.assertj.core.api.Assertions.assertThat(classes.stream().map(c -> c.getName().replaceFirst("\\$.*", "")).distinct()
                .filter(bench::contains)).as("benchmark classes among the product's").isEmpty();
        noClasses().should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("benchmarks (src/bench/java)",
                c -> bench.contains(c.getName().replaceFirst("\\$.*", "")))).check(classes);
        noClasses().should().resideInAPackage("org.matdx.cli.bench..").check(classes);
    }

    /** The top-level classes of src/bench/java, by name. */
    static java.util.Set<String> benchmarkClasses() throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of("src", "bench", "java");
        try (var files = java.nio.file.Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"))
                    .map(f -> root.relativize(f).toString().replace(java.io.File.separatorChar, '.').replaceFirst("\\.java$", ""))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /** The demo data is a client of the capabilities, handed to it in a DemoContext; it never reaches back into the platform. */
    @Test
    void theDemoDataDoesNotKnowThePlatform() {
        noClasses().that().resideInAPackage("org.matdx.platform.demo..")
                .should().dependOnClassesThat().resideInAPackage("org.matdx.platform")
                .check(classes);
    }

    /**
     * No two files need each other, in one package or across packages: a circle means one of them
     * reaches into the other's insides, as {@code Platform} and the demo data did, or the pages and
     * {@code UiRoutes} (the routes built the pages, the pages called the routes' rendering helpers).
     * What both sides use goes into a small file of its own ({@code ui.Pages}, {@code demo.Seed}),
     * one side gets an interface or a callback instead of the other's class
     * ({@code Bootstrap.Installation}, {@code EntryBulkLoad.Row}), or two halves of one class become
     * one file ({@code S3BlobStore.S3JobInbox}). A file is a top-level class with its nested classes;
     * the circles are the strongly connected components of the graph of files, named in the failure
     * with one dependency for each of their edges.
     */
    @Test
    void noCircleBetweenFiles() {
        java.util.Map<String, java.util.Set<String>> uses = new java.util.TreeMap<>();
        for (var c : classes) {
            var from = uses.computeIfAbsent(fileOf(c.getName()), k -> new java.util.TreeSet<>());
            c.getDirectDependenciesFromSelf().stream().map(d -> d.getTargetClass().getName())
                    .filter(n -> n.startsWith("org.matdx.")).map(ArchitectureTest::fileOf)
                    .filter(n -> !n.equals(fileOf(c.getName()))).forEach(from::add);
        }
        java.util.List<String> found = new java.util.ArrayList<>();
        for (java.util.List<String> circle : circles(uses)) {
            java.util.List<String> files = circle.stream().sorted().toList();
            StringBuilder text = new StringBuilder(files.size() + " files " + files);
            for (String from : files) {
                for (String to : uses.get(from)) {
                    if (files.contains(to)) {
                        text.append("\n    ").append(from).append(" -> ").append(to).append(": ").append(anyDependency(from, to));
                    }
                }
            }
            found.add(text.toString());
        }
        org.assertj.core.api.Assertions.assertThat(found).as("files that need each other (break each circle: see the comment of this test)")
                .isEmpty();
    }

    /** One dependency of a class of file {@code from} on a class of file {@code to}, as ArchUnit describes it. */
    private static String anyDependency(String from, String to) {
        return classes.stream().filter(c -> fileOf(c.getName()).equals(from))
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .filter(d -> fileOf(d.getTargetClass().getName()).equals(to))
                .map(com.tngtech.archunit.core.domain.Dependency::getDescription).sorted().findFirst().orElse("");
    }

    private static String fileOf(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    /** The strongly connected components of more than one file (Tarjan's algorithm, iterative). */
    private static java.util.List<java.util.List<String>> circles(java.util.Map<String, java.util.Set<String>> uses) {
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        java.util.Map<String, Integer> low = new java.util.HashMap<>();
        java.util.Deque<String> stack = new java.util.ArrayDeque<>();
        java.util.Set<String> onStack = new java.util.HashSet<>();
        java.util.List<java.util.List<String>> out = new java.util.ArrayList<>();
        for (String root : uses.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            java.util.Deque<java.util.Map.Entry<String, java.util.Iterator<String>>> work = new java.util.ArrayDeque<>();
            index.put(root, index.size());
            low.put(root, index.get(root));
            stack.push(root);
            onStack.add(root);
            work.push(java.util.Map.entry(root, uses.getOrDefault(root, java.util.Set.of()).iterator()));
            while (!work.isEmpty()) {
                String v = work.peek().getKey();
                var next = work.peek().getValue();
                if (next.hasNext()) {
                    String w = next.next();
                    if (!index.containsKey(w)) {
                        index.put(w, index.size());
                        low.put(w, index.get(w));
                        stack.push(w);
                        onStack.add(w);
                        work.push(java.util.Map.entry(w, uses.getOrDefault(w, java.util.Set.of()).iterator()));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    java.util.List<String> component = new java.util.ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    if (component.size() > 1) {
                        out.add(component);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void storeDependsOnlyOnCore() {
        noClasses().that().resideInAPackage("org.matdx.store..")
                .should().dependOnClassesThat().resideInAnyPackage(CAPABILITIES)
                .orShould().dependOnClassesThat().resideInAnyPackage("org.matdx.platform..", "org.matdx.web..", "org.matdx.cli..")
                .check(classes);
    }

    @Test
    void capabilitiesDoNotDependOnTheOuterLayers() {
        noClasses().that().resideInAnyPackage(CAPABILITIES)
                .should().dependOnClassesThat().resideInAnyPackage("org.matdx.platform..", "org.matdx.web..", "org.matdx.cli..")
                .check(classes);
    }

    @Test
    void platformDoesNotDependOnWebOrCli() {
        noClasses().that().resideInAPackage("org.matdx.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("org.matdx.web..", "org.matdx.cli..")
                .check(classes);
    }

    @Test
    void nothingButTheCliDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("org.matdx.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.matdx.cli..")
                .check(classes);
    }

    @Test
    void capabilitiesHaveNoCycles() {
        slices().matching("org.matdx.(*)..").should().beFreeOfCycles().check(classes);
    }
}
