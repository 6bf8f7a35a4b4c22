"""What the hub process and the world both need to agree on, in one place.

Both sides import this module: the world as ``brickclass.simulator.hub.hubfacts``,
the hub process as ``hubfacts`` (its ``sys.path`` holds this folder, see
``boot.py``). So it imports nothing but the standard library, and nothing of
the world's.

- which built-in modules a Pybricks hub has, under which names
  (``simulator/hub/modules.py`` has the rest of the facts, for the world);
- the hub's arithmetic that both sides reproduce: single-precision floats,
  the cast of a float to a C int, and the firmware's integer square root.
"""

from __future__ import annotations

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
