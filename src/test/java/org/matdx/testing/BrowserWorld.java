package org.matdx.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.matdx.platform.Bootstrap;
import org.matdx.core.Caller;
import org.matdx.core.Scope;

/**
 * What every browser test class stands on: a platform with its HTTP server and a headless
 * Chromium, started before the class's own {@code @BeforeAll} and closed after it
 * ({@code @RegisterExtension static final BrowserWorld world = new BrowserWorld();}). After each
 * test it fails the test if a page needed something the Content-Security-Policy blocked.
 */
public final class BrowserWorld implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private TestPlatform tp;
    private Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) {
        browser = Browser.launch();
        tp = TestPlatform.start().withServer();
    }

    /** A page that needed something the Content-Security-Policy forbids fails the test that opened it. */
    @Override
    public void afterEach(ExtensionContext context) {
        if (browser != null) {
            var blocked = browser.takePolicyViolations();
            if (!blocked.isEmpty()) {
                throw new AssertionError("the Content-Security-Policy blocked " + blocked.size() + " thing(s): " + blocked);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (tp != null) {
                tp.close();
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
        }
    }

    public TestPlatform platform() {
        return tp;
    }

    public Browser browser() {
        return browser;
    }

    /** An account that signs in with this password, acting for itself (admin scope) in the Java API. */
    public Caller.Account account(String username, String fullName, String password) {
        var u = tp.platform().accounts().createUser(Bootstrap.SYSTEM, username, fullName, null, null, password, false);
        return new Caller.Account(u, Map.of(), Scope.ADMIN);
    }
}
