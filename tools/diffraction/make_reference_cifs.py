#!/usr/bin/python3
"""Writes the reference phases of reference_phases.py as CIF 1.1 files (asymmetric unit plus the
space group's symmetry operations) into src/main/resources/org/matdx/diffraction/references/, and
checks each one: the formula units per cell and the shortest interatomic distance must be sane.

Needs Debian's python3-pymatgen (only for the symmetry operations of a space group number and for the
checks); run it with /usr/bin/python3 from the project root. The product never runs it.
"""
import os
import sys

from pymatgen.core import Lattice, Structure
from pymatgen.io.cif import CifParser
from pymatgen.symmetry.groups import SpaceGroup

sys.path.insert(0, os.path.dirname(__file__))
from reference_phases import PHASES  # noqa: E402

OUT = "src/main/resources/org/matdx/diffraction/references"


def fmt(v):
    return ("%.6f" % v).rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def cif(key, name, sg_number, cell, sites, source):
    sg = SpaceGroup.from_int_number(sg_number)
    lines = [f"# {name}: written by MatDX tools/diffraction/make_reference_cifs.py from {source}", f"data_{key}",
             f"_chemical_name_common '{name}'"]
    for tag, v in zip(["a", "b", "c"], cell[:3]):
        lines.append(f"_cell_length_{tag} {fmt(v)}")
    for tag, v in zip(["alpha", "beta", "gamma"], cell[3:]):
        lines.append(f"_cell_angle_{tag} {fmt(v)}")
    lines.append(f"_symmetry_space_group_name_H-M '{sg.symbol}'")
    lines.append(f"_symmetry_Int_Tables_number {sg_number}")
    lines += ["loop_", "_symmetry_equiv_pos_as_xyz"]
    ops = [op.as_xyz_string().replace(" ", "") for op in sg.symmetry_ops]
    ops.sort(key=lambda o: o != "x,y,z")  # the identity first, as CIFs usually list it
    for op in ops:
        lines.append("'" + op + "'")
    lines += ["loop_", "_atom_site_label", "_atom_site_type_symbol", "_atom_site_fract_x", "_atom_site_fract_y",
              "_atom_site_fract_z", "_atom_site_occupancy"]
    for label, species, xyz in sites:
        for i, (el, occ) in enumerate(species.items()):
            lab = label if len(species) == 1 else f"{label}{el}"
            lines.append(f"{lab} {el} {' '.join('%.6f' % c for c in xyz)} {'%.6f' % occ}")
    return "\n".join(lines) + "\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    index = ["# key\tfile\tname\tsource"]
    for key, name, sgn, cell, sites, z, source in PHASES:
        text = cif(key, name, sgn, cell, sites, source)
        path = os.path.join(OUT, key + ".cif")
        with open(path, "w") as f:
            f.write(text)
        s = CifParser(path).get_structures(primitive=False)[0]
        reduced, factor = s.composition.get_reduced_composition_and_factor()
        dmin = min(s.get_distance(i, j) for i in range(len(s)) for j in range(i + 1, len(s))) if len(s) > 1 else \
            min(s.lattice.abc)
        ordered = all(occ == 1 for _, sp, _ in sites for occ in sp.values())
        ok = abs(factor - z) < 1e-6 or not ordered  # a mixed site's cell does not reduce to whole formula units
        print(f"{key:10s} {reduced.reduced_formula:10s} Z={factor:5.2f} (expected {z}) sites={len(s):4d} dmin={dmin:.3f}"
              + ("" if ok and dmin > 0.9 else "   <-- CHECK"))
        index.append(f"{key}\t{key}.cif\t{name}\t{source}")
    with open(os.path.join(OUT, "index.tsv"), "w") as f:
        f.write("\n".join(index) + "\n")


if __name__ == "__main__":
    main()
