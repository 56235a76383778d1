#!/usr/bin/python3
"""Writes the small EMD fixtures of the EMD reader's tests (EmdReaderTest, EmdFuzzTest) with h5py
(Debian python3-h5py; run with /usr/bin/python3). The files are the project's own: the layouts follow
the EMD specification (emdatasets.com) and Velox's as HyperSpy documents it; the hostile ones are made
by construction, not found. Usage: tools/em/emd_fixtures.py src/test/resources/org/matdx/formats/em/emd
"""
import json
import sys
import zlib

import h5py
import numpy as np

out = sys.argv[1]


def ncem(path, with_units=True):
    """A Berkeley EMD spectrum image: 3 x 4 pixels of 16 channels, dims in Fortran order."""
    with h5py.File(path, "w", track_order=False) as f:
        f.attrs["version_major"] = 0
        f.attrs["version_minor"] = 2
        m = f.create_group("microscope")
        m.attrs["name"] = "Test TEM"
        m.attrs["voltage"] = "200 kV"
        g = f.create_group("signals/si")
        g.attrs["emd_group_type"] = 1
        # data[x][y][E] as written by a Fortran-order writer: HyperSpy (and MatDX) transpose to (E, y, x)
        data = np.arange(4 * 3 * 16, dtype="<u2").reshape(4, 3, 16)
        g.create_dataset("data", data=data, chunks=(2, 3, 16), compression="gzip")
        d1 = g.create_dataset("dim1", data=np.array([0.5, 0.75, 1.0, 1.25]))  # x, nm
        d1.attrs["name"] = "x"
        d1.attrs["units"] = "[n_m]"
        d2 = g.create_dataset("dim2", data=np.array([2.0, 2.5, 3.0]))  # y, nm
        d2.attrs["name"] = "y"
        d2.attrs["units"] = "[n_m]"
        d3 = g.create_dataset("dim3", data=np.linspace(100.0, 107.5, 16))  # energy loss, eV
        d3.attrs["name"] = "Energy loss"
        d3.attrs["units"] = "[e_V]"


def velox(path):
    """A Velox-like file: one STEM HAADF image of 5 x 6 int16 pixels, two frames, with its JSON column."""
    with h5py.File(path, "w") as f:
        f.create_dataset("Version", data=[json.dumps({"format": "Velox", "version": "2"}).encode()], dtype=h5py.string_dtype())
        g = f.create_group("Data/Image/aaaa0000")
        frames = np.stack([np.arange(30, dtype="<i2").reshape(5, 6) + 100 * k for k in range(2)], axis=2)  # (h, w, frames)
        g.create_dataset("Data", data=frames, chunks=(5, 6, 1), compression="gzip")
        meta = {
            "Instrument": {"InstrumentClass": "Talos", "Manufacturer": "FEI Company"},
            "Optics": {"AccelerationVoltage": "200000", "CameraLength": "0.098"},
            "Acquisition": {"AcquisitionStartDatetime": {"DateTime": "1575540224"}},
            "Scan": {"FrameTime": "1.5", "DwellTime": "2e-06"},
            "BinaryResult": {"AcquisitionUnit": "StemImage", "Detector": "HAADF", "DetectorIndex": "1",
                             "PixelSize": {"width": "2.5e-10", "height": "2.5e-10"}, "PixelUnitX": "m", "PixelUnitY": "m",
                             "Offset": {"x": "-7.5e-10", "y": "-6.25e-10"}},
            "Detectors": {"Detector-1": {"DetectorName": "HAADF", "DetectorType": "ScanningDetector"}},
            "CustomProperties": {"StemMagnification": {"type": "double", "value": "2500000"}},
        }
        text = json.dumps(meta).encode()
        column = np.zeros((4096, 2), dtype="u1")
        column[: len(text), 0] = np.frombuffer(text, dtype="u1")
        column[: len(text), 1] = np.frombuffer(text, dtype="u1")
        g.create_dataset("Metadata", data=column)
        op = f.create_group("Operations/StemInputOperation")
        op.create_dataset("op1", data=[json.dumps({"dataPath": "/Data/Image/aaaa0000", "detector": "HAADF"}).encode()],
                          dtype=h5py.string_dtype())


def bomb(path):
    """One 256 x 256 uint8 chunk whose deflate stream inflates to 64 MiB of zeros (1000 times its shape)."""
    with h5py.File(path, "w") as f:
        g = f.create_group("signals/bomb")
        g.attrs["emd_group_type"] = 1
        d = g.create_dataset("data", shape=(256, 256), dtype="u1", chunks=(256, 256), compression="gzip")
        d.id.write_direct_chunk((0, 0), zlib.compress(bytes(64 << 20), 9), filter_mask=0)


def huge(path):
    """A dataset declaring 2^20 x 2^20 float64 values (8 TiB) with no data written: the file is a few KB."""
    with h5py.File(path, "w") as f:
        g = f.create_group("signals/huge")
        g.attrs["emd_group_type"] = 1
        g.create_dataset("data", shape=(1 << 20, 1 << 20), dtype="<f8", chunks=(1024, 1024))


def loop(path):
    """A group holding a hard link to its own parent: /signals/a/back is /signals."""
    with h5py.File(path, "w") as f:
        g = f.create_group("signals/a")
        g.attrs["emd_group_type"] = 1
        g.create_dataset("data", data=np.arange(4.0))
        g["back"] = f["signals"]


def external(path, target):
    """The only EMD data is an external link to a file on the reading machine: it must not be followed."""
    with h5py.File(path, "w") as f:
        g = f.create_group("signals/ext")
        g.attrs["emd_group_type"] = 1
        g["data"] = h5py.ExternalLink(target, "/secret")


def deep(path, depth=80):
    with h5py.File(path, "w") as f:
        name = "/".join("g%d" % i for i in range(depth))
        g = f.create_group(name)
        g.attrs["emd_group_type"] = 1
        g.create_dataset("data", data=np.arange(3.0))


def lzf(path):
    with h5py.File(path, "w") as f:
        g = f.create_group("signals/lzf")
        g.attrs["emd_group_type"] = 1
        g.create_dataset("data", data=np.zeros((64, 64)), chunks=(64, 64), compression="lzf")


ncem(out + "/ncem_spectrum_image.emd")
velox(out + "/velox_haadf_stack.emd")
bomb(out + "/hostile_deflate_bomb.emd")
huge(out + "/hostile_huge_dimensions.emd")
loop(out + "/hostile_group_loop.emd")
external(out + "/hostile_external_link.emd", "/tmp/matdx-emd-external-target.h5")
deep(out + "/hostile_deep_groups.emd")
lzf(out + "/hostile_lzf.emd")
