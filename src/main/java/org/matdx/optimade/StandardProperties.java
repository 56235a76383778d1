package org.matdx.optimade;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The property names the OPTIMADE v1.2 specification defines for each entry type MatDX serves.
 * A standard property MatDX does not hold is not an unknown name: it is a property whose value is
 * unknown for every entry, so {@code response_fields} returns it as null ("OPTIONAL properties with
 * an unknown value, if requested explicitly via response_fields, MUST be included and returned in
 * the response with the value null") and filters treat it as null instead of answering 400.
 */
final class StandardProperties {
    private static final List<String> COMMON = List.of("id", "type", "immutable_id", "last_modified");

    private static final Set<String> STRUCTURES = set(List.of("elements", "nelements", "elements_ratios",
            "chemical_formula_descriptive", "chemical_formula_reduced", "chemical_formula_hill", "chemical_formula_anonymous",
            "dimension_types", "nperiodic_dimensions", "lattice_vectors", "space_group_symmetry_operations_xyz",
            "space_group_symbol_hall", "space_group_symbol_hermann_mauguin", "space_group_symbol_hermann_mauguin_extended",
            "space_group_it_number", "cartesian_site_positions", "fractional_site_positions", "site_coordinate_span",
            "site_coordinate_span_description", "nsites", "species_at_sites", "species", "assemblies", "wyckoff_positions",
            "structure_features", "optimization_type"));

    /** BibTeX fields, bib_type, people, doi and url (section "References Entries"). */
    private static final Set<String> REFERENCES = set(List.of("address", "annote", "booktitle", "chapter", "crossref",
            "edition", "howpublished", "institution", "journal", "key", "month", "note", "number", "organization", "pages",
            "publisher", "school", "series", "title", "volume", "year", "bib_type", "authors", "editors", "doi", "url"));

    /** Entry types the specification defines; their names are also the names of relationships in filters. */
    static final Set<String> ENTRY_TYPES = Set.of("structures", "references", "calculations", "files", "trajectories", "links");

    private StandardProperties() {
    }

    private static Set<String> set(List<String> specific) {
        return Set.copyOf(Stream.concat(COMMON.stream(), specific.stream()).toList());
    }

    /** Whether the specification defines {@code name} for entries of {@code type}. */
    static boolean isStandard(String type, String name) {
        return switch (type) {
            case "structures" -> STRUCTURES.contains(name);
            case "references" -> REFERENCES.contains(name);
            default -> COMMON.contains(name);
        };
    }
}
