package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Caller;
import org.matdx.core.RequestContext;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/**
 * The delete and retract buttons in Chromium: the owner deletes an unpublished entry after a
 * confirmation, retracts a published one with a reason that the version's page then shows, and
 * deletes a dataset; someone who may only read sees no button.
 */
class DeletionBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static Browser browser;
    static Caller.Account owner;

    @BeforeAll
    static void start() {
        browser = world.browser();
        tp = world.platform();
        owner = world.account("rin", "Rin Mori", "perovskite owner");
        world.account("kai", "Kai Abe", "just a reader");
    }

    static String dataset(String title) {
        return tp.platform().catalog().createDataset(RequestContext.local(owner), new NewDataset(title, "", null, "public", null, false, null, null)).id().toString();
    }

    static String entry(String dataset, String title, String formula) {
        return tp.platform().catalog().addEntries(RequestContext.local(owner), java.util.UUID.fromString(dataset), List.of(new NewEntry("property_row",
                title, formula, Map.of(), null, null, null, null, null, null, null))).get(0).id().toString();
    }

    @Test
    void ownersDeleteAndRetractFromThePagesReadersSeeNoButtons() {
        String ds = dataset("Films to tidy up");
        String draft = entry(ds, "draft film", "CsPbI3");
        String wrong = entry(ds, "film with the wrong gap", "CsPbBr3");
        String kept = entry(ds, "good film", "CsSnI3");
        tp.platform().versions().publish(RequestContext.local(owner), java.util.UUID.fromString(ds), null);
        String later = entry(ds, "unpublished draft", "CsGeI3");
        try (BrowserContext readerCtx = browser.context("en-GB"); BrowserContext ownerCtx = browser.context("en-GB")) {
            Page kai = readerCtx.newPage();
            Browser.signIn(kai, tp.baseUrl(), "kai", "just a reader");
            kai.navigate(tp.baseUrl() + "/entries/" + later);
            assertThat(kai.isVisible("[data-testid=entry-delete]")).isFalse();
            kai.navigate(tp.baseUrl() + "/datasets/" + ds);
            assertThat(kai.isVisible("[data-testid=dataset-delete]")).isFalse();

            Page rin = ownerCtx.newPage();
            Browser.signIn(rin, tp.baseUrl(), "rin", "perovskite owner");
            // a published entry offers retraction, not deletion; the reason is asked for
            rin.navigate(tp.baseUrl() + "/entries/" + wrong);
            assertThat(rin.isVisible("[data-testid=entry-delete]")).isFalse();
            rin.onceDialog(d -> d.accept("gap measured on the wrong film"));
            rin.click("[data-testid=entry-retract]");
            rin.waitForURL("**/datasets/" + ds);
            assertThat(rin.textContent("[data-testid=entries]")).doesNotContain("film with the wrong gap").contains("good film");
            rin.navigate(tp.baseUrl() + "/datasets/" + ds + "/versions/1");
            assertThat(rin.textContent("[data-testid=retracted]")).contains("film with the wrong gap")
                    .contains("gap measured on the wrong film").contains("the dataset's owner");
            Browser.screenshot(rin, "version-retracted");
            // a dismissed confirmation deletes nothing
            rin.navigate(tp.baseUrl() + "/entries/" + later);
            rin.onceDialog(d -> d.dismiss());
            rin.click("[data-testid=entry-delete]");
            assertThat(tp.platform().entries().get(java.util.UUID.fromString(later))).isPresent();
            rin.onceDialog(d -> d.accept());
            rin.click("[data-testid=entry-delete]");
            rin.waitForURL("**/datasets/" + ds);
            assertThat(tp.platform().entries().get(java.util.UUID.fromString(later))).isEmpty();
            assertThat(tp.platform().entries().get(java.util.UUID.fromString(kept))).isPresent();
            assertThat(tp.platform().entries().get(java.util.UUID.fromString(draft))).isPresent();
            // a published dataset cannot be deleted; an unpublished one can
            assertThat(rin.isVisible("[data-testid=dataset-delete]")).isFalse();
            assertThat(rin.isVisible("[data-testid=removal-published]")).isTrue();
            String scratch = dataset("Scratch dataset");
            entry(scratch, "scratch", "NaCl");
            rin.navigate(tp.baseUrl() + "/datasets/" + scratch);
            rin.onceDialog(d -> d.accept());
            rin.click("[data-testid=dataset-delete]");
            rin.waitForURL("**/datasets");
            assertThat(tp.platform().datasets().get(java.util.UUID.fromString(scratch))).isEmpty();
        }
        assertThat(tp.platform().audit().verify(null).intact()).isTrue();
    }
}
