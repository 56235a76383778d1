#!/usr/bin/python3
"""Golden expansions for CifSymbolOnlyTest's non-standard settings (spglib-golden.tsv).

Oracle only: Debian's python3-spglib 2.0.2. Each fixture's asymmetric unit is expanded with the operations
spglib's database holds for the Hall number given here (the setting the fixture's H-M symbol names in ITA),
wrapped into [0, 1) and merged within 1e-3. Run from the project root:
  /usr/bin/python3 tools/cif/symbol_only_golden.py > src/test/resources/org/matdx/formats/cif/symbol-only/spglib-golden.tsv
"""
import re
import numpy as np
import spglib

DIR = "src/test/resources/org/matdx/formats/cif/symbol-only/"
FIXTURES = [("p1121b_c_unique.cif", 86), ("i12a1_cell_choice3.cif", 92), ("pbn21_permuted.cif", 165),
            ("aba2_before_e.cif", 203), ("p21m_gamma_unique_c.cif", 61)]


def sites(path):
    out = []
    for line in open(path):
        m = re.match(r"^(\w+)\s+([A-Z][a-z]?)\s+(\S+)\s+(\S+)\s+(\S+)\s*$", line)
        if m:
            out.append((m.group(2), np.array([float(m.group(i)) for i in (3, 4, 5)])))
    return out


print("# Oracle for CifSymbolOnlyTest (settings derived by SpaceGroupSettings): each fixture beside this file expanded")
print("# with the operations of spglib 2.0.2's database (Debian python3-spglib, get_symmetry_from_database) for the Hall")
print("# number of the setting its symbol names; made by tools/cif/symbol_only_golden.py.")
print("# Columns: file, sites, sorted 'El x y z' (3 decimals, wrapped into [0,1)), spglib Hall symbol used.")
for name, hall in FIXTURES:
    sym = spglib.get_symmetry_from_database(hall)
    found = []
    for el, x in sites(DIR + name):
        for r, t in zip(sym["rotations"], sym["translations"]):
            y = (r @ x + t) % 1.0
            if not any(e == el and np.all(np.abs(((y - z) + 0.5) % 1.0 - 0.5) < 1e-3) for e, z in found):
                found.append((el, y))
    text = sorted("%s %.3f %.3f %.3f" % (el, *(v % 1.0 if round(v % 1.0, 3) < 1 else 0.0 for v in y)) for el, y in found)
    print("\t".join([name, str(len(found)), "|".join(text), spglib.get_spacegroup_type(hall)["hall_symbol"]]))
