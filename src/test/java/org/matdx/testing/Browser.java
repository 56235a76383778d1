package org.matdx.testing;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven by Playwright. Screenshots go to
 * {@code target/screenshots} as build artefacts. Without Chromium the browser tests are skipped
 * with a message, unless {@code MATDX_REQUIRE_BROWSER} is set (as {@code .ci/run} does), where a
 * missing browser fails the run.
 */
public final class Browser implements AutoCloseable {
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    private Browser(Playwright playwright, com.microsoft.playwright.Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Whether a Chromium is installed, for tests that use it as an oracle but also run without it. */
    public static boolean installed() {
        return executable() != null;
    }

    private static Path executable() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    public static Browser launch() {
        Path exe = executable();
        if (exe == null) {
            if (System.getenv("MATDX_REQUIRE_BROWSER") != null) {
                throw new IllegalStateException("Chromium is required for the browser tests but none was found at " + CANDIDATES);
            }
            Assumptions.abort("Chromium is not installed (apt-get install chromium; .ci/run does this): browser tests skipped");
        }
        Playwright pw = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        var b = pw.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(exe)
                .setHeadless(true)
                // the machine's network is closed: no background or component traffic from Chromium
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage")));
        return new Browser(pw, b);
    }

    /** A fresh browser profile (cookies, language) at a laptop-sized window. */
    public BrowserContext context(String locale) {
        return watched(browser.newContext(new NewContextOptions().setLocale(locale).setViewportSize(1280, 860)));
    }

    /** A wide desktop window (1440 CSS px), for the screenshots of wide layouts. */
    public BrowserContext desktop(String locale) {
        return watched(browser.newContext(new NewContextOptions().setLocale(locale).setViewportSize(1440, 900)
                .setAcceptDownloads(true)));
    }

    public BrowserContext tablet(String locale) {
        return watched(browser.newContext(new NewContextOptions().setLocale(locale).setViewportSize(820, 1180)));
    }

    /** A phone held upright (390 CSS px wide, as an iPhone 12-15), with touch and a 3× screen. */
    public BrowserContext phone(String locale) {
        return watched(browser.newContext(new NewContextOptions().setLocale(locale).setViewportSize(390, 844)
                .setDeviceScaleFactor(3).setIsMobile(true).setHasTouch(true)));
    }

    private final List<String> policyViolations = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /**
     * Every page a browser test opens is also a test of the Content-Security-Policy: Chromium
     * reports what the policy blocked (an inline script or handler, a foreign style) on the console,
     * and {@link BrowserWorld} fails the test that caused it.
     */
    private BrowserContext watched(BrowserContext c) {
        c.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                policyViolations.add(m.text() + " (on " + m.location() + ")");
            }
        });
        return c;
    }

    /** What the Content-Security-Policy blocked since the last call, and forget it. */
    public List<String> takePolicyViolations() {
        synchronized (policyViolations) {
            List<String> out = List.copyOf(policyViolations);
            policyViolations.clear();
            return out;
        }
    }

    public static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** Signs in through the login page and waits until the header shows the sign-out form. */
    public static void signIn(Page page, String baseUrl, String username, String password) {
        page.navigate(baseUrl + "/login");
        page.fill("input[name=username]", username);
        page.fill("input[name=password]", password);
        page.click("button[type=submit]");
        page.waitForSelector("header form.logout");
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
