"""What the SPIKE colour sensor reports, and which colour color() picks, as the firmware does it.

Expected numbers are worked out by hand from the firmware's integer formulas
(pb_type_pupdevices_colorsensor.c, pb_color_map.c, pbio/src/color), so a
change that drifts from the hub shows up here.
"""

from __future__ import annotations

import pytest

from brickclass.simulator.firmware import color
from tests.runner import run_source

FULL = [100, 100, 100]

# The default detectable colours, by index.
RED, YELLOW, GREEN, BLUE, WHITE, NONE = range(6)


class TestWhatTheSensorReports:
    """reflection(), ambient() and hsv() from what is under or in front of the sensor."""

    @pytest.mark.parametrize("surface, lights, expected", [
        ((1.0, 1.0, 1.0), FULL, 100),
        ((0.5, 0.5, 0.5), FULL, 50),
        ((0.05, 0.05, 0.05), FULL, 4),  # raw 51 each: 153 * 100 // 3072
        ((1.0, 1.0, 1.0), [50, 50, 50], 50),
        ((1.0, 0.0, 0.0), FULL, 33),
    ])
    def test_reflection_is_the_mean_raw_count_in_whole_percent(self, surface, lights, expected):
        assert color.reflection_percent(surface, lights) == expected

    @pytest.mark.parametrize("rgb, hsv", [
        ((255, 0, 0), (0, 100, 100)),
        ((0, 255, 0), (120, 100, 100)),
        ((0, 0, 255), (240, 100, 100)),
        ((255, 255, 0), (60, 100, 100)),
        ((128, 128, 128), (0, 0, 50)),  # 101 * 128 // 256
        ((10, 20, 30), (210, 66, 11)),
        ((200, 0, 7), (358, 100, 78)),  # -2.1 truncates to -2 as in C, not -3
        ((0, 0, 0), (0, 0, 0)),
    ])
    def test_rgb_to_hsv_is_pbios_integer_conversion(self, rgb, hsv):
        assert color.rgb_to_hsv(*rgb) == hsv

    @pytest.mark.parametrize("surface, hsv", [
        ((1.0, 0.0, 0.0), (10, 100, 100)),  # low hues move up by 10
        ((1.0, 0.5, 0.0), (40, 100, 100)),  # hue 30 reads 40
        ((1.0, 212 / 255, 0.0), (54, 100, 100)),  # hue 49 reads 50 + (49 - 40) // 2
        ((1.0, 1.0, 0.0), (60, 100, 100)),  # from 60 on, hues stay
        ((1.0, 0.0, 88 / 1024), (0, 100, 100)),  # hue 355 reads (350 + 2 * 5) % 360
        ((0.5, 0.4, 0.4), (10, 36, 62)),  # s 20 → 20 * 180 // 100, v 50 → 50 * 125 // 100
    ])
    def test_surface_hsv_shifts_low_hues_and_boosts_saturation_and_value(self, surface, hsv):
        assert color.surface_hsv(surface, FULL) == hsv

    def test_light_source_hsv_and_ambient_come_from_the_same_brightness(self):
        assert color.light_source_hsv((1.0, 0.0, 0.0), 0.05) == (0, 100, 50)
        assert color.ambient_percent(0.05) == 5.0
        assert color.ambient_percent(0.123456) == 12.34
        assert color.ambient_percent(2.0) == 100.0
        for level in (0.0, 0.01, 0.05, 0.0999, 0.15, 0.5, 1.0):
            value = color.light_source_hsv((0.2, 0.4, 0.9), level)[2]
            assert value == min(int(color.ambient_percent(level) * 10), 100)

    def test_ambient_is_a_float_and_reflection_an_int(self):
        assert isinstance(color.ambient_percent(0.15), float)
        assert isinstance(color.reflection_percent((0.3, 0.3, 0.3), FULL), int)


class TestDefaultMatching:
    """With only full colours and greys to pick from, the firmware's heuristic decides."""

    def test_the_default_detectable_colours_are_red_yellow_green_blue_white_none(self):
        assert color.DEFAULT_DETECTABLE_HSV == (
            (0, 100, 100), (60, 100, 100), (120, 100, 100), (240, 100, 100), (0, 0, 100), (0, 0, 0))

    @pytest.mark.parametrize("measured, expected", [
        ((10, 100, 100), RED),
        ((340, 80, 30), RED),  # hue distance wraps around 360
        ((54, 100, 100), YELLOW),
        ((150, 60, 40), GREEN),
        ((200, 100, 100), BLUE),
        ((10, 36, 62), WHITE),  # s <= 40: grey, nearest in value
        ((0, 0, 45), NONE),  # a dark grey is nearer to none (v=0) than to white
        ((0, 0, 55), WHITE),
        ((120, 100, 1), NONE),  # v <= 1 counts as grey however saturated
        ((120, 41, 2), GREEN),
    ])
    def test_heuristic(self, measured, expected):
        assert color.match_color(measured, color.DEFAULT_DETECTABLE_HSV) == expected

    def test_the_heuristic_costs_are_the_firmwares(self):
        # Saturated measurement: hue distance to colours, 1000 + value distance to greys.
        assert color.saturation_heuristic((10, 100, 100), (240, 100, 100)) == 130
        assert color.saturation_heuristic((10, 100, 80), (0, 0, 100)) == 1020
        # Grey measurement: value distance to greys, 1000 + hue distance to colours.
        assert color.saturation_heuristic((300, 20, 70), (0, 0, 100)) == 30
        assert color.saturation_heuristic((300, 20, 70), (60, 100, 100)) == 1120

    def test_with_only_greys_to_choose_a_colour_goes_to_the_nearest_value(self):
        assert color.match_color((120, 100, 100), [(0, 0, 0), (0, 0, 100)]) == 1

    def test_the_first_of_equally_good_colours_wins_and_nothing_matches_nothing(self):
        assert color.match_color((120, 100, 100), [(120, 100, 100), (120, 100, 100)]) == 0
        assert color.match_color((120, 100, 100), []) is None


class TestCustomMatching:
    """Once a program sets a measured colour as detectable, distances in the HSV bicone decide."""

    def test_the_firmwares_integer_sine_and_cosine(self):
        # A parabola per quadrant, scaled by 10000: sin(30°) is 5130, sin(90°) 9990.
        assert [color.sin_deg(a) for a in (0, 30, 90, 150, 210, 270, 330, 360)] == \
            [0, 5130, 9990, 5130, -5130, -9990, -5130, 0]
        assert [color.cos_deg(a) for a in (0, 60, 120, 180)] == [9990, 5130, -5130, -9990]

    def test_bicone_distance(self):
        # Red to green: dx = -5130 - 9990, dy = 8460, same lightness.
        assert color.bicone_distance((0, 100, 100), (120, 100, 100)) == 15120 ** 2 + 8460 ** 2
        assert color.bicone_distance((0, 0, 0), (0, 0, 100)) == 20000 ** 2
        # A negative v has no chroma but sits below black.
        assert color.bicone_distance((0, 0, 0), (0, 0, -50)) == 10000 ** 2
        # Only b has chroma: 1000 units at 90°, where the firmware's sine is 9990.
        assert color.bicone_distance((90, 50, -20), (90, 50, 20)) == 999 ** 2 + 6000 ** 2

    # The measured colours of pybricks-api's examples/pup/sensor_color/detectable_colors.py.
    MEASURED = [(132, 94, 26), (348, 96, 40), (17, 78, 15), (359, 97, 39), (0, 0, 0)]

    @pytest.mark.parametrize("reading, expected", [
        ((130, 90, 25), 0),
        ((345, 90, 42), 1),
        ((20, 70, 14), 2),
        ((0, 95, 36), 3),
        ((0, 0, 3), 4),
        ((200, 10, 4), 4),
    ])
    def test_custom_colours_match_by_bicone_distance(self, reading, expected):
        assert color.match_color(reading, self.MEASURED) == expected

    def test_one_custom_colour_switches_every_candidate_to_the_bicone(self):
        dull_blue = (240, 40, 40)
        # With Color.BLUE and Color.WHITE the heuristic calls it grey (s <= 40), so white...
        assert color.match_color(dull_blue, [(240, 100, 100), (0, 0, 100)]) == 1
        # ...one measured colour in the list, and the bicone finds blue nearer.
        assert color.match_color(dull_blue, [(240, 100, 100), (0, 0, 100), (60, 90, 90)]) == 0
        assert color.bicone_distance(dull_blue, (240, 100, 100)) == 82022717


def test_a_pupils_colour_sensor_reports_consistent_readings(tmp_path):
    result = run_source(tmp_path, """
from pybricks.parameters import Color, Port
from pybricks.pupdevices import ColorSensor

eye = ColorSensor(Port.E)
print(eye.detectable_colors())
print(eye.color() in (Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE, Color.WHITE, Color.NONE))
reflection = eye.reflection()
print(type(reflection).__name__, 0 <= reflection <= 100)
ambient = eye.ambient()
light = eye.hsv(surface=False)
print(type(ambient).__name__, light.v == min(int(ambient * 10), 100))
print(eye.color(surface=False) in (Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE, Color.WHITE, Color.NONE))
eye.detectable_colors([Color.GREEN, Color.NONE])
print(eye.color() in (Color.GREEN, Color.NONE))
""")
    assert result.status == "finished", result.error
    assert result.stdout.splitlines() == [
        "(Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE, Color.WHITE, Color.NONE)",
        "True",
        "int True",
        "float True",
        "True",
        "True",
    ]
