package org.matdx.fair;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.matdx.catalog.Removals;
import org.matdx.core.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DataCite Metadata Schema 4.5 as JSON (the attribute names of DataCite's REST API), ready to
 * register a DOI for a version: creators with ORCID name identifiers, titles, publisher,
 * publication year, resource type Dataset, rights as SPDX, the MatDX PID as an alternate
 * identifier, the previous version as a related identifier, and an embargo as "Available".
 */
public final class DataCite {
    public static final String SCHEMA = "http://datacite.org/schema/kernel-4";

    private DataCite() {
    }

    public static ObjectNode metadata(Version v, String baseUrl) {
        return metadata(v, baseUrl, List.of());
    }

    /**
     * As {@link #metadata(Version, String)}, saying which entries were retracted since publication
     * (descriptions of type Other: the version stays as registered, the notice travels with it), and
     * for an imported copy where it claims to come from.
     */
    public static ObjectNode metadata(Version v, String baseUrl, List<Removals.Retraction> retracted) {
        ObjectNode n = Json.object();
        if (v.doi() != null) {
            n.put("doi", v.doi());
            n.putArray("identifiers").addObject().put("identifier", "https://doi.org/" + v.doi()).put("identifierType", "DOI");
        }
        n.putObject("types").put("resourceTypeGeneral", "Dataset").put("resourceType", "Materials data")
                .put("schemaOrg", "Dataset").put("citeproc", "dataset").put("bibtex", "misc").put("ris", "DATA");
        ArrayNode creators = n.putArray("creators");
        for (Version.Author a : v.authors()) {
            ObjectNode c = creators.addObject()
                    .put("name", a.given().isEmpty() ? a.family() : a.family() + ", " + a.given())
                    .put("nameType", "Personal").put("familyName", a.family());
            if (!a.given().isEmpty()) {
                c.put("givenName", a.given());
            }
            if (a.orcid() != null) {
                c.putArray("nameIdentifiers").addObject().put("nameIdentifier", "https://orcid.org/" + a.orcid())
                        .put("nameIdentifierScheme", "ORCID").put("schemeUri", "https://orcid.org");
            }
            if (a.affiliation() != null) {
                c.putArray("affiliation").addObject().put("name", a.affiliation());
            }
        }
        n.putArray("titles").addObject().put("title", v.title());
        n.putObject("publisher").put("name", "MatDX");
        n.put("publicationYear", String.valueOf(Citations.year(v)));
        ArrayNode dates = n.putArray("dates");
        dates.addObject().put("date", v.publishedAt().atZone(ZoneOffset.UTC).toLocalDate().toString()).put("dateType", "Issued");
        String embargo = v.metadata().path("embargo_until").isString() ? v.metadata().get("embargo_until").asString() : null;
        if (embargo != null) {
            dates.addObject().put("date", embargo).put("dateType", "Available")
                    .put("dateInformation", "end of the embargo at publication");
        }
        n.putArray("alternateIdentifiers").addObject().put("alternateIdentifier", v.pid())
                .put("alternateIdentifierType", v.pid().startsWith("matdx:import/") ? "MatDX PID (imported copy)" : "MatDX PID");
        if (v.previousPid() != null) {
            // the previous version by its resolver URL (a MatDX PID is no URN, and DataCite has no type for it)
            n.putArray("relatedIdentifiers").addObject()
                    .put("relatedIdentifier", baseUrl + "/api/v1/pid?pid="
                            + URLEncoder.encode(v.previousPid(), StandardCharsets.UTF_8))
                    .put("relatedIdentifierType", "URL").put("relationType", "IsNewVersionOf");
        }
        n.putArray("sizes").add(v.entryCount() + " entries");
        n.putArray("formats").add("application/json").add("application/zip");
        n.put("version", String.valueOf(v.number()));
        ObjectNode rights = n.putArray("rightsList").addObject().put("rights", v.license());
        if (!v.license().startsWith("LicenseRef-")) {
            rights.put("rightsUri", "https://spdx.org/licenses/" + v.license() + ".html")
                    .put("rightsIdentifier", v.license().toLowerCase(Locale.ROOT))
                    .put("rightsIdentifierScheme", "SPDX").put("schemeUri", "https://spdx.org/licenses/");
        }
        ArrayNode descriptions = Json.MAPPER.createArrayNode();
        if (!v.description().isBlank()) {
            descriptions.addObject().put("description", v.description()).put("descriptionType", "Abstract");
        }
        for (var r : retracted) {
            descriptions.addObject().put("descriptionType", "Other").put("description", "Retracted after publication on "
                    + r.at().atZone(ZoneOffset.UTC).toLocalDate() + " by " + (r.by().equals("administrator") ? "an administrator"
                    : "the dataset's " + r.by()) + ": entry " + r.entryId() + " (" + r.title() + "). Reason: " + r.reason());
        }
        var origin = v.metadata().path("origin");
        if (origin.isObject()) {
            descriptions.addObject().put("descriptionType", "Other").put("description", "Imported from an RO-Crate that names"
                    + " itself " + origin.path("pid").asString("(no identifier)")
                    + (origin.path("doi").isString() ? " with DOI " + origin.get("doi").asString() : "")
                    + "; these claims and its authors are as the crate states them, not verified here.");
        }
        if (!descriptions.isEmpty()) {
            n.set("descriptions", descriptions);
        }
        n.put("url", Citations.url(v, baseUrl));
        n.put("schemaVersion", SCHEMA);
        return n;
    }
}
