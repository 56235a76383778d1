package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matdx.catalog.NewDataset;
import org.matdx.catalog.NewEntry;
import org.matdx.core.Json;
import org.matdx.core.RequestContext;
import org.matdx.testing.Browser;
import org.matdx.testing.BrowserWorld;
import org.matdx.testing.TestPlatform;

/**
 * The Japanese pages show no English label. The rule, so that user data never trips it: the
 * English UI vocabulary is every word of three or more letters in the English message file, less
 * the words the Japanese file keeps too (MatDX, OPTIMADE, CIF, JSON: names both languages use)
 * and less the words of the data this test stores (titles, formulas, property names: what users
 * typed is shown as typed). A text node of a Japanese page that is all ASCII and holds one of those
 * words, or two words that are not the test's data, is an English label that did not come from
 * the Japanese file. Text marked as another language ({@code lang="en"}: the language switch) or
 * as a name not to translate ({@code translate="no"}: OPTIMADE providers' names) is skipped.
 */
class UntranslatedTextBrowserTest {
    @RegisterExtension
    static final BrowserWorld world = new BrowserWorld();
    static TestPlatform tp;
    static String entryId;
    static String datasetId;
    static String structureId;
    /** Every word this test stores as user data. */
    static final String USER_DATA = "XRD of ZnO films Sputtered ZnO film 7 thickness operator alice wavelength scan 1 2θ intensity counts halite"
            + " Aki Mori NIMS";
    /** A dataset with listed authors and a published version, seen by its owner (the management pages). */
    static String ownedId;

    /** A word: three or more letters standing alone (not part of an identifier such as a UUID or "CO2"). */
    static final Pattern WORD = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{3,}(?![A-Za-z0-9])");

    @BeforeAll
    static void start() {
        tp = world.platform();
        var caller = tp.person("alice").caller(tp.platform());
        var d = tp.platform().catalog().createDataset(RequestContext.local(caller), new NewDataset("XRD of ZnO films", "Sputtered films", null,
                "public", null, false, null, null));
        var data = Json.object();
        var series = data.putArray("series").addObject().put("name", "scan 1");
        var xa = series.putObject("x").put("name", "2θ").put("unit", "°").putArray("values");
        var ya = series.putArray("y").addObject().put("name", "intensity").put("unit", "counts").putArray("values");
        for (int i = 0; i < 100; i++) {
            xa.add(30 + i * 0.1);
            ya.add(100 + 50 * Math.exp(-Math.pow((30 + i * 0.1 - 34.4) / 0.15, 2)));
        }
        entryId = tp.platform().catalog().addEntries(RequestContext.local(caller), d.id(), List.of(new NewEntry("measurement", "ZnO film 7", "ZnO",
                Map.of("thickness", Json.object().put("value", 120).put("unit", "nm")), Json.object().put("operator", "alice"),
                Json.object().put("wavelength", 1.5406), data, null, null, null, null)))
                .get(0).id().toString();
        // many properties make the properties column claim the width: the narrow columns must still read in one line
        Map<String, tools.jackson.databind.JsonNode> many = new java.util.TreeMap<>();
        for (int i = 1; i <= 12; i++) {
            many.put("p" + i, Json.object().put("value", 123456.789 + i).put("unit", "nm"));
        }
        tp.platform().catalog().addEntries(RequestContext.local(caller), d.id(), List.of(new NewEntry("measurement", "ZnO film 8", "ZnO", many,
                null, null, null, null, null, null, null)));
        datasetId = d.id().toString();
        var na = org.matdx.core.Elements.of("Na");
        var cl = org.matdx.core.Elements.of("Cl");
        List<org.matdx.core.Site> sites = new ArrayList<>();
        for (double[] f : new double[][] {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}}) {
            sites.add(org.matdx.core.Site.of(na, f[0], f[1], f[2]));
            sites.add(org.matdx.core.Site.of(cl, (f[0] + .5) % 1, (f[1] + .5) % 1, (f[2] + .5) % 1));
        }
        var structure = Json.object();
        structure.set("structure", org.matdx.core.StructureJson.write(new org.matdx.core.Structure(
                org.matdx.core.Lattice.fromParameters(5.64, 5.64, 5.64, 90, 90, 90), sites)));
        structureId = tp.platform().catalog().addEntries(RequestContext.local(caller), d.id(), List.of(new NewEntry("structure", "halite", "NaCl",
                Map.of(), null, null, structure, null, null, null, null))).get(0).id().toString();

        var aki = world.account("aki", "Aki Mori", "owner of films");
        var owned = tp.platform().catalog().createDataset(RequestContext.local(aki), new NewDataset("ZnO films", "Sputtered films", null, "public", null,
                false, null, null, List.of(new org.matdx.core.Credits.Author("Aki Mori", "0000-0002-1825-0097", "NIMS")),
                List.of("thickness")));
        tp.platform().catalog().addEntries(RequestContext.local(aki), owned.id(), List.of(new NewEntry("measurement", "ZnO film 7", "ZnO", Map.of(),
                null, null, null, null, null, null, null)));
        tp.platform().versions().publish(RequestContext.local(aki), owned.id(), "10.5072/films.7");
        ownedId = owned.id().toString();
    }

    @Test
    void theKindColumnReadsInOneLineInJapanese() {
        try (BrowserContext ctx = world.browser().context("ja-JP")) {
            Page page = ctx.newPage();
            for (String path : List.of("/?elements=Zn", "/datasets/" + datasetId)) {
                page.navigate(tp.baseUrl() + path);
                assertThat(page.textContent("table.list th.kind")).isEqualTo("種類");
                @SuppressWarnings("unchecked")
                List<Number> lines = (List<Number>) page.evaluate("""
                        () => [...document.querySelectorAll('table.list .kind')].map(c => {
                          const r = document.createRange();
                          r.selectNodeContents(c);
                          return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size;
                        })""");
                assertThat(lines).as("lines of each cell of the 種類 column on %s", path).hasSizeGreaterThanOrEqualTo(3)
                        .allSatisfy(n -> assertThat(n.intValue()).isEqualTo(1));
                Browser.screenshot(page, "kind-column-ja" + path.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", ""));
            }
        }
    }

    static Set<String> words(Iterable<?> texts) {
        Set<String> out = new TreeSet<>();
        for (Object t : texts) {
            Matcher m = WORD.matcher(String.valueOf(t));
            while (m.find()) {
                out.add(m.group().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    static Set<String> englishUiWords() throws IOException {
        Properties en = MessagesTest.bundle("en");
        Properties ja = MessagesTest.bundle("ja");
        Set<String> vocabulary = words(en.values());
        vocabulary.removeAll(words(ja.values()));
        vocabulary.removeAll(words(List.of(USER_DATA)));
        return vocabulary;
    }

    @Test
    void theVocabularyIsLargeEnoughToCatchSomething() throws IOException {
        assertThat(englishUiWords()).hasSizeGreaterThan(300).contains("search", "dataset", "failed", "upload", "reason")
                .doesNotContain("matdx", "optimade", "thickness");
    }

    /**
     * A persistent identifier ("matdx:ds/…/v1") is never translated: a UUID group of letters only
     * ("baca") made it read as an English phrase here, once in some twenty runs.
     */
    @Test
    void persistentIdentifiersAreMarkedNotToTranslate() {
        try (BrowserContext ctx = world.browser().context("ja-JP")) {
            Page page = ctx.newPage();
            page.navigate(tp.baseUrl() + "/datasets/" + ownedId + "/versions/1");
            assertThat(page.getAttribute("[data-testid=pid]", "translate")).isEqualTo("no");
        }
    }

    @Test
    void japanesePagesShowNoEnglishLabel() throws IOException {
        Set<String> vocabulary = englishUiWords();
        Set<String> userData = words(List.of(USER_DATA));
        List<String> found = new ArrayList<>();
        try (BrowserContext ctx = world.browser().context("ja-JP")) {
            Page page = ctx.newPage();
            for (String path : List.of("/", "/?elements=Zn", "/datasets", "/elements", "/models", "/campaigns",
                    "/entries/" + entryId, "/entries/" + structureId, "/datasets/" + datasetId, "/upload", "/federated", "/products", "/login", "/no-such-page",
                    "/datasets/" + ownedId + "/versions/1")) {
                page.navigate(tp.baseUrl() + path);
                scan(page, path, vocabulary, userData, found);
            }
        }
        // the owner's pages: the management forms, a refused form with its messages, a version with its DOI form
        try (BrowserContext ctx = world.browser().context("ja-JP")) {
            Page page = ctx.newPage();
            Browser.signIn(page, tp.baseUrl(), "aki", "owner of films");
            for (String path : List.of("/profile", "/datasets", "/datasets/new", "/datasets/" + ownedId, "/datasets/" + ownedId + "/edit",
                    "/datasets/" + ownedId + "/publish", "/datasets/" + ownedId + "/versions/1")) {
                page.navigate(tp.baseUrl() + path);
                scan(page, "owner " + path, vocabulary, userData, found);
            }
            page.navigate(tp.baseUrl() + "/datasets/new");
            page.fill("[data-testid=authors]", "Aki Mori | 0000-0002-1825-0098");
            page.click("[data-testid=save]");
            page.waitForSelector("[data-testid=error-title]:not(:empty)");
            scan(page, "refused /datasets/new", vocabulary, userData, found);
            page.navigate(tp.baseUrl() + "/datasets/" + ownedId + "/publish");
            page.click("[data-testid=publish]");
            page.waitForSelector("[data-testid=error-form]");
            scan(page, "refused publish", vocabulary, userData, found);
            page.navigate(tp.baseUrl() + "/datasets/" + ownedId + "/versions/1");
            page.fill("[data-testid=doi-input]", "not a doi");
            page.click("[data-testid=doi-save]");
            page.waitForSelector("[data-testid=error-doi]:not(:empty)");
            scan(page, "refused doi", vocabulary, userData, found);
        }
        assertThat(found).as("English text on Japanese pages").isEmpty();
    }

    /** Adds to {@code found} every English label of the page now open (all-ASCII text with a UI word or a phrase). */
    static void scan(Page page, String path, Set<String> vocabulary, Set<String> userData, List<String> found) {
        page.waitForLoadState();
        page.waitForTimeout(300); // plots draw their legends after load
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) page.evaluate("""
                () => {
                  const out = [];
                  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                    const el = n.parentElement;
                    if (!el || el.closest('script, style, noscript, template')) continue;
                    const lang = el.closest('[lang]');
                    if (lang && !lang.lang.startsWith('ja')) continue;
                    if (el.closest('[translate=no]')) continue;
                    const t = n.textContent.trim();
                    if (t && /^[\\x00-\\x7f]+$/.test(t)) out.push(t);
                  }
                  return out;
                }""");
        for (String t : texts) {
            Set<String> w = words(List.of(t));
            w.removeAll(userData);
            // a word of the English file, or a phrase of words it lacks ("crustal abundance")
            if (w.stream().anyMatch(vocabulary::contains) || w.size() >= 2) {
                found.add(path + ": \"" + t + "\"");
            }
        }
        Browser.screenshot(page, "untranslated-ja" + path.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", ""));
    }
}
