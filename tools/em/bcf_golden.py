#!/usr/bin/python3
"""Golden values for MatDX's Bruker .bcf reader, produced by HyperSpy (a test-time oracle only).

For every .bcf of ../shared/data/corpus/em/bruker_data (HyperSpy's GPL-3.0 test files, never copied into
MatDX) it writes what HyperSpy's bruker reader makes of the EDS hypermap: shape, axes, the beam energy
and magnification, the spectrum summed over all pixels (every channel), the counts of each pixel summed
over energy (row-major), and the full spectra of a few pixels (sparse: channel -> count). The overview
images' shapes and sums are in hyperspy-golden.json (tools/em/hyperspy_golden.py).

Run:  /usr/bin/python3 tools/em/bcf_golden.py ../shared/data/corpus/em/bruker_data \
          src/test/resources/org/matdx/formats/em/bcf-golden.json
The JSON is committed; MatDX's tests never call Python.
"""
import json
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import logging
logging.disable(logging.CRITICAL)
import hyperspy
import hyperspy.api as hs

root = os.path.abspath(sys.argv[1])
out = {"generator": "tools/em/bcf_golden.py", "hyperspy": hyperspy.__version__, "files": {}}
for fn in sorted(os.listdir(root)):
    if not fn.endswith(".bcf"):
        continue
    try:
        r = hs.load(os.path.join(root, fn))
    except Exception as e:
        out["files"][fn] = {"error": type(e).__name__ + ": " + str(e)[:300]}
        continue
    r = r if isinstance(r, list) else [r]
    eds = [s for s in r if s.data.ndim == 3][0]
    d = np.asarray(eds.data).astype(np.int64)
    per_pixel = d.sum(axis=2)
    order = np.argsort(-per_pixel, axis=None, kind="stable")
    picks = sorted(set([int(i) for i in order[:3]] + [int(np.flatnonzero(per_pixel.ravel())[0])]))
    pixels = []
    for i in picks:
        y, x = divmod(i, d.shape[1])
        spec = d[y, x]
        nz = np.flatnonzero(spec)
        pixels.append({"y": int(y), "x": int(x), "channels": [int(c) for c in nz], "counts": [int(spec[c]) for c in nz]})
    md = eds.metadata.as_dictionary()
    acq = md.get("Acquisition_instrument", {})
    kind = "TEM" if "TEM" in acq else "SEM"
    m = acq.get(kind, {})
    out["files"][fn] = {
        "shape": list(d.shape), "dtype": str(eds.data.dtype),
        "axes": [{"name": str(a.name), "size": int(a.size), "scale": float(a.scale), "offset": float(a.offset),
                  "units": str(a.units), "navigate": bool(a.navigate)} for a in eds.axes_manager._axes],
        "microscope_kind": kind, "beam_energy": float(m.get("beam_energy")), "magnification": float(m.get("magnification")),
        "total": int(d.sum()), "sum_spectrum": [int(v) for v in d.sum(axis=(0, 1))],
        "pixel_sums": [int(v) for v in per_pixel.ravel()], "pixels": pixels,
        "images": [{"title": s.metadata.General.title, "shape": list(s.data.shape), "sum": float(np.asarray(s.data, dtype=np.float64).sum()),
                    "first": float(np.asarray(s.data).flat[0])} for s in r if s.data.ndim == 2]}
with open(sys.argv[2], "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
