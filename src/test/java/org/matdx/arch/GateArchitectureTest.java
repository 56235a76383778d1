package org.matdx.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matdx.access.Gate;
import org.matdx.store.DatasetStore;
import org.matdx.store.EntryStore;
import org.matdx.store.SampleStore;

/**
 * One gate (issue 18): a capability or an endpoint that reads a dataset, an entry, a file or a
 * sample for a caller goes through {@link Gate}, which asks the access policy, answers 404/401/403
 * and audits reads of closed data. Reading the stores directly would skip all three, so outside the
 * store, the gate and the composition root (platform, cli: operators' tools acting as the system)
 * nothing reads them — except the few places listed here, each with the reason it is not a read
 * for a caller. Queries that list many rows embed {@code AccessPolicy.datasetFilter} in SQL instead;
 * the leak suite checks those.
 */
class GateArchitectureTest {
    static JavaClasses classes;

    /** Store methods that fetch datasets, entries or samples regardless of who asks. */
    static final Map<Class<?>, Set<String>> UNGATED_READS = Map.of(
            DatasetStore.class, Set.of("get", "getAll"),
            EntryStore.class, Set.of("get", "listByDataset"),
            SampleStore.class, Set.of("get", "homes"));

    /** Class.method (lambdas count as their method) that read the stores directly, and why they may. */
    static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("org.matdx.access.Sharing.setAccess", "re-reads the dataset it has just changed, after Gate.require(MANAGE)"),
            Map.entry("org.matdx.access.Sharing.liftEmbargo", "re-reads the dataset it has just changed, after Gate.require(MANAGE)"),
            Map.entry("org.matdx.access.Sharing.extendEmbargo", "re-reads the dataset it has just changed, after Gate.require(MANAGE)"),
            Map.entry("org.matdx.fair.Versions.allEntries", "publishing snapshots every entry, after Gate.require(PUBLISH)"),
            Map.entry("org.matdx.fair.Versions.publishLocked", "re-reads the dataset under its row lock, after Gate.require(PUBLISH)"),
            Map.entry("org.matdx.informatics.ModelService.view", "a model's inputs are judged by AccessPolicy.modelUse, not read"),
            Map.entry("org.matdx.catalog.Removals.deleteEntry", "re-reads the entry under its dataset's lock, after Gate.require(DELETE)"),
            Map.entry("org.matdx.catalog.Removals.retractEntry", "re-reads the entry under its dataset's lock, after Gate.require(RETRACT)"));

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.matdx");
    }

    static boolean ungated(JavaMethodCall call) {
        Set<String> methods = UNGATED_READS.entrySet().stream()
                .filter(e -> call.getTargetOwner().isEquivalentTo(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(Set.of());
        return methods.contains(call.getName());
    }

    /** {@code org.matdx.x.Y.method} for a call made in {@code method} or in a lambda within it. */
    static String origin(JavaMethodCall call) {
        String name = call.getOrigin().getName();
        if (name.startsWith("lambda$")) {
            name = name.substring("lambda$".length(), name.lastIndexOf('$'));
        }
        return call.getOriginOwner().getName() + "." + name;
    }

    static final ArchCondition<JavaClass> READ_THROUGH_THE_GATE = new ArchCondition<>("read datasets, entries and samples through the Gate") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                if (ungated(call) && !ALLOWED.containsKey(origin(call))) {
                    events.add(SimpleConditionEvent.violated(call, origin(call) + " reads " + call.getTargetOwner().getSimpleName()
                            + "." + call.getName() + " without the Gate (" + call.getSourceCodeLocation() + ")"));
                }
            }
        }
    };

    @Test
    void datasetsEntriesAndSamplesAreReadThroughTheGate() {
        classes().that().resideOutsideOfPackages("org.matdx.store..", "org.matdx.platform..", "org.matdx.cli..")
                .and().doNotBelongToAnyOf(Gate.class)
                .should(READ_THROUGH_THE_GATE).check(classes);
    }

    /** An endpoint written the way the copies were, before the gate. */
    static final class ForgetfulEndpoint {
        Object show(DatasetStore datasets, java.util.UUID id) {
            return datasets.get(id).orElseThrow();
        }
    }

    @Test
    void anEndpointThatForgetsTheGateIsCaught() {
        JavaClasses forgetful = new ClassFileImporter().importClasses(ForgetfulEndpoint.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> classes().should(READ_THROUGH_THE_GATE).check(forgetful))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ForgetfulEndpoint.show reads DatasetStore.get without the Gate");
    }

    /** The allow-list stays true: every place on it still reads the store (or it must come off). */
    @Test
    void everyAllowedReadIsStillThere() {
        List<String> seen = new ArrayList<>();
        for (JavaClass c : classes) {
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                if (ungated(call)) {
                    seen.add(origin(call));
                }
            }
        }
        assertThat(seen).containsAll(ALLOWED.keySet());
    }
}
