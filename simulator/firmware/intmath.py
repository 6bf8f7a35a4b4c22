"""Integer arithmetic the way the hub's C code does it (pbio's int_math.c).

Python's ``//`` rounds towards minus infinity; C's ``/`` truncates towards
zero. The firmware's numbers depend on that difference (a motor at -0.7
degrees reads 0, not -1), so every division here truncates as C does.
Angles are plain Python ints of millidegrees: pbio splits them into whole
rotations and millidegrees only to stay inside 32 bits, which Python does not
need, except where that split changes a rounded result (``to_low_res``).
"""

from __future__ import annotations

from typing import Final

INT32_MAX: Final = 2**31 - 1
MDEG_PER_ROT: Final = 360_000


def tdiv(a: int, b: int) -> int:
    """a / b, truncated towards zero like C integer division."""
    q = a // b
    if q < 0 and q * b != a:
        q += 1
    return q


def clamp(value: int, abs_max: int) -> int:
    if value > abs_max:
        return abs_max
    if value < -abs_max:
        return -abs_max
    return value


def bind(value: int, low: int, high: int) -> int:
    if value > high:
        return high
    if value < low:
        return low
    return value


def sign(value: int) -> int:
    if value == 0:
        return 0
    return 1 if value > 0 else -1


def wrap32(value: int) -> int:
    """What a 32-bit signed C int holds after an overflowing multiplication."""
    return (value + 2**31) % 2**32 - 2**31


def to_low_res(mdeg: int, scale: int) -> int:
    """Scale a high-resolution angle down to user units (pbio_angle_to_low_res).

    Whole rotations are scaled with truncation and the rest is rounded to the
    nearest unit, so a motor turned by 359.6 degrees reads 360.
    """
    if scale < 1:
        return 0
    rotations = tdiv(mdeg, MDEG_PER_ROT)
    rest = mdeg - rotations * MDEG_PER_ROT
    whole = tdiv(rotations * MDEG_PER_ROT, scale)
    if rest >= 0:
        return whole + (rest + scale // 2) // scale
    return whole - (-rest + scale // 2) // scale


def diff_is_small(a: int, b: int) -> bool:
    """Whether a - b fits in one 32-bit millidegree number (pbio_angle_diff_is_small)."""
    small_rotations = INT32_MAX // 2 // MDEG_PER_ROT - 1
    return abs(tdiv(a - b, MDEG_PER_ROT)) < small_rotations

