"""Arrow arrays from numpy without ``pa.array``: the batch never imports pandas.

``pa.array`` and ``pa.scalar`` look for pandas on their first call, which imports it when it is
installed (a quarter of a second on this machine, for nothing). These build the same arrays
straight from buffers.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

_INTEGER_TYPES = {np.dtype(np.int8): pa.int8(), np.dtype(np.int32): pa.int32(), np.dtype(np.int64): pa.int64()}


def bool_array(mask: np.ndarray) -> pa.Array:
    """A boolean array (no nulls) from a numpy bool mask."""
    mask = np.asarray(mask, dtype=bool)
    bits = np.packbits(mask, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(mask), [None, pa.py_buffer(bits)])


def validity(mask: np.ndarray) -> pa.Buffer:
    """A validity bitmap (1: a value, 0: null) from a numpy bool mask."""
    return pa.py_buffer(np.packbits(np.asarray(mask, dtype=bool), bitorder="little"))


def int_array(values: np.ndarray, dtype=np.int64) -> pa.Array:
    """An integer array (int8, int32 or int64; no nulls) from numpy values."""
    values = np.ascontiguousarray(values, dtype=dtype)
    return pa.Array.from_buffers(_INTEGER_TYPES[values.dtype], len(values), [None, pa.py_buffer(values)])


def text_array(values: list[str]) -> pa.Array:
    """A string array (no nulls) from a few Python strings."""
    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    offsets[1:] = np.cumsum([len(value) for value in encoded])
    return pa.Array.from_buffers(pa.string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def null_text(size: int) -> pa.Array:
    return pa.nulls(size, pa.string())
