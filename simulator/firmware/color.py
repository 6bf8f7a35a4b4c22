"""The SPIKE colour sensor's numbers, and the firmware's colour matching.

Two halves. The sensor itself (its optics and its own firmware, which
Pybricks does not contain) is modelled simply:

- with its lamps on (mode RGB_I) it reports raw red, green and blue counts,
  0..1024 each: the paint's reflectance times the lamps' brightness;
- with its lamps off (mode SHSV) it reports the hue (0..359), saturation
  (0..1000) and brightness (0..10000) of the light falling on it. The world
  says how bright that light is (``ambient_light``, 0..1 of full scale); its
  colour is the colour of the surface the sensor looks at.

Everything after that follows the hub's firmware exactly, in integer C
arithmetic: reflection() and ambient() and both hsv() variants
(pb_type_pupdevices_colorsensor.c), the RGB to HSV conversion
(pbio/src/color/conversion.c) with the hue correction for reflected light
(pb_color_map.c), and color(), which picks the detectable colour with the
least cost (pb_color_map_get_color): a simple heuristic while every
detectable colour is an idealised colour (h, 100, 100) or grey (0, 0, v),
otherwise the squared distance in the HSV bicone (pbio/src/color/util.c).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

RGB = tuple[float, float, float]
HSV = tuple[int, int, int]

# pb_color_map_default: Color.RED, YELLOW, GREEN, BLUE, WHITE and NONE, in this order.
DEFAULT_DETECTABLE_HSV: tuple[HSV, ...] = (
    (0, 100, 100), (60, 100, 100), (120, 100, 100), (240, 100, 100), (0, 0, 100), (0, 0, 0),
)

RAW_FULL: Final = 1024  # a raw RGB_I count at full scale
SHSV_S_FULL: Final = 1000
SHSV_V_FULL: Final = 10000


def _c_div(a: int, b: int) -> int:
    """C integer division: truncates towards zero."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


# --- the sensor ------------------------------------------------------------------


def raw_rgb(surface: RGB, lights: Sequence[int]) -> tuple[int, int, int]:
    """Raw RGB_I counts: the surface's reflectance (0..1 per channel) lit by the lamps (0..100 % each)."""
    lamp = sum(lights) / (100.0 * len(lights)) if lights else 0.0
    r, g, b = (min(RAW_FULL, max(0, int(RAW_FULL * channel * lamp))) for channel in surface)
    return r, g, b


def shsv_raw(surface: RGB, ambient_light: float) -> tuple[int, int, int]:
    """The SHSV report with the lamps off: hue, saturation ‰ and brightness (0..10000)."""
    r, g, b = (min(255, max(0, int(round(255 * channel)))) for channel in surface)
    high, low = max(r, g, b), min(r, g, b)
    hue = rgb_to_hsv(r, g, b)[0]
    saturation = _c_div(SHSV_S_FULL * (high - low), high) if high else 0
    brightness = min(SHSV_V_FULL, max(0, int(SHSV_V_FULL * ambient_light)))
    return hue, saturation, brightness


# --- pbio's colour conversion -------------------------------------------------------


def rgb_to_hsv(r: int, g: int, b: int) -> HSV:
    """pbio_color_rgb_to_hsv: 8-bit RGB to hue 0..359, saturation and value 0..100."""
    high, low = max(r, g, b), min(r, g, b)
    chroma = high - low
    hue = saturation = 0
    if chroma > 0:
        if high == r:
            a, c, offset = g, b, 0
        elif high == g:
            a, c, offset = b, r, 120
        else:
            a, c, offset = r, g, 240
        hue = _c_div(60 * (a - c), chroma) + offset
        if hue < 0:
            hue += 360
        saturation = 100 * chroma // high
    # 101/256 is the firmware's stand-in for 100/255.
    return hue, saturation, 101 * high // 256


def _shift_hue(hue: int) -> int:
    """pb_color_map_rgb_to_hsv: nudge low hues so yellow reads more reliably."""
    if hue >= 350:
        return (350 + 2 * (hue - 350)) % 360
    if hue < 40:
        return hue + 10
    if hue < 60:
        return 50 + (hue - 40) // 2
    return hue


# --- what the hub's ColorSensor methods return ----------------------------------------


def reflection_from_raw(r: int, g: int, b: int) -> int:
    """reflection(): the mean of the raw RGB_I counts as a whole percentage."""
    return (r + g + b) * 100 // 3072


def reflection_percent(surface: RGB, lights: Sequence[int]) -> int:
    return reflection_from_raw(*raw_rgb(surface, lights))


def reflected_hsv(r: int, g: int, b: int) -> HSV:
    """hsv(surface=True) from raw RGB_I counts (get_hsv_reflected); color() matches it."""
    r, g, b = (255 if count == RAW_FULL else count >> 2 for count in (r, g, b))
    hue, saturation, value = rgb_to_hsv(r, g, b)
    hue = _shift_hue(hue)
    # The firmware roughly doubles low saturation and adds half to low values,
    # to give results like the other LEGO colour sensors.
    saturation = saturation * (200 - saturation) // 100
    value = value * (150 - value // 2) // 100
    return hue, saturation, value


def surface_hsv(surface: RGB, lights: Sequence[int]) -> HSV:
    return reflected_hsv(*raw_rgb(surface, lights))


def light_source_hsv_from_raw(hue: int, saturation: int, brightness: int) -> HSV:
    """hsv(surface=False) from the SHSV report (get_hsv_ambient): saturation and value in %."""
    return hue, min(saturation // 10, 100), min(brightness // 10, 100)


def light_source_hsv(surface: RGB, ambient_light: float) -> HSV:
    return light_source_hsv_from_raw(*shsv_raw(surface, ambient_light))


def ambient_percent(ambient_light: float) -> float:
    """ambient(): SHSV brightness / 100, a float (0.0..100.0).

    Only the brightness counts, so no surface is needed; it is the same number
    light_source_hsv() reads its value from.
    """
    brightness = min(SHSV_V_FULL, max(0, int(SHSV_V_FULL * ambient_light)))
    return brightness / 100


# --- the BOOST colour and distance sensor ----------------------------------------------

# Its raw RGB_I counts: the firmware says the largest it has seen is about 440
# and scales by 1187/2048 so that 440 becomes 255. We let a perfectly white
# surface give 400, so that reflection() (the sum / 12) tops out at 100 %.
BOOST_RAW_FULL: Final = 400


def boost_raw_rgb(surface: RGB) -> tuple[int, int, int]:
    r, g, b = (min(BOOST_RAW_FULL, max(0, int(BOOST_RAW_FULL * channel))) for channel in surface)
    return r, g, b


def boost_hsv(r: int, g: int, b: int) -> HSV:
    """ColorDistanceSensor hsv() from raw RGB_I counts (get_hsv_data)."""
    hue, saturation, value = rgb_to_hsv(1187 * r // 2048, 1187 * g // 2048, 1187 * b // 2048)
    hue = _shift_hue(hue)
    # The firmware roughly doubles low values to match its other sensors.
    return hue, saturation, value * (200 - value) // 100


# --- colour matching ----------------------------------------------------------------


def sin_deg(angle: int) -> int:
    """pbio_int_math_sin_deg: sine × 10000 from a parabola per quadrant."""
    angle = angle - _c_div(angle, 360) * 360  # C's %: keeps the sign
    if angle < 90:
        return (201 - angle) * angle
    if angle < 180:
        return (201 - (180 - angle)) * (180 - angle)
    if angle < 270:
        return -(201 - (angle - 180)) * (angle - 180)
    return -(201 - (360 - angle)) * (360 - angle)


def cos_deg(angle: int) -> int:
    return sin_deg(angle + 90)


def bicone_distance(a: Sequence[int], b: Sequence[int]) -> int:
    """pbio_color_get_distance_bicone_squared: squared distance in a 20000-unit HSV bicone.

    The radius (chroma) uses v clamped at 0; the height (lightness) uses v as it
    is, so a negative v puts a colour below black.
    """
    radius_a = max(a[2], 0) * a[1]
    radius_b = max(b[2], 0) * b[1]
    delta_z = (200 - b[1]) * b[2] - (200 - a[1]) * a[2]
    delta_x = _c_div(radius_b * cos_deg(b[0]) - radius_a * cos_deg(a[0]), 10000)
    delta_y = _c_div(radius_b * sin_deg(b[0]) - radius_a * sin_deg(a[0]), 10000)
    return delta_x * delta_x + delta_y * delta_y + delta_z * delta_z


def is_idealised(candidate: Sequence[int]) -> bool:
    """A full colour (h, 100, 100) or a grey (0, 0, v)."""
    h, s, v = candidate[0], candidate[1], candidate[2]
    return (s == 0 and h == 0) or (s == 100 and v == 100)


def saturation_heuristic(measured: Sequence[int], candidate: Sequence[int]) -> int:
    """pbio_color_get_distance_saturation_heuristic for an idealised candidate.

    A faint or grey measurement (s <= 40 or v <= 1) goes to the grey nearest
    in value; a coloured one to the colour nearest in hue. Candidates of the
    other kind cost 1000 more, so they only win if nothing else is there.
    """
    grey = candidate[1] == 0 and candidate[0] == 0
    hue_gap = abs(candidate[0] - measured[0])
    if hue_gap > 180:
        hue_gap = 360 - hue_gap
    value_gap = abs(candidate[2] - measured[2])
    penalty = 1000
    if measured[1] <= 40 or measured[2] <= 1:
        return value_gap if grey else penalty + hue_gap
    return hue_gap if not grey else penalty + value_gap


def match_color(measured: Sequence[int], detectable: Sequence[Sequence[int]]) -> int | None:
    """color(): the index of the detectable colour with the least cost (the first on a tie).

    None when nothing is detectable (the hub then returns None).
    """
    hsv = (int(measured[0]), int(measured[1]), int(measured[2]))
    candidates = [(int(c[0]), int(c[1]), int(c[2])) for c in detectable]
    distance = saturation_heuristic if all(is_idealised(c) for c in candidates) else bicone_distance
    best: int | None = None
    best_cost = 2**31 - 1
    for index, candidate in enumerate(candidates):
        cost = distance(hsv, candidate)
        if cost < best_cost:
            best, best_cost = index, cost
    return best
