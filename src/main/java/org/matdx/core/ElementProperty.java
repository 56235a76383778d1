package org.matdx.core;

import java.util.List;

/**
 * Numeric elemental properties held in the element table, with their units.
 * The Magpie set (Ward et al. 2016) is what composition featurisers use; the first
 * group is the project's own reference data (IUPAC weights, Pauling electronegativity,
 * Pyykkö covalent radii).
 */
public enum ElementProperty {
    ATOMIC_NUMBER("Z", ""),
    ATOMIC_WEIGHT("atomic weight", "g/mol"),
    PERIOD("period", ""),
    GROUP("group", ""),
    ELECTRONEGATIVITY_PAULING("Pauling electronegativity", ""),
    COVALENT_RADIUS("covalent radius (Pyykkö)", "pm"),

    MENDELEEV_NUMBER("Mendeleev number", ""),
    MAGPIE_ATOMIC_WEIGHT("atomic weight (Magpie)", "g/mol"),
    MELTING_T("melting temperature", "K"),
    COLUMN("column", ""),
    ROW("row", ""),
    MAGPIE_COVALENT_RADIUS("covalent radius (Magpie)", "pm"),
    MAGPIE_ELECTRONEGATIVITY("electronegativity (Magpie)", ""),
    NS_VALENCE("s valence electrons", ""),
    NP_VALENCE("p valence electrons", ""),
    ND_VALENCE("d valence electrons", ""),
    NF_VALENCE("f valence electrons", ""),
    N_VALENCE("valence electrons", ""),
    NS_UNFILLED("unfilled s states", ""),
    NP_UNFILLED("unfilled p states", ""),
    ND_UNFILLED("unfilled d states", ""),
    NF_UNFILLED("unfilled f states", ""),
    N_UNFILLED("unfilled valence states", ""),
    GS_VOLUME_PA("ground-state volume per atom", "Å³"),
    GS_BANDGAP("ground-state band gap", "eV"),
    GS_MAGMOM("ground-state magnetic moment", "μB"),
    SPACE_GROUP_NUMBER("ground-state space group number", ""),
    FIRST_IONIZATION_ENERGY("first ionisation energy", "eV"),
    ELECTRON_AFFINITY("electron affinity", "kJ/mol"),
    DENSITY("density", "kg/m³");

    private final String label;
    private final String unit;

    ElementProperty(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    /** The 22 properties of the Magpie composition feature set, in Ward et al.'s order. */
    public static final List<ElementProperty> MAGPIE = List.of(
            ATOMIC_NUMBER, MENDELEEV_NUMBER, MAGPIE_ATOMIC_WEIGHT, MELTING_T, COLUMN, ROW,
            MAGPIE_COVALENT_RADIUS, MAGPIE_ELECTRONEGATIVITY, NS_VALENCE, NP_VALENCE, ND_VALENCE,
            NF_VALENCE, N_VALENCE, NS_UNFILLED, NP_UNFILLED, ND_UNFILLED, NF_UNFILLED, N_UNFILLED,
            GS_VOLUME_PA, GS_BANDGAP, GS_MAGMOM, SPACE_GROUP_NUMBER);
}
