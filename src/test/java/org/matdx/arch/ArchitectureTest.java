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
     * Which table a search reads, entries or their narrow copy entry_search, is the query compiler's
     * choice alone (it knows which conditions the copy can answer); no front end writes SQL against
     * the copy: outside org.matdx.query (and the migrations that create it) nothing reads FROM or JOINs
     * it, nor names the class that knows it. (Maintenance such as the benchmark's VACUUM may name it.)
     */
    private static final java.util.regex.Pattern READS_SEARCH_COPY =
            java.util.regex.Pattern.compile("\\b(FROM|JOIN|UPDATE|INTO)\\s+entry_search\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    @Test
    void onlyTheQueryEngineReadsTheSearchCopy() {
        org.assertj.core.api.Assertions.assertThat(mainSourcesOutside("query",
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
        org.assertj.core.api.Assertions.assertThat(mainSourcesOutside("jobs", text -> NAMES_JOBS_TABLE.matcher(text).find()))
                .as("classes with SQL on the jobs table outside org.matdx.jobs").isEmpty();
    }

    /** The main sources outside {@code org.matdx.<pkg>} whose text {@code names} what only that package may name. */
    private static java.util.List<String> mainSourcesOutside(String pkg, java.util.function.Predicate<String> names) {
        java.nio.file.Path main = java.nio.file.Path.of("src", "main", "java", "org", "matdx");
        try (var files = java.nio.file.Files.walk(main)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(main.resolve(pkg)))
                    .filter(f -> {
                        try {
                            return names.test(java.nio.file.Files.readString(f));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(java.nio.file.Path::toString).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
