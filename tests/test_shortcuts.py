"""Sums the world and the hub process do often, in a cheaper way, must give what the plain way gives."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from brickclass.simulator.devices.motors import _as_hub_float
from brickclass.simulator.field import FieldMap, shape_contains
from brickclass.simulator.missions import load_mission
from brickclass.simulator.missions.model import Shape

# A drive base's angle: whole millidegrees, turned into degrees.
millidegrees = st.integers(min_value=-20_000_000, max_value=20_000_000).map(lambda n: n / 1000)
any_float = st.floats(allow_nan=False, allow_infinity=True, width=64)


@given(st.one_of(millidegrees, any_float))
def test_a_number_reads_as_the_hub_prints_it_with_or_without_printing_it(value):
    expected = float(f"{value:.7g}")
    got = _as_hub_float(value)
    assert got == expected
    assert math.copysign(1.0, got) == math.copysign(1.0, expected)


def test_a_number_between_thousandths_is_still_rounded_to_seven_digits():
    assert _as_hub_float(1234.5678) == 1234.568
    assert _as_hub_float(1 / 3) == 0.3333333
    assert _as_hub_float(123456.7) == 123456.7
    assert _as_hub_float(12345678.0) == 12345680.0


def _far_from_the_rim(x: float, y: float, cx: float, cy: float, radius: float) -> bool:
    return abs(math.hypot(x - cx, y - cy) - radius) > 1e-6


@given(st.floats(-200, 2200), st.floats(-200, 1400))
def test_a_point_is_in_a_crater_when_it_is_closer_to_its_centre_than_its_radius(x, y):
    field = load_mission("moon-sweeper:3").field
    craters = FieldMap(field)
    assert field.craters
    found = craters.crater_at(x, y)
    for crater in field.craters:
        cx, cy = crater.center
        if _far_from_the_rim(x, y, cx, cy, crater.radius):
            inside = math.hypot(x - cx, y - cy) < crater.radius
            circle = Shape(kind="circle", center=crater.center, radius=crater.radius)
            assert shape_contains(circle, x, y) == inside
            if inside:
                assert found is not None
    if found is not None:
        assert math.hypot(x - found.center[0], y - found.center[1]) <= found.radius + 1e-6


@given(any_float)
def test_degrees_and_radians_are_the_math_modules_own(value):
    from brickclass.simulator.physics import angles

    assert math.isnan(angles.degrees(value)) == math.isnan(math.degrees(value))
    if not math.isnan(math.degrees(value)):
        assert angles.degrees(value) == math.degrees(value)
        assert angles.radians(value) == math.radians(value)


def test_the_hub_converts_a_float_the_same_the_second_time_it_sees_it():
    import random

    from tests.hub_alone import run_on_desk

    rng = random.Random(17)
    values = [2.7, 2.7, -0.0, 0.0, float("nan"), float("nan"), 2.7, 1e10, -1e10, 3.999999, 16777217.0,
              float("inf"), -2.5, -2.5]
    values += [rng.uniform(-500, 500) for _ in range(200)] + [v for v in values]
    script = (
        "from hubos.args import get_int\nfrom hubfacts import float_to_c_int, to_float32\n"
        f"values = {values!r}\n".replace("nan", "float('nan')").replace("inf", "float('inf')")
        + "print([get_int(v) for v in values] == [float_to_c_int(to_float32(v)) for v in values])\n"
    )
    assert run_on_desk(script).strip() == "True"


def test_a_colour_read_from_a_sensor_is_the_colour_the_hub_would_make():
    from tests.hub_alone import run_on_desk

    script = """
from pybricks.parameters import Color, color_of
cases = [(0, 0, 0), (359, 100, 100), (120, 55, -100), (360, 50, 50), (-5, 50, 50), (10, 120, 50),
         (10, -3, 50), (10, 50, 101), (10, 50, -101), (1.5, 2.7, 3.9), (True, 50, 50)]
same = []
for h, s, v in cases:
    a, b = color_of(h, s, v), Color(h, s, v)
    same.append((a.h, a.s, a.v) == (b.h, b.s, b.v) and type(a.h) is type(b.h) and a == b)
print(all(same), len(same))
"""
    assert run_on_desk(script).split() == ["True", "11"]
