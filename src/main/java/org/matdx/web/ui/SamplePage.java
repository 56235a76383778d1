package org.matdx.web.ui;

import io.javalin.http.Context;
import java.util.Map;
import java.util.UUID;
import org.matdx.ingest.sample.Samples;
import org.matdx.web.Requests;

/**
 * A sample's page: name, persistent identifier, composition, its QR label, and the measurements
 * linked to it that the caller may see (listed by {@link Samples#measurements}, whose query
 * carries the access policy's SQL filter). A hidden or unknown sample is a 404 page.
 */
public final class SamplePage {
    public static final int MEASUREMENTS_SHOWN = 200;

    private final Samples samples;

    SamplePage(Samples samples) {
        this.samples = samples;
    }

    void show(Context ctx) {
        UUID id = Pages.uuid(ctx, "sample");
        var caller = Requests.caller(ctx);
        Samples.SampleView view = samples.get(caller, id);
        Pages.render(ctx, "sample.jte", Map.of("view", view,
                "measurements", samples.measurements(caller, id, MEASUREMENTS_SHOWN)));
    }
}
