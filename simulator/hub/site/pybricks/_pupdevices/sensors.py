"""The sensors a robot here carries: colour, colour and distance, ultrasonic and force (pybricks/pupdevices/*.c)."""

from hubos import aio
from hubos.args import (
    expect_type,
    float_to_c_int,
    get_array,
    get_float,
    get_pct,
    is_array,
    to_float32,
)
from pybricks._device import SensorDevice
from pybricks.parameters import Color, color_of


def _nothing(readings):
    return None


def _reflection(readings):
    return readings["reflection"]


def _echo_mm(readings):
    value = readings["values"][0]
    # No echo (-1) or farther than it can tell: 2000.
    return 2000 if value < 0 or value >= 2000 else value


def _c_div(a, b):
    """C integer division: truncates towards zero."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


class _LightArray:
    """The lights around a sensor's eyes (pb_type_lightarray.c): a writable mode of the sensor."""

    def __init__(self, owner, mode, count):
        self._owner = owner
        self._mode = mode
        self._count = count

    def on(self, brightness=100):
        # pb_obj_get_pct_or_array: one number for all, or one per light.
        if is_array(brightness):
            if len(brightness) != self._count:
                raise ValueError(f"expected 1 number or tuple of {self._count} values")
            values = [get_pct(b) for b in brightness]
        else:
            values = [get_pct(brightness)] * self._count
        return self._owner._set_data(self._mode, values)

    def off(self):
        return self._owner._set_data(self._mode, [0] * self._count)


# pb_color_map_default: what color() chooses from until detectable_colors() says otherwise.
_DEFAULT_COLOR_MAP = (Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE, Color.WHITE, Color.NONE)


def _color_index(readings):
    return readings["color"]


def _light_color_index(readings):
    return readings["color_light"]


# The reading that says which detectable colour matched, per key.
_COLOR_INDEX = {"color": _color_index, "color_light": _light_color_index}


def _surface_hsv(readings):
    hsv = readings["hsv"]
    return color_of(hsv[0], hsv[1], hsv[2])


def _light_hsv(readings):
    hsv = readings["hsv_light"]
    return color_of(hsv[0], hsv[1], hsv[2])


class _ColorMap:
    """detectable_colors() and color() as pb_color_map.c has them.

    The object keeps the very tuple or list it was given (and gives it back),
    so changing that list later changes what color() can answer.
    """

    def _setup_colors(self):
        self._color_map = _DEFAULT_COLOR_MAP
        self._sent_map = [[c.h, c.s, c.v] for c in _DEFAULT_COLOR_MAP]
        # The colour map the world has, when it is a tuple (nothing can change in it).
        self._sent_for = _DEFAULT_COLOR_MAP

    def detectable_colors(self, colors=None):
        if colors is None:
            return self._color_map
        for color in get_array(colors):
            expect_type(color, Color)
        self._color_map = colors
        return None

    def _colors_now(self):
        """The colours to choose from now; the world learns of any change first."""
        colors = self._color_map
        if type(colors) is tuple and colors is self._sent_for:
            # The same tuple of colours as last time: neither a tuple nor a colour can
            # change (a list can, so a list is looked at again at every call).
            return colors
        colors = tuple(colors)
        hsv = [[expect_type(c, Color).h, c.s, c.v] for c in colors]
        if hsv != self._sent_map:
            self._call("detectable_colors", hsv)
            self._sent_map = hsv
        self._sent_for = self._color_map
        return colors

    def _color_value(self, mode, key):
        colors = self._colors_now()
        if not aio._loop_active:
            # Blocking: the reading comes back at once, so the colour is looked up here.
            index = self._value(mode, _COLOR_INDEX[key])
            return None if index is None else colors[index]

        def matched(readings):
            index = readings[key]
            # None when there is nothing to choose from.
            return None if index is None else colors[index]

        return self._value(mode, matched)


class ColorSensor(_ColorMap, SensorDevice):
    """The SPIKE colour sensor (pb_type_pupdevices_colorsensor.c)."""

    _kind = "ColorSensor"
    # Its modes: LIGHT (the three lights), RGB_I (lamps on), SHSV (lamps off).
    _LIGHT, _RGB_I, _SHSV = 3, 5, 7

    def __init__(self, port):
        self._attach(port)
        self.lights = _LightArray(self, self._LIGHT, 3)
        # One reading to set the mode every method with the lamps on uses.
        self._blocking_value(self._RGB_I, _nothing)
        self._setup_colors()

    def color(self, surface=True):
        if surface:
            return self._color_value(self._RGB_I, "color")
        return self._color_value(self._SHSV, "color_light")

    def hsv(self, surface=True):
        if surface:
            return self._value(self._RGB_I, _surface_hsv)
        return self._value(self._SHSV, _light_hsv)

    def reflection(self):
        return self._value(self._RGB_I, _reflection)

    def ambient(self):
        return self._value(self._SHSV, lambda r: r["ambient"])


class ColorDistanceSensor(_ColorMap, SensorDevice):
    """The BOOST colour and distance sensor (pb_type_pupdevices_colordistancesensor.c)."""

    _kind = "ColorDistanceSensor"
    _PROX, _AMBI, _COL_O, _RGB_I, _IR_TX = 1, 4, 5, 6, 7

    def __init__(self, port):
        self._attach(port)
        self.light = _ExternalLight(self)
        self._setup_colors()

    def color(self):
        return self._color_value(self._RGB_I, "color")

    def reflection(self):
        return self._value(self._RGB_I, _reflection)

    def ambient(self):
        return self._value(self._AMBI, lambda r: r["values"][0])

    def distance(self):
        return self._value(self._PROX, lambda r: r["values"][0] * 10)

    def hsv(self):
        return self._value(self._RGB_I, _surface_hsv)


class _ExternalLight:
    """The ColorDistanceSensor's light: red, green, blue or off (the nearest to the colour asked for)."""

    def __init__(self, owner):
        self._owner = owner

    def on(self, color):
        expect_type(color, Color)
        if color.s < 50 or color.v < 50:
            code = 0  # off
        elif 60 <= color.h < 180:
            code = 5  # green
        elif 180 <= color.h < 300:
            code = 3  # blue
        else:
            code = 9  # red
        return self._owner._set_data(ColorDistanceSensor._COL_O, [code])

    def off(self):
        return self._owner._set_data(ColorDistanceSensor._COL_O, [0])


class UltrasonicSensor(SensorDevice):
    """The SPIKE distance sensor (pb_type_pupdevices_ultrasonicsensor.c)."""

    _kind = "UltrasonicSensor"
    _DISTL, _LISTN, _LIGHT = 0, 3, 5

    def __init__(self, port):
        self._attach(port)
        self.lights = _LightArray(self, self._LIGHT, 4)

    def distance(self):
        return self._value(self._DISTL, _echo_mm)

    def presence(self):
        return self._value(self._LISTN, lambda r: bool(r["values"][0]))


class ForceSensor(SensorDevice):
    """The SPIKE force sensor (pb_type_pupdevices_forcesensor.c): everything from its raw reading."""

    _kind = "ForceSensor"
    _FRAW, _CALIB = 4, 6

    def __init__(self, port):
        self._attach(port)
        calib = self._blocking_value(self._CALIB, lambda r: r["values"])
        self._raw_offset = calib[1]
        self._raw_released = calib[2]
        self._raw_end = calib[6]
        self._pressed_threshold = 0
        if self._raw_released >= self._raw_end:
            raise RuntimeError("Unknown error")
        # One reading to set the mode every method uses.
        self._blocking_value(self._FRAW, _nothing)

    def _force_mn(self, readings):
        span = self._raw_end - self._raw_released
        force = _c_div(10000 * (readings["values"][0] - self._raw_released - self._raw_offset), span)
        # The first part of the travel reads negative: no force yet.
        return 0 if force < 0 else force

    def force(self):
        return self._value(self._FRAW, lambda r: self._force_mn(r) / 1000)

    def distance(self):
        def millimetres(readings):
            span = self._raw_end - self._raw_released
            return _c_div(6670 * (readings["values"][0] - self._raw_released), span) / 1000

        return self._value(self._FRAW, millimetres)

    def pressed(self, force=3):
        # The threshold in whole millinewtons, from a single-precision float.
        self._pressed_threshold = float_to_c_int(to_float32(to_float32(get_float(force)) * 1000))
        threshold = self._pressed_threshold
        return self._value(self._FRAW, lambda r: self._force_mn(r) >= threshold)

    def touched(self):
        # Just past the first detectable change, with a small margin.
        return self._value(self._FRAW, lambda r: r["values"][0] > self._raw_released + 4)
