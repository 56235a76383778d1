package org.matdx.ingest;

import java.util.UUID;
import org.matdx.core.Composition;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The metadata form (送り状) sent with a file: a basic part every template shares, a sample part
 * (an existing sample by id, or a new one by name and composition), and the template's own fields.
 * Built only from an invoice that {@link InvoiceSchema} accepted.
 */
public record Invoice(String dataName, String owner, String instrument, String measuredOn, String description,
                      SampleRef sample, JsonNode custom, JsonNode raw) {

    /** Which sample the measurement is of: none, an existing one, or a new one to register. */
    public sealed interface SampleRef permits NoSample, ExistingSample, NewSample {
    }

    public record NoSample() implements SampleRef {
    }

    public record ExistingSample(String id) implements SampleRef {
    }

    public record NewSample(String name, Composition composition, String description) implements SampleRef {
    }

    static Invoice of(JsonNode n, Composition sampleComposition) {
        JsonNode b = n.path("basic");
        JsonNode s = n.path("sample");
        SampleRef sample;
        if (s.hasNonNull("id") && !s.path("id").asString().isBlank()) {
            sample = new ExistingSample(s.path("id").asString().strip());
        } else if (s.hasNonNull("name")) {
            sample = new NewSample(s.path("name").asString().strip(), sampleComposition, s.path("description").asString(""));
        } else {
            sample = new NoSample();
        }
        return new Invoice(b.path("data_name").asString(null), b.path("owner").asString(null),
                b.path("instrument").asString(null), b.path("measured_on").asString(null),
                b.path("description").asString(null), sample, n.path("custom"), n);
    }

    /** An invoice with just a data name, for files registered without a form. */
    public static JsonNode minimal(String dataName) {
        ObjectNode n = Json.object();
        n.putObject("basic").put("data_name", dataName);
        return n;
    }

    public UUID sampleUuid() {
        return sample instanceof ExistingSample e ? org.matdx.core.Ids.parseOrNull(e.id()) : null;
    }
}
