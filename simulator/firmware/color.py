"""How the SPIKE colour sensor turns what is under it into numbers, and matches colours.

The sensor reports raw red, green and blue reflection (0..1024 each, with its
own lights on) or, with the lights off, hue/saturation/value of the ambient
light (value 0..10000). The conversions and the colour matching below follow
the firmware: pb_type_pupdevices_colorsensor.c (reflection, the saturation
and value boosts), pb_color_map.c (hue shift and which distance to use) and
pbio/src/color (RGB→HSV, the saturation heuristic and the bicone distance).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

RGB = tuple[float, float, float]
HSV = tuple[int, int, int]

# Color.RED, YELLOW, GREEN, BLUE, WHITE, NONE: what color() tells apart by default.
DEFAULT_DETECTABLE_HSV: tuple[HSV, ...] = ((0, 100, 100), (60, 100, 100), (120, 100, 100),
                                           (240, 100, 100), (0, 0, 100), (0, 0, 0))
RAW_FULL = 1024


def raw_rgb(surface: RGB, lights: Sequence[int]) -> tuple[int, int, int]:
    """Raw reflection counts: the paint's reflectance lit by the sensor's own lights."""
    light = sum(lights) / (100.0 * len(lights)) if lights else 0.0
    return tuple(min(RAW_FULL, max(0, int(RAW_FULL * c * light))) for c in surface)  # type: ignore[return-value]


def reflection_percent(surface: RGB, lights: Sequence[int]) -> int:
    r, g, b = raw_rgb(surface, lights)
    return (r + g + b) * 100 // 3072


def rgb_to_hsv(r: int, g: int, b: int) -> HSV:
    """pbio's integer RGB (0..255) → HSV."""
    high, low = max(r, g, b), min(r, g, b)
    chroma = high - low
    h = s = 0
    if chroma > 0:
        if high == r:
            a, c, offset = g, b, 0
        elif high == g:
            a, c, offset = b, r, 120
        else:
            a, c, offset = r, g, 240
        h = int(60 * (a - c) / chroma) + offset  # C division truncates towards zero
        if h < 0:
            h += 360
        s = 100 * chroma // high
    v = 101 * high // 256
    return (h, s, v)


def _shift_hue(h: int) -> int:
    # The firmware nudges low hues so yellow reads more reliably.
    if h >= 350:
        return (350 + 2 * (h - 350)) % 360
    if h < 40:
        return h + 10
    if h < 60:
        return 50 + (h - 40) // 2
    return h


def surface_hsv(surface: RGB, lights: Sequence[int]) -> HSV:
    """hsv() with the lights on, as ColorSensor.hsv(surface=True) computes it."""
    r, g, b = (255 if c == RAW_FULL else c >> 2 for c in raw_rgb(surface, lights))
    h, s, v = rgb_to_hsv(r, g, b)
    h = _shift_hue(h)
    s = s * (200 - s) // 100
    v = v * (150 - v // 2) // 100
    return (h, s, v)


def ambient_raw(surface: RGB, ambient_light: float) -> HSV:
    """The sensor's SHSV report with its lights off: hue, saturation and value ×100."""
    lit = tuple(int(255 * min(1.0, c * ambient_light * 4)) for c in surface)
    h, s, _ = rgb_to_hsv(*lit)
    value = int(10000 * min(1.0, ambient_light * max(surface) * 4))
    return (h, s * 10, value)


def light_source_hsv(surface: RGB, ambient_light: float) -> HSV:
    h, s, v = ambient_raw(surface, ambient_light)
    return (h, min(s // 10, 100), min(v // 10, 100))


def ambient_percent(ambient_light: float) -> float:
    """ambient(): how bright the light falling on the sensor is, 0..100."""
    return round(min(10000, int(10000 * ambient_light)) / 100, 2)


def _cos_deg(angle: int) -> int:
    return int(round(10000 * math.cos(math.radians(angle))))


def _sin_deg(angle: int) -> int:
    return int(round(10000 * math.sin(math.radians(angle))))


def bicone_distance(a: HSV, b: HSV) -> int:
    """Squared distance in the HSV bicone (for colours a program measured itself)."""
    radius_a = max(a[2], 0) * a[1]
    radius_b = max(b[2], 0) * b[1]
    dz = (200 - b[1]) * b[2] - (200 - a[1]) * a[2]
    dx = int((radius_b * _cos_deg(b[0]) - radius_a * _cos_deg(a[0])) / 10000)
    dy = int((radius_b * _sin_deg(b[0]) - radius_a * _sin_deg(a[0])) / 10000)
    return dx * dx + dy * dy + dz * dz


def saturation_heuristic(measured: HSV, candidate: HSV) -> int:
    """Distance to an idealised colour (h, 100, 100) or grey (0, 0, v)."""
    grey = candidate[1] == 0 and candidate[0] == 0
    hue_gap = abs(candidate[0] - measured[0])
    if hue_gap > 180:
        hue_gap = 360 - hue_gap
    value_gap = abs(candidate[2] - measured[2])
    penalty = 1000
    if measured[1] <= 40 or measured[2] <= 1:
        return value_gap if grey else penalty + hue_gap
    return penalty + value_gap if grey else hue_gap


def match_color(measured: Sequence[int], detectable: Sequence[Sequence[int]]) -> int | None:
    """Index of the detectable colour nearest to ``measured`` (None if there are none)."""
    hsv = (int(measured[0]), int(measured[1]), int(measured[2]))
    idealised = all((c[1] == 0 and c[0] == 0) or (c[1] == 100 and c[2] == 100) for c in detectable)
    distance = saturation_heuristic if idealised else bicone_distance
    best, best_cost = None, None
    for index, candidate in enumerate(detectable):
        cost = distance(hsv, (int(candidate[0]), int(candidate[1]), int(candidate[2])))
        if best_cost is None or cost < best_cost:
            best, best_cost = index, cost
    return best
