"""Sensors as the world sees them: each samples the field at the device's own rate.

LEGO sensors send a new value every 10 ms in their current mode; switching
mode (from ``reflection()`` to ``color()``, say) takes until the sensor has
sent data in the new mode. Reads between samples return the last sample,
which is what lets the hub process answer a polling loop locally.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.firmware.errors import ErrorCode, PbioError

# LEGO Powered Up sensors report at 100 Hz.
SAMPLE_US = 10_000
# After a mode switch, data in the new mode arrives with the second report.
MODE_SWITCH_SAMPLES = 2


class SensorDevice:
    """Common timing and mode handling of a LEGO sensor on a port."""

    modes: tuple[str, ...] = ()
    default_mode = ""

    def __init__(self, world: Any, port: Any) -> None:
        self.world = world
        self.port = port
        self.mode = self.default_mode
        self.ready_at_us = 0
        self.values: dict[str, Any] = {}
        port.sensor = self
        self.sample()

    # Sampling is driven by the world every SAMPLE_US.
    def sample(self) -> None:
        self.values = self.measure()

    def measure(self) -> dict[str, Any]:
        raise NotImplementedError

    def readings(self) -> dict[str, Any]:
        values = dict(self.values)
        values["ready"] = self.world.clock.now_us >= self.ready_at_us
        return values

    def valid_until(self) -> int:
        now = self.world.clock.now_us
        return (now // SAMPLE_US + 1) * SAMPLE_US

    def condition(self, kind: str) -> bool:
        if kind == "ready":
            return self.world.clock.now_us >= self.ready_at_us
        return True

    def api_mode(self, mode: Any) -> None:
        if mode not in self.modes:
            raise PbioError(ErrorCode.INVALID_ARG)
        if mode == self.mode:
            return
        self.mode = mode
        now = self.world.clock.now_us
        self.ready_at_us = (now // SAMPLE_US + MODE_SWITCH_SAMPLES) * SAMPLE_US


class ColorSensorDevice(SensorDevice):
    """The SPIKE colour sensor, pointing down at the mat."""

    modes = ("surface", "light", "reflect", "ambient")
    default_mode = "surface"

    def __init__(self, world: Any, port: Any) -> None:
        from simulator.firmware import color as color_math

        self.color_math = color_math
        self.detectable: list[tuple[int, int, int]] = [tuple(c) for c in color_math.DEFAULT_DETECTABLE_HSV]
        self.lights = [100, 100, 100]
        super().__init__(world, port)

    def measure(self) -> dict[str, Any]:
        # The sensor reports in one mode at a time; values of other modes keep
        # their last reading (the hub only reads the current mode's).
        surface, ambient_light = self.world.look_down(self.port)
        math_ = self.color_math
        values = dict(self.values) if self.values else {
            "reflection": 0, "ambient": 0.0, "hsv": [0, 0, 0], "color": None, "hsv_light": [0, 0, 0], "color_light": None}
        mode = self.mode
        if mode == "reflect":
            values["reflection"] = math_.reflection_percent(surface, self.lights)
        elif mode == "ambient":
            values["ambient"] = math_.ambient_percent(ambient_light)
        elif mode == "surface":
            hsv = math_.surface_hsv(surface, self.lights)
            values["hsv"] = list(hsv)
            values["color"] = math_.match_color(hsv, self.detectable)
        else:
            hsv_light = math_.light_source_hsv(surface, ambient_light)
            values["hsv_light"] = list(hsv_light)
            values["color_light"] = math_.match_color(hsv_light, self.detectable)
        return values

    def api_detectable_colors(self, colors: Any) -> None:
        if not isinstance(colors, list):
            raise TypeError("colors")
        chosen = []
        for entry in colors:
            if not isinstance(entry, list) or len(entry) != 3:
                raise TypeError("colour")
            chosen.append((int(entry[0]), int(entry[1]), int(entry[2])))
        self.detectable = chosen
        self.sample()

    def api_lights(self, values: Any) -> None:
        if not isinstance(values, list) or len(values) != 3:
            raise TypeError("lights")
        self.lights = [max(0, min(100, int(v))) for v in values]


class ColorDistanceSensorDevice(ColorSensorDevice):
    """The BOOST colour and distance sensor (distance in % of its short range)."""

    modes = ("surface", "reflect", "ambient", "distance")

    def measure(self) -> dict[str, Any]:
        values = super().measure()
        distance_mm = self.world.look_ahead(self.port, max_mm=100.0)
        values["distance"] = 100 if distance_mm is None else max(0, min(100, int(distance_mm)))
        return values

    def api_light(self, h: Any, s: Any, v: Any) -> None:
        self.lights = [max(0, min(100, int(v)))] * 3


class UltrasonicDevice(SensorDevice):
    """The SPIKE distance sensor: an echo from the nearest thing ahead, or 2000."""

    modes = ("distance", "listen")
    default_mode = "distance"
    # No echo gives 2000 (pupdevices stub); closer than ~40 mm it cannot hear its echo.
    NO_ECHO_MM = 2000
    MIN_MM = 40

    def __init__(self, world: Any, port: Any) -> None:
        self.lights = [0, 0, 0, 0]
        super().__init__(world, port)

    def measure(self) -> dict[str, Any]:
        distance = self.world.look_ahead(self.port, max_mm=float(self.NO_ECHO_MM))
        if distance is None or distance >= self.NO_ECHO_MM or distance < self.MIN_MM:
            reading = self.NO_ECHO_MM
        else:
            reading = int(distance)
        return {"distance": reading, "presence": False}

    def api_lights(self, values: Any) -> None:
        if not isinstance(values, list) or len(values) != 4:
            raise TypeError("lights")
        self.lights = [max(0, min(100, int(v))) for v in values]


class ForceDevice(SensorDevice):
    """The SPIKE force sensor used as a bumper: how hard the front is pushed."""

    modes = ("force",)
    default_mode = "force"
    MAX_N = 10.0
    TRAVEL_MM = 8.0

    def measure(self) -> dict[str, Any]:
        newton = min(self.MAX_N, max(0.0, self.world.bumper_force_n(self.port)))
        # The button's spring: about 8 mm of travel at full force.
        distance = round(self.TRAVEL_MM * math.sqrt(newton / self.MAX_N), 1) if newton > 0 else 0.0
        return {"force": round(newton, 1), "distance": distance, "touched": newton > 0.25}
