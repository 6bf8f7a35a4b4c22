"""What the hub process and the world both need to agree on, in one place.

Both sides import this module: the world as ``brickclass.simulator.hub.hubfacts``,
the hub process as ``hubfacts`` (its ``sys.path`` holds this folder, see
``boot.py``). So it imports nothing but the standard library, and nothing of
the world's.

- which built-in modules a Pybricks hub has, under which names
  (``simulator/hub/modules.py`` has the rest of the facts, for the world);
- the hub's arithmetic that both sides reproduce: single-precision floats,
  the cast of a float to a C int, and the firmware's integer square root;
- a pupil's file as a hub gets it: UTF-8 text, a BOM left out, any line
  ending a newline. pybricksdev reads a program (and its own modules) as
  UTF-8 text before it compiles it, so CRLF from Windows editors is fine; a
  UTF-8 BOM it would pass on to mpy-cross, which takes it for part of the
  first word, so every reader of a pupil's file (the hub process, ``check``,
  ``hub``) leaves it out. A file in another encoding (Notepad's "ANSI",
  Windows-1252) cannot go to a hub at all: ``NotUtf8`` names its first bad line.
"""

from __future__ import annotations

import codecs
import io
import math
import struct

# Built-in modules of a Prime/Inventor/Essential hub, by the name a program
# imports, mapped to the canonical module that provides them. The extensible
# ones answer to both spellings (``struct`` and ``ustruct``).
HUB_BUILTIN_MODULES: dict[str, str] = {
    "umath": "umath",
    "urandom": "urandom",
    "random": "urandom",
    "ustruct": "ustruct",
    "struct": "ustruct",
    "usys": "usys",
    "sys": "usys",
    "uerrno": "uerrno",
    "errno": "uerrno",
    "uio": "uio",
    "io": "uio",
    "ujson": "ujson",
    "json": "ujson",
    "uselect": "uselect",
    "select": "uselect",
    "micropython": "micropython",
    "gc": "gc",
}

_FLOAT32 = struct.Struct("<f")


def to_float32(value: float) -> float:
    """A float as the hub holds it: single precision (MICROPY_FLOAT_IMPL_FLOAT)."""
    try:
        return _FLOAT32.unpack(_FLOAT32.pack(value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def float_to_c_int(value: float) -> int:
    """``(mp_int_t)x`` on the hub's FPU: truncated toward zero, saturated to 32 bits, NaN is 0."""
    if value != value:
        return 0
    if value >= 2147483647.0:
        return 2147483647
    if value <= -2147483648.0:
        return -2147483648
    return int(value)


def isqrt(n: int) -> int:
    """The firmware's integer square root (Newton's method; 0 for n <= 0)."""
    if n <= 0:
        return 0
    x0 = n
    while True:
        x1 = (x0 + n // x0) // 2
        if x1 == x0 or x1 == x0 + 1:
            return x0
        x0 = x1


# --- a pupil's file ------------------------------------------------------------

BOM = codecs.BOM_UTF8

_open_file = io.open  # the hub process takes builtins.open away from the pupil's program


class NotUtf8(ValueError):
    """A program file that is not UTF-8 text: a hub reads nothing else."""

    def __init__(self, file: str, line: int, byte: int) -> None:
        super().__init__(f"{file} line {line}: byte 0x{byte:02x} is not UTF-8")
        self.file = file
        self.line = line
        self.byte = byte


def program_text(path: str, shown: str) -> str:
    """The text of the file at ``path`` (``shown`` is its name in messages). Raises OSError or NotUtf8."""
    with _open_file(path, "rb") as handle:
        data = handle.read()
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(shown, data.count(b"\n", 0, exc.start) + 1, data[exc.start]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
