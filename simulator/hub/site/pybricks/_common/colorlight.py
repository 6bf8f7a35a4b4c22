"""The hub's status light (pb_type_colorlight_internal.c)."""

from hubos.args import as_uint, expect_type, get_int, get_len, get_positive_int
from pybricks._common import HUB, hub_link
from pybricks.parameters import Color


def _light_hsv(color):
    expect_type(color, Color)
    return [color.h, color.s, color.v]


class ColorLight:
    """The light in the hub's button (pb_type_colorlight_internal.c)."""

    def on(self, color):
        hub_link().post(HUB, "light_on", _light_hsv(color))

    def off(self):
        hub_link().post(HUB, "light_on", [0, 0, 0])

    def blink(self, color, durations):
        # The durations are read first (anything with a length), each a
        # positive whole number of ms that must fit 16 bits; then the colour.
        count = get_len(durations)
        cells = []
        for value in durations:
            if len(cells) == count:
                break
            cell = as_uint(get_positive_int(value), 16)
            if cell == 0:
                # A step shorter than the light's update loop is refused.
                raise ValueError("Invalid argument")
            cells.append(cell)
        hsv = _light_hsv(color)
        hub_link().post(HUB, "light_blink", [hsv, cells])

    def animate(self, colors, interval):
        count = get_len(colors)
        cells = []
        for color in colors:
            if len(cells) == count:
                break
            cells.append(_light_hsv(color))
        interval = as_uint(get_int(interval), 16)
        hub_link().post(HUB, "light_animate", [cells, interval])
