#!/usr/bin/python3
"""Writes the NumPy fixtures numgo's nd/mmap tests read: run it with a
python that has numpy (Debian's /usr/bin/python3 with python3-numpy) from
this directory. The files are committed; rerunning it gives the same .npy
bytes for the same NumPy version (.npz archives carry the time of writing).

Every numgo element type in C and Fortran order, shape (3, 4), with element
i (counting in C order) equal to:
  signed ints  i - 5          unsigned ints  i
  floats       i * 0.5 - 2    complex        complex(i * 0.5, -i)
plus a 0-d array, an empty one, format 2.0 and 3.0 headers, a big-endian
array, a bool array (no numgo type) and .npz archives, stored and deflated.
"""
import numpy as np
from numpy.lib import format

TYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
         "uint64", "float32", "float64", "complex64", "complex128"]


def values(name, shape=(3, 4)):
    i = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    dt = np.dtype(name)
    if dt.kind == "i":
        return (i - 5).astype(dt)
    if dt.kind == "u":
        return i.astype(dt)
    if dt.kind == "f":
        return (i * 0.5 - 2).astype(dt)
    return (i * 0.5 - 1j * i).astype(dt)


for name in TYPES:
    a = values(name)
    np.save(f"{name}_c.npy", a)
    np.save(f"{name}_f.npy", np.asfortranarray(a))

np.save("scalar_0d.npy", np.array(7.5))
np.save("empty_0x3.npy", np.zeros((0, 3), dtype=np.int32))
np.save("vector_5.npy", values("float64", (5,)))
for version in [(2, 0), (3, 0)]:
    with open(f"float64_v{version[0]}.npy", "wb") as f:
        format.write_array(f, values("float64"), version=version)
np.save("float64_big_endian.npy", values("float64").astype(">f8"))
np.save("bool.npy", np.array([True, False]))
np.savez("stored.npz", x=values("float64"), y=values("int32", (5,)),
         z=np.asfortranarray(values("complex64")))
np.savez_compressed("compressed.npz", x=values("float64"), y=values("int32", (5,)))
