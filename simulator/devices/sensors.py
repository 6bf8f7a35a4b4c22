"""The pupdevices sensor classes as the world sees them: views of the port's LUMP device.

A LEGO sensor is one LUMP device on a port (``simulator/devices/lump.py``):
it reports the values of one mode at a time, and the hub waits after each
mode switch until the data is fresh. The firmware's sensor classes
(``pybricks/pupdevices/pb_type_pupdevices_*.c``) are thin layers over that
device: each method picks a mode and turns the mode's raw values into what
the program gets. So here each sensor object of a program is a *view* of the
port's one device, shared with every other object on that port (a second
``ColorSensor``, a ``PUPDevice``), exactly as on a hub; only what belongs to
the object itself (the colours a ``color()`` may answer) is kept per view.

Which mode each method uses, as in the firmware:

- ColorSensor: reflection(), hsv() and color() read RGB_I (5); ambient(),
  hsv(surface=False) and color(surface=False) read SHSV (7); the lights are
  the LIGHT mode (3), so setting them is a mode switch too. Measuring turns
  the sensor's own lamps on or off as the measurement needs them (the
  pybricks-api documentation says so), so the lights a program set do not
  change a reading.
- UltrasonicSensor: distance() reads DISTL (0), presence() LISTN (3), the
  lights are LIGHT (5).
- ForceSensor: everything reads FRAW (4), with the calibration (CALIB, 6)
  read once when the object is made.
- ColorDistanceSensor: color(), hsv() and reflection() read RGB_I (6),
  distance() PROX (1), ambient() AMBI (4); its light is COL O (5) and a
  PFMotor sends through IR Tx (7).

The hub process turns raw values into results where the firmware's formula
is plain integer arithmetic (force, distance...). Where it needs the colour
conversions and the colour matching (``simulator/firmware/color.py``), the
view does it and sends the result with its readings.
"""

from __future__ import annotations

from typing import Any, Final

from brickclass.simulator.devices.lump import (
    ECHO_MIN_MM,
    FORCE_MAX_N,
    MODE_SWITCH_SAMPLES,
    NO_ECHO_MM,
    SAMPLE_US,
    LumpDevice,
)
from brickclass.simulator.firmware import color as colors
from brickclass.simulator.firmware.errors import ErrorCode, PbioError

__all__ = ["SAMPLE_US", "MODE_SWITCH_SAMPLES", "SensorView", "ColorSensorView", "ColorDistanceSensorView",
           "UltrasonicSensorView", "ForceSensorView", "VIEWS"]

_FULL_LAMPS: Final = (100, 100, 100)

# The modes each sensor's methods read and write (named as the device names them, see above).
COLOR_LIGHT, COLOR_RGB_I, COLOR_SHSV = 3, 5, 7
BOOST_PROX, BOOST_AMBI, BOOST_COL_O, BOOST_RGB_I, BOOST_IR_TX = 1, 4, 5, 6, 7
ULTRASONIC_DISTL, ULTRASONIC_LISTN, ULTRASONIC_LIGHT = 0, 3, 5
FORCE_FRAW, FORCE_CALIB = 4, 6


def _ints(values: Any, count: int, low: int, high: int) -> list[int]:
    """Values from the hub process for a writable mode, checked (the hub clamps them before sending)."""
    if not isinstance(values, list) or len(values) != count:
        raise PbioError(ErrorCode.INVALID_ARG)
    checked = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise PbioError(ErrorCode.INVALID_ARG)
        checked.append(value)
    return checked


class SensorView:
    """One sensor object of the program: a view of the LUMP device on its port."""

    type_id = 0
    # Modes the object's methods read, and writable modes with their value range.
    read_modes: tuple[int, ...] = ()
    write_modes: dict[int, tuple[int, int]] = {}

    def __init__(self, world: Any, port: Any, lump: LumpDevice) -> None:
        self.world = world
        self.port = port
        self.lump = lump

    # --- what the session asks ---------------------------------------------------------------

    def readings(self) -> dict[str, Any]:
        readings = self.lump.readings()
        readings.update(self.derived())
        return readings

    def derived(self) -> dict[str, Any]:
        """Results the hub process cannot compute from the raw values itself."""
        return {}

    def valid_until(self) -> int:
        return self.lump.valid_until()

    def condition(self, kind: str) -> bool:
        return self.lump.condition(kind)

    # --- the program's requests ------------------------------------------------------------------

    def api_mode(self, mode: Any) -> None:
        if isinstance(mode, bool) or mode not in self.read_modes:
            raise PbioError(ErrorCode.INVALID_ARG)
        self.lump.set_mode(mode)

    def api_set_data(self, mode: Any, values: Any) -> None:
        """Lights and other writable modes (pb_type_device_set_data)."""
        if isinstance(mode, bool) or mode not in self.write_modes:
            raise PbioError(ErrorCode.INVALID_ARG)
        count = self.lump.modes[mode][1]
        low, high = self.write_modes[mode]
        self.lump.set_mode_with_data(mode, _ints(values, count, low, high))

    # --- for the window ----------------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        """What the window shows next to the sensor (measured now, whatever the mode)."""
        return {}


# _ColorMatching's matched colours: a marker for "not matched yet" (a match may be None), and a bound.
_NOT_MATCHED: Final = -1
_MATCHES_KEPT: Final = 4096


class _ColorMatching(SensorView):
    """The colours a color() call may answer belong to the object (its color_map)."""

    def __init__(self, world: Any, port: Any, lump: LumpDevice) -> None:
        super().__init__(world, port, lump)
        self.detectable: list[tuple[int, int, int]] = list(colors.DEFAULT_DETECTABLE_HSV)
        # Colours matched so far (hsv -> index), for the detectable colours they were matched against.
        self._matches: dict[tuple[int, int, int], int | None] = {}
        self._matches_for: list[tuple[int, int, int]] | None = None
        # What derived() last worked out, and from which sample and colours.
        self._derived: dict[str, Any] = {}
        self._derived_from: tuple[list[Any] | None, list[tuple[int, int, int]] | None] = (None, None)

    def derived(self) -> dict[str, Any]:
        # Matching a colour costs more than the rest of a reading, and readings are built
        # again whenever a command came in; the result changes only with a new sample
        # (a new list of values, also when the mode changes: both come with a sample) or
        # other colours to choose from.
        lump = self.lump
        values, detectable = self._derived_from
        if lump.values is not values or self.detectable is not detectable:
            self._derived = self.derive()
            self._derived_from = (lump.values, self.detectable)
        return self._derived

    def derive(self) -> dict[str, Any]:
        """derived() worked out afresh."""
        return {}

    def api_detectable_colors(self, hsv_list: Any) -> None:
        if not isinstance(hsv_list, list):
            raise PbioError(ErrorCode.INVALID_ARG)
        chosen = []
        for entry in hsv_list:
            h, s, v = _ints(entry, 3, -100, 359)
            chosen.append((h, s, v))
        self.detectable = chosen

    def _match(self, hsv: tuple[int, int, int]) -> int | None:
        # A colour sensor over the mat sees the same few colours again and again, and
        # matching one costs ~30,000 instructions: each is matched once per set of colours.
        if self._matches_for is not self.detectable:
            self._matches = {}
            self._matches_for = self.detectable
        matches = self._matches
        found = matches.get(hsv, _NOT_MATCHED)
        if found == _NOT_MATCHED:
            if len(matches) >= _MATCHES_KEPT:
                matches.clear()
            found = matches[hsv] = colors.match_color(hsv, self.detectable)
        return found


class ColorSensorView(_ColorMatching):
    """pybricks.pupdevices.ColorSensor."""

    type_id = 61
    read_modes: tuple[int, ...] = (COLOR_RGB_I, COLOR_SHSV)
    write_modes: dict[int, tuple[int, int]] = {COLOR_LIGHT: (0, 100)}

    def derive(self) -> dict[str, Any]:
        values = self.lump.values
        mode = self.lump.mode
        result: dict[str, Any] = {"reflection": None, "hsv": None, "color": None,
                                  "ambient": None, "hsv_light": None, "color_light": None}
        if mode == COLOR_RGB_I:
            r, g, b = values[0], values[1], values[2]
            hsv = colors.reflected_hsv(r, g, b)
            result.update(reflection=colors.reflection_from_raw(r, g, b), hsv=list(hsv), color=self._match(hsv))
        elif mode == COLOR_SHSV:
            hsv = colors.light_source_hsv_from_raw(values[0], values[1], values[2])
            result.update(ambient=values[2] / 100, hsv_light=list(hsv), color_light=self._match(hsv))
        return result

    @property
    def values(self) -> dict[str, Any]:
        surface, _ = self.world.look_down(self.port)
        return {"reflection": colors.reflection_percent(surface, _FULL_LAMPS),
                "hsv": list(colors.surface_hsv(surface, _FULL_LAMPS))}


class ColorDistanceSensorView(_ColorMatching):
    """pybricks.pupdevices.ColorDistanceSensor (and the infrared light a PFMotor uses)."""

    type_id = 37
    read_modes: tuple[int, ...] = (BOOST_PROX, BOOST_AMBI, BOOST_RGB_I)
    write_modes: dict[int, tuple[int, int]] = {BOOST_COL_O: (0, 10), BOOST_IR_TX: (0, 0x7FFF)}

    def derive(self) -> dict[str, Any]:
        result: dict[str, Any] = {"reflection": None, "hsv": None, "color": None}
        if self.lump.mode == BOOST_RGB_I:
            r, g, b = self.lump.values[:3]
            hsv = colors.boost_hsv(r, g, b)
            result.update(reflection=(r + g + b) // 12, hsv=list(hsv), color=self._match(hsv))
        return result

    @property
    def values(self) -> dict[str, Any]:
        surface, _ = self.world.look_down(self.port)
        r, g, b = colors.boost_raw_rgb(surface)
        return {"reflection": (r + g + b) // 12, "hsv": list(colors.boost_hsv(r, g, b))}


class UltrasonicSensorView(SensorView):
    """pybricks.pupdevices.UltrasonicSensor."""

    type_id = 62
    read_modes: tuple[int, ...] = (ULTRASONIC_DISTL, ULTRASONIC_LISTN)
    write_modes: dict[int, tuple[int, int]] = {ULTRASONIC_LIGHT: (0, 100)}

    @property
    def values(self) -> dict[str, Any]:
        distance = self.world.look_ahead(self.port, max_mm=float(NO_ECHO_MM))
        if distance is None or distance >= NO_ECHO_MM or distance < ECHO_MIN_MM:
            return {"distance": NO_ECHO_MM}
        return {"distance": int(distance)}


class ForceSensorView(SensorView):
    """pybricks.pupdevices.ForceSensor."""

    type_id = 63
    read_modes: tuple[int, ...] = (FORCE_FRAW, FORCE_CALIB)
    write_modes: dict[int, tuple[int, int]] = {}

    @property
    def values(self) -> dict[str, Any]:
        newton = min(FORCE_MAX_N, max(0.0, self.world.bumper_force_n(self.port)))
        return {"force": round(newton, 1)}


# Which view a pupdevices class gets, by the device the robot file puts on the port.
VIEWS: dict[str, type[SensorView]] = {
    "color": ColorSensorView,
    "colordistance": ColorDistanceSensorView,
    "ultrasonic": UltrasonicSensorView,
    "force": ForceSensorView,
}
