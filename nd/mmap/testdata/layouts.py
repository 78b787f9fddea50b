# layouts.py writes what NumPy's np.save writes for arrays that are not
# C-contiguous, for TestWriteLayoutsAsNumPy (layouts_test.go) to compare
# with mmap.Write byte for byte. Each array is a view of an arange, made
# by the same expression the Go test uses (SliceExpr/T/Transpose/Flip).
# Run with /usr/bin/python3 (numpy 1.24) from this directory:
#   /usr/bin/python3 layouts.py
import numpy as np

m = np.arange(6, dtype=np.float64).reshape(2, 3)
c = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
f = np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4))
cases = {
    "transposed": m.T,                           # F-contiguous: fortran_order True
    "permuted": c.transpose(1, 0, 2),            # neither: C order, logical
    "reversed_axes": c.transpose(2, 1, 0),       # F-contiguous 3-D
    "stepped": c[:, ::2, 1:],                    # strided: C order
    "flipped": m[::-1, ::-1],                    # negative strides: C order
    "fortran_cols": f[:, 1:3],                   # still F-contiguous
    "fortran_rows": f[1:3, :],                   # neither
    "row": m[1:2, :].T,                          # (3, 1): both contiguous: C
}
for name, a in cases.items():
    np.save(f"layout_{name}.npy", a)
    print(name, a.shape, "C" if a.flags.c_contiguous else "", "F" if a.flags.f_contiguous else "")
print("numpy", np.__version__)
