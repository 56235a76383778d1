#!/usr/bin/python3
"""Golden values for MatDX's powder-pattern simulation, computed with pymatgen's XRDCalculator
(Debian python3-pymatgen; the version is recorded in the output). Run from the project root:

    /usr/bin/python3 tools/diffraction/pymatgen_golden.py

It reads the reference CIFs MatDX ships (src/main/resources/org/matdx/diffraction/references) and
the CIFs of ../shared/data/corpus/cif ($MATDX_SHARED_DATA, or ../shared/data from a worktree's parent; values only are committed, never those files), and writes
src/test/resources/org/matdx/diffraction/pymatgen-xrd-golden.json: per structure and radiation,
every peak pymatgen reports between 2theta = 5 and 90 degrees (position, intensity on a 0-100 scale,
d spacing, summed multiplicity). Tests read the JSON; they never run pymatgen.
"""
import glob
import json
import os
import warnings

import pymatgen
from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.io.cif import CifParser

warnings.filterwarnings("ignore")
OUT = "src/test/resources/org/matdx/diffraction/pymatgen-xrd-golden.json"
RADIATIONS = {"CuKa1": 1.54056, "MoKa1": 0.70930, "CoKa1": 1.78896}
RANGE = (5, 90)


def pattern(structure, wavelength, dw=None):
    p = XRDCalculator(wavelength=wavelength, debye_waller_factors=dw).get_pattern(structure, two_theta_range=RANGE)
    peaks = []
    for x, y, d, hkls in zip(p.x, p.y, p.d_hkls, p.hkls):
        peaks.append({"two_theta": round(float(x), 6), "intensity": round(float(y), 5), "d": round(float(d), 6),
                      "multiplicity": int(sum(h["multiplicity"] for h in hkls))})
    return peaks


def main():
    cases = []
    files = [("reference", f) for f in sorted(glob.glob("src/main/resources/org/matdx/diffraction/references/*.cif"))]
    shared = os.environ.get("MATDX_SHARED_DATA") or next(
        (d for d in ("../shared/data", "../../shared/data") if os.path.isdir(d)), "../shared/data")
    files += [("shared", f) for f in sorted(glob.glob(shared + "/corpus/cif/*.cif")) if "bad_" not in f]
    for origin, f in files:
        try:
            s = CifParser(f).get_structures(primitive=False)[0]
        except Exception as e:  # noqa: BLE001 - a CIF pymatgen cannot read gives no golden values
            print("skipped", f, e)
            continue
        radiations = RADIATIONS if origin == "reference" and os.path.basename(f) in ("si.cif", "licoo2.cif", "corundum.cif") \
            else {"CuKa1": RADIATIONS["CuKa1"]}
        for name, wl in radiations.items():
            cases.append({"file": os.path.basename(f), "origin": origin, "formula": s.composition.reduced_formula,
                          "radiation": name, "wavelength": wl, "peaks": pattern(s, wl)})
        if os.path.basename(f) == "nacl.cif":
            dw = {"Na": 1.5, "Cl": 1.2}
            cases.append({"file": "nacl.cif", "origin": origin, "formula": "NaCl", "radiation": "CuKa1",
                          "wavelength": RADIATIONS["CuKa1"], "debye_waller": dw, "peaks": pattern(s, RADIATIONS["CuKa1"], dw)})
    doc = {"produced_by": "tools/diffraction/pymatgen_golden.py", "pymatgen_version": pymatgen.core.__version__,
           "two_theta_range": RANGE, "cases": cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
    print(len(cases), "cases written to", OUT)


if __name__ == "__main__":
    main()
