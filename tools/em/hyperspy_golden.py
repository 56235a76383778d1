#!/usr/bin/python3
"""Golden values for MatDX's electron-microscopy readers, produced by HyperSpy (a test-time oracle only).

Loads every file of ../shared/data/corpus/em (the HyperSpy test-suite files, GPL-3.0 test data that is
never copied into MatDX) with Debian's python3-hyperspy and writes, per file, what HyperSpy makes of it:
for every signal the data shape and dtype, each axis (name, size, scale, offset, units, navigate,
index in the array), key acquisition metadata and a few sums of the data. Files HyperSpy cannot read
are listed with its error. A PCA of one spectrum image by scikit-learn (python3-sklearn) is the
reference for MatDX's decomposition.

Run:  /usr/bin/python3 tools/em/hyperspy_golden.py ../shared/data/corpus/em \
          src/test/resources/org/matdx/formats/em/hyperspy-golden.json
      (--pca-only ../shared/data/corpus/em <json> refreshes only the PCA references)
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


def num(x):
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    return f if np.isfinite(f) else str(f)


def meta(s):
    md = s.metadata.as_dictionary()
    out = {"title": md.get("General", {}).get("title"),
           "signal_type": md.get("Signal", {}).get("signal_type"),
           "quantity": md.get("Signal", {}).get("quantity")}
    acq = md.get("Acquisition_instrument", {})
    for kind in ("TEM", "SEM"):
        m = acq.get(kind)
        if not m:
            continue
        out["microscope_kind"] = kind
        for k in ("beam_energy", "magnification", "camera_length", "microscope", "beam_current",
                  "working_distance", "dwell_time", "acquisition_mode", "convergence_angle"):
            if k in m:
                out[k] = num(m[k]) if k != "microscope" and k != "acquisition_mode" else str(m[k])
        det = m.get("Detector", {})
        for dk, dv in det.items():
            if isinstance(dv, dict):
                for k2 in ("exposure", "dwell_time", "detector_name"):
                    if k2 in dv:
                        out[dk + "." + k2] = num(dv[k2]) if k2 != "detector_name" else str(dv[k2])
            elif dk == "detector_name":
                out["detector"] = str(dv)
    return out


def sums(d):
    if np.iscomplexobj(d):
        a = np.abs(d.astype(np.complex128))
    elif d.dtype.fields is not None:
        return {"structured": True}
    else:
        a = d.astype(np.float64)
    finite = np.isfinite(a)
    f = a[finite]
    return {"sum": float(f.sum()) if f.size else 0.0, "min": float(f.min()) if f.size else None,
            "max": float(f.max()) if f.size else None, "first": float(a.flat[0]) if a.size else None,
            "last": float(a.flat[-1]) if a.size else None, "nonfinite": int((~finite).sum())}


def signal(s):
    d = np.asarray(s.data)
    axes = []
    for ax in s.axes_manager._axes:
        axes.append({"name": str(ax.name), "size": int(ax.size), "scale": num(getattr(ax, "scale", None)),
                     "offset": num(getattr(ax, "offset", None)), "units": str(ax.units),
                     "navigate": bool(ax.navigate), "index_in_array": int(ax.index_in_array)})
    return {"shape": list(d.shape), "dtype": str(d.dtype), "axes": axes, "metadata": meta(s), "data": sums(d)}


def pca(path):
    from sklearn.decomposition import PCA
    s = hs.load(path)
    d = np.asarray(s.data, dtype=np.float64)
    x = d.reshape(-1, d.shape[-1])
    p = PCA(n_components=min(5, *x.shape), svd_solver="full").fit(x)
    comps = []
    for c in p.components_:
        c = c.copy()
        if c[np.argmax(np.abs(c))] < 0:  # a component's sign is arbitrary; fix it so the largest loading is positive
            c = -c
        comps.append([float(v) for v in c])
    return {"file": os.path.relpath(path, root), "shape": list(d.shape), "sklearn": __import__("sklearn").__version__,
            "explained_variance": [float(v) for v in p.explained_variance_],
            "explained_variance_ratio": [float(v) for v in p.explained_variance_ratio_],
            "mean": [float(v) for v in p.mean_[:16]],
            "scores_first_rows": [[float(v) for v in r] for r in ((x - p.mean_) @ np.array(comps).T)[:4]],
            "components": comps}


def load(p):
    """HyperSpy does not open .gz or .zip itself; MatDX does (uploads are unpacked), so the oracle sees the members."""
    import gzip, tempfile, zipfile
    if p.endswith(".gz"):
        with tempfile.TemporaryDirectory() as t:
            q = os.path.join(t, os.path.basename(p)[:-3])
            with gzip.open(p) as src, open(q, "wb") as dst:
                dst.write(src.read())
            return load(q)
    if p.endswith(".zip"):
        out = []
        with tempfile.TemporaryDirectory() as t, zipfile.ZipFile(p) as z:
            for name in sorted(z.namelist()):
                if name.endswith("/"):
                    continue
                q = z.extract(name, t)
                for s in load(q):
                    s["member"] = name
                    out.append(s)
        return out
    r = hs.load(p)
    return [signal(s) for s in (r if isinstance(r, list) else [r])]


if sys.argv[1] == "--one":
    # one file per process, under a memory cap: a JEOL dataset can make HyperSpy allocate gigabytes
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    try:
        res = {"signals": load(sys.argv[2])}
    except BaseException as e:  # what HyperSpy refuses is recorded, not hidden
        res = {"error": type(e).__name__ + ": " + str(e)[:300]}
    print(json.dumps(res))
    sys.exit(0)

import subprocess

PCA_FILES = ("dm4_3D_data/EELS_SI.dm4", "dm4_2D_data/test-MonoCL_spectrum-SI.dm4")

if sys.argv[1] == "--pca-only":
    # refresh only the decomposition references in an existing golden file (the full run takes ~20 min)
    root = os.path.abspath(sys.argv[2])
    with open(sys.argv[3]) as f:
        out = json.load(f)
    out["pca"] = [pca(os.path.join(root, f)) for f in PCA_FILES]
    with open(sys.argv[3], "w") as f:
        json.dump(out, f, indent=1, sort_keys=True, allow_nan=False)
    sys.exit(0)

root = os.path.abspath(sys.argv[1])
out = {"generator": "tools/em/hyperspy_golden.py", "hyperspy": hyperspy.__version__, "numpy": np.__version__,
       "files": {}}
for dirpath, dirnames, filenames in os.walk(root):
    dirnames.sort()
    for fn in sorted(filenames):
        p = os.path.join(dirpath, fn)
        rel = os.path.relpath(p, root)
        if fn.startswith("COPYRIGHT"):
            continue
        r = subprocess.run([sys.executable, __file__, "--one", p], capture_output=True, text=True)
        lines = r.stdout.strip().splitlines()
        out["files"][rel] = json.loads(lines[-1]) if r.returncode == 0 and lines else {
            "error": "HyperSpy's process ended with code %d: %s" % (r.returncode, r.stderr.strip()[-300:])}
        print(rel, "error" if "error" in out["files"][rel] else len(out["files"][rel]["signals"]), file=sys.stderr)

out["pca"] = [pca(os.path.join(root, f)) for f in PCA_FILES]
def clean(o):
    """JSON has no NaN or infinity: they are written as strings, as the values HyperSpy reports."""
    if isinstance(o, float) and not np.isfinite(o):
        return str(o)
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items()}
    if isinstance(o, list):
        return [clean(v) for v in o]
    return o


out = clean(out)
os.makedirs(os.path.dirname(os.path.abspath(sys.argv[2])), exist_ok=True)
with open(sys.argv[2], "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
