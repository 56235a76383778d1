package org.matdx.lca;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Bills of materials shipped as examples: the demo's battery cell (NMC811 on Al foil, Li4Ti5O12
 * on Cu foil, Al case, two process steps), whose figures docs/lca.md works out by hand.
 */
public final class ExampleProducts {
    private ExampleProducts() {
    }

    public static String batteryCell() {
        try (InputStream in = ExampleProducts.class.getResourceAsStream("/org/matdx/lca/example-battery-cell.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
