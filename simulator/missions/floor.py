"""A printed mat as a PNG picture: read with the standard library, looked up by millimetre.

The world never imports pygame, so the PNG is read here with ``zlib``: the
header when a mission file is checked, the pixels when a run needs them
(cached per file and change, since every run of a class reads the same mat).
Rows filtered with None, Sub or Up (what ``brickclass field`` writes) decode
with loops that run in C; Average and Paeth rows need a Python loop per byte
and are slower, but read correctly.

The colour sensor reads the mat 100 times a second, so ``FloorPixels.color_at``
is a few integer operations and one index into a ``bytes``.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from itertools import accumulate, repeat
from operator import and_
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Colour type → channels per pixel (grey, RGB, palette, grey+alpha, RGBA).
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
# A bigger picture would cost a run more memory than it is worth (4 m² at 1 px/mm²).
MAX_PIXELS = 4_000_000
_SHARE = tuple(i / 255 for i in range(256))


class FloorError(ValueError):
    """Why a picture cannot be a mat: a key under ``missions.problem`` and its values."""

    def __init__(self, problem: str, **values: object) -> None:
        super().__init__(problem, values)
        self.problem = problem
        self.values = values


def _chunks(blob: bytes):
    at = len(SIGNATURE)
    while at + 8 <= len(blob):
        length, kind = struct.unpack(">I4s", blob[at:at + 8])
        data = blob[at + 8:at + 8 + length]
        if len(data) != length:
            raise FloorError("floor_damaged")
        yield kind, data
        at += 12 + length


def read_header(path: Path | str) -> tuple[int, int, int, int]:
    """(width, height, bit depth, colour type) of a PNG we can use as a mat."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(33)
    except OSError as exc:
        raise FloorError("floor_unreadable", reason=exc.strerror or str(exc)) from exc
    if not head.startswith(SIGNATURE) or head[12:16] != b"IHDR":
        raise FloorError("floor_not_png")
    width, height, depth, color_type, _compression, _filter, interlace = struct.unpack(">IIBBBBB", head[16:29])
    if color_type not in CHANNELS or depth not in DEPTHS[color_type]:
        raise FloorError("floor_not_png")
    if interlace:
        raise FloorError("floor_interlaced")
    if width == 0 or height == 0 or width * height > MAX_PIXELS:
        raise FloorError("floor_too_big", width=width, height=height, most=MAX_PIXELS)
    return width, height, depth, color_type


class FloorPixels:
    """The mat's pixels as RGB bytes, north row first, and a look-up by field millimetres."""

    __slots__ = ("width", "height", "rgb", "_sx", "_sy", "_field_h")

    def __init__(self, width: int, height: int, rgb: bytes, field_size: tuple[float, float] = (1.0, 1.0)) -> None:
        self.width = width
        self.height = height
        self.rgb = rgb
        self.fit(field_size)

    def fit(self, field_size: tuple[float, float]) -> FloorPixels:
        """Stretch the picture over a field of ``field_size`` millimetres."""
        self._sx = self.width / field_size[0]
        self._sy = self.height / field_size[1]
        self._field_h = field_size[1]
        return self

    def color_at(self, x: float, y: float) -> tuple[float, float, float]:
        column = int(x * self._sx)
        row = int((self._field_h - y) * self._sy)
        # The far edges belong to the last pixel.
        if column >= self.width:
            column = self.width - 1
        if row >= self.height:
            row = self.height - 1
        at = (row * self.width + column) * 3
        rgb = self.rgb
        return (_SHARE[rgb[at]], _SHARE[rgb[at + 1]], _SHARE[rgb[at + 2]])


def decode(path: Path | str, backdrop: tuple[int, int, int] = (0, 0, 0)) -> FloorPixels:
    """All pixels of a PNG as RGB; see-through parts show ``backdrop`` (the mat's colour)."""
    stat = Path(path).stat()
    return _decode_cached(str(path), stat.st_mtime_ns, stat.st_size, backdrop)


@lru_cache(maxsize=4)
def _decode_cached(path: str, _mtime_ns: int, _size: int, backdrop: tuple[int, int, int]) -> FloorPixels:
    width, height, depth, color_type = read_header(path)
    blob = Path(path).read_bytes()
    palette = b""
    alpha_of_palette = b""
    compressed = bytearray()
    for kind, data in _chunks(blob):
        if kind == b"PLTE":
            palette = data
        elif kind == b"tRNS" and color_type == 3:
            alpha_of_palette = data
        elif kind == b"IDAT":
            compressed += data
        elif kind == b"IEND":
            break
    try:
        raw = zlib.decompress(bytes(compressed))
    except zlib.error as exc:
        raise FloorError("floor_damaged") from exc
    channels = CHANNELS[color_type]
    bits = channels * depth
    stride = (width * bits + 7) // 8
    step = max(1, bits // 8)  # bytes between a byte and the same byte of the pixel before
    if len(raw) < height * (stride + 1):
        raise FloorError("floor_damaged")
    rows = _unfilter(raw, height, stride, step)
    samples = _samples(rows, width, depth, channels)
    return FloorPixels(width, height, _to_rgb(samples, color_type, palette, alpha_of_palette, backdrop))


def _unfilter(raw: bytes, height: int, stride: int, step: int) -> bytes:
    out = bytearray(height * stride)
    previous = bytes(stride)
    at = 0
    for row in range(height):
        kind = raw[at]
        line = raw[at + 1:at + 1 + stride]
        at += 1 + stride
        if kind == 0:
            current = bytes(line)
        elif kind == 1:
            current = _sub(line, step)
        elif kind == 2:
            current = _add_bytes(line, previous)
        elif kind == 3:
            current = _average(line, previous, step)
        elif kind == 4:
            current = _paeth(line, previous, step)
        else:
            raise FloorError("floor_damaged")
        out[row * stride:(row + 1) * stride] = current
        previous = current
    return bytes(out)


def _sub(line: bytes, step: int) -> bytes:
    # Each byte adds the one ``step`` before it: a running sum per channel, modulo 256.
    current = bytearray(len(line))
    for channel in range(step):
        current[channel::step] = bytes(map(and_, accumulate(line[channel::step]), repeat(255)))
    return bytes(current)


_LOW7: dict[int, tuple[int, int]] = {}


def _add_bytes(a: bytes, b: bytes) -> bytes:
    """Bytewise (a + b) mod 256, on whole rows at once as big integers."""
    n = len(a)
    low = _LOW7.get(n)
    if low is None:
        low = _LOW7[n] = (int.from_bytes(b"\x7f" * n, "big"), int.from_bytes(b"\x80" * n, "big"))
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    total = ((x & low[0]) + (y & low[0])) ^ ((x ^ y) & low[1])
    return total.to_bytes(n, "big")


def _average(line: bytes, up: bytes, step: int) -> bytes:
    current = bytearray(line)
    for i in range(len(current)):
        left = current[i - step] if i >= step else 0
        current[i] = (current[i] + ((left + up[i]) >> 1)) & 255
    return bytes(current)


def _paeth(line: bytes, up: bytes, step: int) -> bytes:
    current = bytearray(line)
    for i in range(len(current)):
        if i >= step:
            a, c = current[i - step], up[i - step]
        else:
            a = c = 0
        b = up[i]
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        current[i] = (current[i] + predictor) & 255
    return bytes(current)


def _samples(rows: bytes, width: int, depth: int, channels: int) -> bytes:
    """One byte per sample: 16-bit samples keep their high byte, 1/2/4-bit ones are spread out."""
    if depth == 8:
        return rows
    if depth == 16:
        return rows[0::2]
    per_byte = 8 // depth
    table = [bytes((value >> (8 - depth * (k + 1))) & ((1 << depth) - 1) for k in range(per_byte))
             for value in range(256)]
    stride = (width * depth + 7) // 8
    out = bytearray()
    for start in range(0, len(rows), stride):
        spread = b"".join(table[value] for value in rows[start:start + stride])
        out += spread[:width * channels]
    return bytes(out)


def _to_rgb(samples: bytes, color_type: int, palette: bytes, palette_alpha: bytes,
            backdrop: tuple[int, int, int]) -> bytes:
    if color_type == 2:
        return samples
    if color_type == 0:
        return _interleave(samples, samples, samples)
    if color_type == 3:
        colors = [(palette[i * 3:i * 3 + 3] + b"\0\0\0")[:3] for i in range(256)]
        for index, alpha in enumerate(palette_alpha):
            colors[index] = _over(colors[index], alpha, backdrop)
        # One translation table per channel: the look-ups run in C.
        return _interleave(*(samples.translate(bytes(c[k] for c in colors)) for k in range(3)))
    if color_type == 4:
        return b"".join(_over(bytes((samples[i],) * 3), samples[i + 1], backdrop) for i in range(0, len(samples), 2))
    # RGBA: an opaque picture (most mats) keeps its colours as they are.
    alpha = samples[3::4]
    if alpha.count(255) == len(alpha):
        return _interleave(samples[0::4], samples[1::4], samples[2::4])
    return b"".join(_over(samples[i:i + 3], samples[i + 3], backdrop) for i in range(0, len(samples), 4))


def _interleave(red: bytes, green: bytes, blue: bytes) -> bytes:
    out = bytearray(len(red) * 3)
    out[0::3], out[1::3], out[2::3] = red, green, blue
    return bytes(out)


def _over(color: bytes, alpha: int, backdrop: tuple[int, int, int]) -> bytes:
    if alpha == 255:
        return bytes(color)
    return bytes((c * alpha + b * (255 - alpha)) // 255 for c, b in zip(color, backdrop))


def encode(width: int, height: int, rgb: bytes) -> bytes:
    """An RGB picture as a PNG whose rows need no unfiltering (what ``field`` writes for a mat)."""
    stride = width * 3
    raw = b"".join(b"\0" + rgb[row * stride:(row + 1) * stride] for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
