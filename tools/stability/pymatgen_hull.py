#!/usr/bin/python3
"""Golden values for org.matdx.stability: energies above the convex hull and decompositions as
pymatgen computes them (Debian python3-pymatgen 2022.11.7, pymatgen.analysis.phase_diagram).
Formation energies per atom are turned into total energies per formula unit; the elements are the
references at zero. Run: /usr/bin/python3 tools/stability/pymatgen_hull.py > out.json
The Java test (ConvexHullTest) carries the printed values."""
import json
from pymatgen.core import Composition
from pymatgen.analysis.phase_diagram import PhaseDiagram, PDEntry

ENTRIES = [
    ("Li2O", -2.07), ("Li2O2", -1.65), ("LiO2", -1.10), ("FeO", -1.40), ("Fe2O3", -1.70), ("Fe3O4", -1.65),
    ("LiFeO2", -1.80), ("LiFeO2", -1.75), ("Li5FeO4", -1.85), ("LiFe5O8", -1.68), ("Li2FeO3", -1.50),
    ("FeO2", -1.00), ("Li3Fe", -0.05), ("Li", 0.02),
]

def main():
    entries = []
    for f, ef in ENTRIES:
        c = Composition(f)
        entries.append(PDEntry(c, ef * c.num_atoms, name=f))
    refs = [PDEntry(Composition(el), 0.0, name=el) for el in ("Li", "Fe", "O")]
    pd = PhaseDiagram(entries + refs)
    out = []
    for e in entries:
        decomp = pd.get_decomposition(e.composition)
        out.append({
            "formula": e.name,
            "formation_energy_per_atom": e.energy / e.composition.num_atoms,
            "e_above_hull": pd.get_e_above_hull(e),
            "decomposition": sorted([[d.name, round(x, 12)] for d, x in decomp.items()]),
        })
    print(json.dumps(out, indent=1))

if __name__ == "__main__":
    main()
