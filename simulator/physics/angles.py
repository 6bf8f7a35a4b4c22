"""Degrees and radians, converted in the world's tick without a call into the math module.

``math.degrees(x)`` is the float nearest to (180/pi)·x, worked out as one product
in C (``radToDeg * x`` in CPython's mathmodule.c); the same product here gives the
same float. Compiled, it is one multiplication instead of a look-up in the math
module, a call and a boxed float (tests/test_shortcuts.py holds them equal).
"""

from __future__ import annotations

import math
from typing import Final

DEG_PER_RAD: Final = 180.0 / math.pi
RAD_PER_DEG: Final = math.pi / 180.0


def degrees(angle_rad: float) -> float:
    return angle_rad * DEG_PER_RAD


def radians(angle_deg: float) -> float:
    return angle_deg * RAD_PER_DEG
