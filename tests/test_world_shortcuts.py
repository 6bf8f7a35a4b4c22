"""Sums the world does every tick in a cheaper way must give what the plain way gives."""

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
