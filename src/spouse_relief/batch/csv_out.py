"""CSV text for a chunk's output, made with numpy: the bytes Arrow's CSV writer makes, faster.

Arrow's writer (``quoting_style="needed"``) spends most of a full IL-8857 batch turning 249 decimal
columns into text one value at a time. Here each column of a block of rows becomes a byte matrix
at once, every cell **right-aligned** in a frame whose width is a multiple of 16 bytes, ending in
its comma (or the row's newline): amounts as sign, dollars, ``.``, cents, from the int64 cents by
4-digit table lookups; whole numbers the same without the point; text quoted, ``"`` doubled. A
column with one value in the whole block (a line nobody uses: ``0.00``) is not formatted per row;
its text joins the frame of the cell before it.

Each cell's end in the output follows from the lengths (a running sum). The frames are then
copied into the output 16 bytes at a time, **last cell first**: a frame's padding falls on the
cells before it, which are copied after it and so overwrite it. The result is byte for byte what
Arrow's writer gives for the same table (tests/batch/test_csv_out.py); a table with another column
type, or text too long for a frame, is written by Arrow's writer itself.
"""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

BLOCK_ROWS = 4_096
MAX_TEXT_BYTES = 128  # longer text cells: the chunk goes through Arrow's writer
_QUOTE, _COMMA, _NEWLINE, _MINUS, _POINT = (ord(character) for character in '",\n-.')
_FOUR_DIGITS_32 = np.frombuffer("".join(f"{value:04d}" for value in range(10_000)).encode(), dtype=np.uint32)  # "0000".."9999"
_POWERS = 10 ** np.arange(1, 19, dtype=np.int64)  # 10, 100, ..., 10**18


def header(schema: pa.Schema) -> bytes:
    """The header row as Arrow writes it: every name quoted."""
    return (",".join(_quoted(name) for name in schema.names) + "\n").encode("utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def arrow_csv(table: pa.Table) -> bytes:
    """The rows of ``table`` by Arrow's CSV writer (no header): the reference and the fallback."""
    import pyarrow.csv as pacsv

    sink = io.BytesIO()
    options = pacsv.WriteOptions(quoting_style="needed", include_header=False)
    pacsv.write_csv(table, sink, write_options=options)
    return sink.getvalue()


def _supported(kind: pa.DataType) -> bool:
    if pa.types.is_decimal(kind):
        return kind.bit_width == 64
    return pa.types.is_string(kind) or kind in (pa.int32(), pa.int64())


def rows_csv(table: pa.Table) -> bytes:
    """The rows of ``table`` as CSV bytes (no header), identical to :func:`arrow_csv`."""
    return b"".join(rows_csv_pieces(table))


def rows_csv_pieces(table: pa.Table) -> list:
    """The same bytes in pieces (buffers) to write one after the other, without joining them."""
    if table.num_rows == 0:
        return []
    if table.num_columns == 0 or not all(_supported(field.type) for field in table.schema):
        return [arrow_csv(table)]
    columns = [_prepared(column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column) for column in table.columns]
    if any(column is None for column in columns):
        return [arrow_csv(table)]
    separators = [_COMMA] * (len(columns) - 1) + [_NEWLINE]
    try:
        return [_block(columns, separators, start, min(start + BLOCK_ROWS, table.num_rows))
                for start in range(0, table.num_rows, BLOCK_ROWS)]
    except _TooWide:
        return [arrow_csv(table)]


def _validity(array: pa.Array) -> np.ndarray | None:
    if array.null_count == 0:
        return None
    bits = np.unpackbits(np.frombuffer(array.buffers()[0], dtype=np.uint8), bitorder="little")
    return bits[array.offset : array.offset + len(array)].astype(bool)


class _Text:
    def __init__(self, array: pa.Array):
        self.valid = _validity(array)
        if pc.any(pc.match_substring(array, '"')).as_py():
            array = pc.replace_substring(array, '"', '""')
        offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + len(array) + 1]
        self.starts = offsets[:-1].astype(np.int64)
        self.lengths = np.diff(offsets).astype(np.int64)
        data = array.buffers()[2]
        self.data = np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else np.zeros(1, dtype=np.uint8)


class _Number:
    def __init__(self, array: pa.Array, scale: int):
        wide = pa.types.is_decimal(array.type) or array.type == pa.int64()
        values = np.frombuffer(array.buffers()[1], dtype=np.int64 if wide else np.int32)
        self.values = values[array.offset : array.offset + len(array)].astype(np.int64, copy=False)
        self.scale = scale
        self.valid = _validity(array)
        # One value in the whole chunk (a line nobody uses): formatted once, not per row.
        self.constant = None
        if self.valid is None and len(self.values) and self.values.min() == self.values.max():
            self.constant = int(self.values[0])


def _prepared(array: pa.Array):
    kind = array.type
    if pa.types.is_string(kind):
        text = _Text(array)
        if len(text.lengths) and text.lengths.max() > MAX_TEXT_BYTES:
            return None
        return text
    if pa.types.is_decimal(kind):
        return _Number(array, 2) if kind.scale == 2 else None
    return _Number(array, 0)


def _round_up(width: int) -> int:
    return -(-width // 16) * 16


def _columns_of(matrix: np.ndarray, offset: int, itemsize: int) -> np.ndarray:
    """A column of ``itemsize`` bytes at ``offset`` in every row of ``matrix``, as one item per row."""
    return np.ndarray(buffer=matrix, dtype=f"V{itemsize}", shape=(matrix.shape[0],), strides=(matrix.shape[1],), offset=offset)


class _Segment:
    """Cells that share one frame per row: a formatted cell (or none) and the constant text after it."""

    def __init__(self, column=None):
        self.column = column
        self.suffix = b""

    def frame_width(self, cell_width: int) -> int:
        return _round_up(cell_width + len(self.suffix))


def _block(columns, separators, start: int, stop: int) -> np.ndarray:
    """One block of rows as CSV bytes (see the module's docstring)."""
    size = stop - start
    amounts = _Amounts(columns, separators, start, stop)
    segments: list[_Segment] = []
    for index, (column, separator) in enumerate(zip(columns, separators)):
        if isinstance(column, _Number) and column.constant is not None:
            constant = _constant_text(column.constant, column.scale, separator)
        else:
            constant = amounts.constant.get(index)
            if constant is None and isinstance(column, _Number) and index not in amounts.position:
                constant = _constant_number(column, start, stop, separator)
        if constant is None:
            segments.append(_Segment((index, column, separator)))
        else:
            if not segments:
                segments.append(_Segment())
            segments[-1].suffix += constant
    widths, frames = [], []
    lengths = np.empty((size, len(segments)), dtype=np.int64)
    by_amount = []  # (segment, the amount's place) for the formatted amounts, set in one step below
    for number, segment in enumerate(segments):
        if segment.column is None:
            frame = None
            lengths[:, number] = 0
        else:
            index, column, separator = segment.column
            if index in amounts.position:
                frame = amounts.frame(index)
                by_amount.append((number, amounts.position[index]))
            else:
                frame, cell_lengths = (_number_cells(column, start, stop, separator) if isinstance(column, _Number)
                                       else _text_cells(column, start, stop, separator))
                lengths[:, number] = cell_lengths
        frames.append(frame)
        widths.append(segment.frame_width(0 if frame is None else frame.shape[1]))
    if by_amount:
        numbers, places = (np.array(values) for values in zip(*by_amount))
        lengths[:, numbers] = amounts.lengths[places].T
    lengths += np.array([len(segment.suffix) for segment in segments], dtype=np.int64)
    matrix = np.empty((size, sum(widths)), dtype=np.uint8)
    offset = 0
    for segment, frame, width in zip(segments, frames, widths):
        end = offset + width
        if segment.suffix:
            _columns_of(matrix, end - len(segment.suffix), len(segment.suffix))[:] = np.void(segment.suffix)
        if frame is not None:
            _columns_of(matrix, end - len(segment.suffix) - frame.shape[1], frame.shape[1])[:] = frame.view(f"V{frame.shape[1]}")[:, 0]
        offset = end
    ends = np.cumsum(lengths.ravel()).reshape(lengths.shape)
    total = int(ends[-1, -1])
    slack = max(widths)
    owner = np.repeat(np.arange(len(widths)), np.array(widths) // 16)  # the segment of each 16-byte piece
    shift = np.concatenate([np.arange(0, width, 16) - width for width in widths]) + slack
    starts = np.take(ends, owner, axis=1)
    starts += shift
    out = np.empty(slack + total, dtype=np.uint8)
    slots = np.ndarray(buffer=out, dtype="V16", shape=(slack + total - 15,), strides=(1,))
    slots[starts.ravel()[::-1]] = matrix.view("V16").ravel()[::-1]  # last first: each frame's padding is overwritten
    return out[slack:]


_CENT_WORDS = (np.frombuffer("".join(f".{value:02d}" for value in range(100)).encode(), dtype=np.uint8)
               .reshape(100, 3).astype(np.uint32) << np.array([0, 8, 16], dtype=np.uint32)).sum(axis=1, dtype=np.uint32)


class _Amounts:
    """The block's scale-2 amount columns at once (one row per column): constants found, the rest formatted."""

    def __init__(self, columns, separators, start: int, stop: int):
        self.constant: dict[int, bytes] = {}
        self.position: dict[int, int] = {}
        chosen = [index for index, column in enumerate(columns)
                  if isinstance(column, _Number) and column.scale == 2 and column.constant is None]
        if not chosen:
            return
        size = stop - start
        values = np.empty((len(chosen), size), dtype=np.int64)
        for place, index in enumerate(chosen):
            values[place] = columns[index].values[start:stop]
        valid = None
        if any(columns[index].valid is not None for index in chosen):
            valid = np.ones((len(chosen), size), dtype=bool)
            for place, index in enumerate(chosen):
                if columns[index].valid is not None:
                    valid[place] = columns[index].valid[start:stop]
            values[~valid] = 0  # whatever lies under a null
        same = values.min(axis=1) == values.max(axis=1)
        if valid is not None:
            same &= valid.all(axis=1)
        for place, index in enumerate(chosen):
            if same[place]:
                self.constant[index] = _constant_text(int(values[place, 0]), 2, separators[index])
        varying = np.flatnonzero(~same)
        if not len(varying):
            return
        self.position = {chosen[place]: order for order, place in enumerate(varying.tolist())}
        marks = np.array([separators[chosen[place]] for place in varying.tolist()], dtype=np.uint32)[:, None] << np.uint32(24)
        self.words, self.lengths = _amount_words(values[varying], None if valid is None else valid[varying], marks)

    def frame(self, index: int) -> np.ndarray:
        return self.words[self.position[index]].view(np.uint8)


def _amount_words(values: np.ndarray, valid: np.ndarray | None, marks: np.ndarray):
    """Amounts in cents, right-aligned in 16 bytes each (4 words): ``-1234.50,``; and their lengths.

    numpy divides fast by a constant (``//``) and slowly in ``divmod``; ``np.take`` gathers
    faster than indexing; the digit counts are small integers; amounts under 2**32 cents (nearly
    all) are split into digits in 32-bit arithmetic, half the memory traffic of 64-bit. Hence the style.
    """
    negative = values < 0
    magnitude = np.abs(values)
    largest = int(magnitude.max()) if magnitude.size else 0
    if largest >= 10**13 or (magnitude.size and int(magnitude.min()) < 0):
        raise _TooWide()  # more than 11 whole digits (or the smallest int64): Arrow's writer
    top = None
    if largest < 2**32:
        narrow = magnitude.astype(np.uint32)
        whole = narrow // np.uint32(100)
        cents = narrow - whole * np.uint32(100)
    else:  # at least 42,949,672.96 somewhere: a third group of digits above the hundred millions
        wide = magnitude // 100
        cents = (magnitude - wide * 100).astype(np.uint32)
        high_groups = wide // 10**8
        whole = (wide - high_groups * 10**8).astype(np.uint32)
        top = high_groups.astype(np.uint32)
    words = np.empty(values.shape + (4,), dtype=np.uint32)
    words[..., 3] = np.take(_CENT_WORDS, cents)
    words[..., 3] |= marks
    high = whole // np.uint32(10_000)
    low = whole - high * np.uint32(10_000)
    words[..., 2] = np.take(_FOUR_DIGITS_32, low)
    words[..., 1] = np.take(_FOUR_DIGITS_32, high)
    shown = np.maximum(np.take(_DIGITS_ABOVE[4], high), np.take(_DIGITS_ABOVE[0], low))
    if top is not None:
        words[..., 0] = np.take(_FOUR_DIGITS_32, top)
        np.maximum(shown, np.take(_DIGITS_ABOVE[8], top), out=shown)
    lengths = np.empty(values.shape, dtype=np.int64)
    np.add(shown, 4, out=lengths)
    if negative.any():
        rows, places = np.nonzero(negative)
        words.view(np.uint8).reshape(values.shape + (16,))[rows, places, 15 - lengths[rows, places]] = _MINUS
        lengths += negative
    if valid is not None:
        lengths[~valid] = 1  # a null: the separator alone (the last byte of the frame)
    return words, lengths


# _DIGITS_ABOVE[k][group]: how many digits a 4-digit group shows when k digits follow it
# (none for a zero group above the last, one for a zero last group).
_GROUP_DIGITS = np.searchsorted(np.array([10, 100, 1_000]), np.arange(10_000), side="right").astype(np.int8) + 1
_DIGITS_ABOVE = {k: np.where((np.arange(10_000) == 0) & (k > 0), 0, _GROUP_DIGITS + k).astype(np.int8) for k in (0, 4, 8)}


_PAIRS_16 = np.frombuffer("".join(f"{value:02d}" for value in range(100)).encode(), dtype=np.uint16)  # "00".."99"
_POINT_WORD = np.uint32(_POINT)


def _number_cells(column: _Number, start: int, stop: int, separator: int):
    """Numbers right-aligned in 16 bytes, as (frame, length): ``-1234.50,`` or ``2022\n``."""
    values = column.values[start:stop]
    valid = None if column.valid is None else column.valid[start:stop]
    if valid is not None:
        values = np.where(valid, values, 0)  # whatever lies under a null
    negative = values < 0
    magnitude = np.abs(values)
    size = len(values)
    words = np.empty((size, 4), dtype=np.uint32)
    if column.scale == 2:
        whole, cents = np.divmod(magnitude, 100)
        # the last word: the point, the cents, the separator
        words[:, 3] = _POINT_WORD | (_PAIRS_16[cents].astype(np.uint32) << 8) | np.uint32(separator << 24)
        groups, tail = 3, 4
    else:
        whole = magnitude
        groups, tail = 4, 0
    shown = np.searchsorted(_POWERS, whole, side="right") + 1  # digits of each number (at least one)
    if size and (int(shown.max()) + 1 > groups * 4 - (0 if column.scale else 1) or int(whole.min()) < 0):
        raise _TooWide()  # (a negative magnitude: the smallest int64)
    rest = whole
    for group in range(groups - 1, -1, -1):
        if group < groups - 1 and not rest.any():
            words[:, : group + 1] = 0
            break
        rest, four = np.divmod(rest, 10_000)
        words[:, group] = _FOUR_DIGITS_32[four]
    frame = words.view(np.uint8)
    lengths = shown + tail
    if column.scale == 0:  # the separator after the digits: shift the digits one byte left
        frame = np.concatenate([frame[:, 1:], np.full((size, 1), separator, dtype=np.uint8)], axis=1)
        lengths = shown + 1
    if negative.any():
        rows = np.flatnonzero(negative)
        frame[rows, frame.shape[1] - lengths[rows] - 1] = _MINUS
        lengths = lengths + negative
    if valid is not None:
        lengths = np.where(valid, lengths, 1)
        if not valid.all():
            frame[~valid, -1] = separator
    return frame, lengths


class _TooWide(Exception):
    """A number too long for a 16-byte frame: the chunk goes through Arrow's writer."""


def _constant_number(column: _Number, start: int, stop: int, separator: int) -> bytes | None:
    """The cell's bytes when every row of the block holds the same value (no nulls), else None."""
    if column.valid is not None and not column.valid[start:stop].all():
        return None
    values = column.values[start:stop]
    if values.min() != values.max():
        return None
    return _constant_text(int(values[0]), column.scale, separator)


@lru_cache(maxsize=4096)
def _constant_text(value: int, scale: int, separator: int) -> bytes:
    first = _Number.__new__(_Number)
    first.values, first.scale, first.valid, first.constant = np.array([value], dtype=np.int64), scale, None, None
    frame, lengths = _number_cells(first, 0, 1, separator)
    return frame[0, frame.shape[1] - int(lengths[0]) :].tobytes()


def _text_cells(column: _Text, start: int, stop: int, separator: int):
    """Text quoted and right-aligned, as (frame, length): ``"IL-17",``."""
    lengths = column.lengths[start:stop]
    valid = None if column.valid is None else column.valid[start:stop]
    widest = int(lengths.max()) if len(lengths) else 0
    width = widest + 3  # quote, text, quote, separator
    inside = np.arange(width - 2)[None, :] - (width - 2 - lengths[:, None])  # the text's character at each place
    source = column.starts[start:stop, None] + np.clip(inside, 0, np.maximum(lengths[:, None] - 1, 0))
    frame = np.empty((len(lengths), width), dtype=np.uint8)
    frame[:, :-2] = column.data[np.minimum(source, len(column.data) - 1)]
    frame[np.arange(len(lengths)), width - 3 - lengths] = _QUOTE
    frame[:, -2] = _QUOTE
    frame[:, -1] = separator
    cells = lengths + 3
    if valid is not None:
        cells = np.where(valid, cells, 1)
    return frame, cells
