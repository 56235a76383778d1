package org.matdx.formats;

import java.util.List;
import java.util.Map;
import org.matdx.core.Composition;
import org.matdx.core.EntryKind;
import org.matdx.core.Quantity;
import org.matdx.core.Series;
import org.matdx.core.Signal;
import org.matdx.core.Structure;
import tools.jackson.databind.JsonNode;

/**
 * What a reader makes of one record in a file: a measurement's series and metadata, a structure,
 * or one row of a table. Most files give one; a table gives one per row.
 *
 * @param title       a title the file itself suggests (sample name, data set name), or null
 * @param composition what the material is made of, when the file says
 * @param series      measured or computed curves with units
 * @param structure   a crystal structure, for structure and calculation files
 * @param properties  scalar results with units (band gap, total energy, …)
 * @param metadata    instrument and acquisition metadata as found in the file (wavelength, scan axis, operator, …)
 * @param signals     n-dimensional arrays with calibrated axes (microscope images, stacks, spectrum images)
 */
public record Parsed(EntryKind kind, String title, Composition composition, List<Series> series, Structure structure,
                     Map<String, Quantity> properties, JsonNode metadata, List<Signal> signals) {
    public Parsed {
        series = series == null ? List.of() : List.copyOf(series);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        signals = signals == null ? List.of() : List.copyOf(signals);
    }

    /** A record without images: what every 1-D reader returns. */
    public Parsed(EntryKind kind, String title, Composition composition, List<Series> series, Structure structure,
                  Map<String, Quantity> properties, JsonNode metadata) {
        this(kind, title, composition, series, structure, properties, metadata, List.of());
    }
}
