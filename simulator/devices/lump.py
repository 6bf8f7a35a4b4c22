"""A port's device seen through its raw LEGO UART protocol (``pybricks.iodevices.PUPDevice``).

Every SPIKE motor and sensor is a LUMP device (LEGO UART Messaging Protocol):
when it is plugged in it tells the hub its type id and a list of modes, each
with a name, a number of values and a data type; after that it reports the
values of one mode at a time, about every 10 ms. ``PUPDevice`` gives a program
that raw view: ``info()``, ``read(mode)`` and ``write(mode, data)``.

The hub's side follows ``pybricks/iodevices/pb_type_iodevices_pupdevice.c``
and ``lib/pbio/src/port_lump.c`` of the firmware we follow (2ced53d2f):

- a mode switch is only started when the device is idle (else EAGAIN), and
  only for a mode the device has (else INVALID_ARG, a ValueError);
- data is ready once the device reports in the new mode and stale data has
  been discarded: the firmware restarts the switch's clock when the first
  data in the new mode arrives and waits ``lego_device_stale_data_delay``
  (``lib/lego/device.c``) plus a millisecond from there: 30 ms for the colour
  sensors, 50 ms for the ultrasonic sensor, none in their LIGHT (and the
  BOOST sensor's IR Tx) modes;
- written data waits until the device reports in its mode, goes out, and the
  device is ready again 10 ms (BOOST IR Tx: 250 ms) plus a millisecond after
  it was sent (``lego_device_data_set_delay``);
- a new report arrives every 10 ms; after a mode switch, the second report
  is in the new mode (our estimate of how fast a device answers);
- the device starts in mode 0, except motors with an absolute encoder, which
  the hub keeps in their CALIB mode (4), the BOOST motor (POS, 2) and the
  BOOST colour and distance sensor (RGB I, 6).

The mode tables and type ids are data, in ``lump_modes``.

The values are computed from the simulated world where the simulator knows
them (colour, reflection and ambient light, echo distance, push force, motor
angle and speed). Values the simulator does not model (calibration tables,
statistics, debug words, the analog pins of the ultrasonic sensor...) read as
zeros, the way we assume a still, idle device reports them; each is marked
in ``_measure``.
"""

from __future__ import annotations

import math
from typing import Any, Final

from brickclass.simulator.devices.lump_modes import (
    DEFAULT_MODE,
    MODES,
    MOTOR_TYPE_IDS,
    RANGES,
    SENSOR_TYPE_IDS,
    DeviceType,
    data_set_delay_ms,
    stale_delay_ms,
)
from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.physics import angles

# LEGO Powered Up sensors report every 10 ms in their current mode.
SAMPLE_US: Final = 10_000
# After a mode switch, data in the new mode arrives with the second report.
MODE_SWITCH_SAMPLES: Final = 2

# The ultrasonic sensor: no echo within 2000 mm, or an object closer than
# about 40 mm (it cannot hear its own echo then), reads as no echo.
NO_ECHO_MM: Final = 2000
ECHO_MIN_MM: Final = 40

# How long reset() keeps the device away while it synchronises again. The
# firmware just drops the connection and waits for the device to introduce
# itself anew; "a few seconds" say the docs. Our estimate:
RESYNC_US: Final = 1_500_000
# Right after reset() the link is marked broken until the port's process next
# runs (the next millisecond): reads in that window raise ENODEV, as on a hub.
RESET_BROKEN_US: Final = 1_000

# The force sensor's calibration words. The firmware reads only three of them
# (pb_type_pupdevices_forcesensor.c: [1] offset, [2] raw value when released,
# [6] raw value at full force, 10 N); these are our own, chosen so that FRAW
# gives the force the simulator measures. The others read as zero.
FORCE_OFFSET, FORCE_RELEASED, FORCE_END = 20, 384, 704
FORCE_CALIB: Final = (0, FORCE_OFFSET, FORCE_RELEASED, 0, 0, 0, FORCE_END, 0)
FORCE_MAX_N: Final = 10.0

# The SPIKE colour sensor's own colour numbers (the LEGO palette): black,
# magenta, blue, azure, green, yellow, red, white, with their ideal HSV.
_LEGO_COLORS: Final = ((0, (0, 0, 0)), (1, (330, 100, 100)), (3, (240, 100, 100)), (4, (200, 100, 100)),
                (6, (120, 100, 100)), (7, (60, 100, 100)), (9, (0, 100, 100)), (10, (0, 0, 100)))

_FULL_LAMPS: Final = (100, 100, 100)
_SOUND_MM_PER_US: Final = 0.343


def type_id_for(spec: Any) -> int | None:
    """The type id of the device a robot file puts on a port (None: nothing we know)."""
    if spec is None:
        return None
    if spec.device == "motor":
        return MOTOR_TYPE_IDS.get(spec.motor or "")
    return SENSOR_TYPE_IDS.get(spec.device)


# "Long ago" for the firmware's millisecond timestamps of a device that just synchronised.
_LONG_AGO_MS: Final = 1000


class LumpDevice:
    """The raw LUMP device on one port (shared by every PUPDevice made for that port)."""

    def __init__(self, world: Any, slot: Any, type_id: int) -> None:
        self.world = world
        self.port = slot
        self.type_id = int(type_id)  # a plain number, as it travels to the hub
        self.modes = MODES[type_id]
        self._power_up()
        self.sample()

    def _power_up(self) -> None:
        default = DEFAULT_MODE.get(self.type_id, 0)
        self.mode = default  # the mode the device reports in
        self.desired = default  # the mode the hub asked for
        self.arrives_at = 0  # when the device starts reporting in ``desired``
        # mode_switch.time: when the switch was asked for, then when the first
        # data in the new mode came in (the stale-data delay counts from there).
        self.switch_ms = -_LONG_AGO_MS
        # Data waiting to be sent until the device reports in its mode, and when
        # data was last sent (data_set->time; "long ago" after synchronising).
        self.pending: tuple[int, list[int]] | None = None
        self.data_set_ms = -_LONG_AGO_MS
        self.synced_at = 0  # reset(): AGAIN until the device has introduced itself again
        self.broken_until = 0  # reset(): ENODEV until then
        self.written: dict[int, list[int]] = {}  # last data sent per mode
        self.peak_force = 0
        self.peak_raw = FORCE_RELEASED
        self.values: list[Any] = []

    # --- timing ------------------------------------------------------------------------

    def _now(self) -> int:
        return self.world.clock.now_us

    def _assert_ready(self) -> None:
        """pbio_port_lump_is_ready, as a failure (NO_DEV, AGAIN) or nothing."""
        now = self._now()
        if now < self.broken_until:
            raise PbioError(ErrorCode.NO_DEV)
        if not self.is_ready():
            raise PbioError(ErrorCode.AGAIN)

    def is_ready(self) -> bool:
        """pbio_port_lump_is_ready: in the asked-for mode, stale data gone, written data handled."""
        now = self._now()
        if now < self.broken_until or now < self.synced_at or self.mode != self.desired:
            return False
        now_ms = now // 1000
        if now_ms - self.switch_ms <= stale_delay_ms(self.type_id, self.mode):
            return False
        return self.pending is None and now_ms - self.data_set_ms > data_set_delay_ms(self.type_id, self.mode)

    def ready_at(self) -> int:
        """The moment is_ready() becomes true if nothing new is asked for (µs)."""
        now = self._now()
        moment = max(now, self.broken_until, self.synced_at)
        switch_ms, data_ms = self.switch_ms, self.data_set_ms
        if self.mode != self.desired:
            # The first data in the new mode restarts the clock, and data
            # waiting for that mode goes out then.
            moment = max(moment, self.arrives_at)
            switch_ms = self.arrives_at // 1000
            if self.pending is not None:
                data_ms = switch_ms
        mode = self.desired
        moment = max(moment, (switch_ms + stale_delay_ms(self.type_id, mode) + 1) * 1000)
        return max(moment, (data_ms + data_set_delay_ms(self.type_id, mode) + 1) * 1000)

    def _request_mode(self, mode: int) -> None:
        now = self._now()
        self.desired = mode
        self.switch_ms = now // 1000
        self.arrives_at = (now // SAMPLE_US + MODE_SWITCH_SAMPLES) * SAMPLE_US

    def _send(self, mode: int, values: list[int]) -> None:
        """The data goes out to the device, which acts on it."""
        self.written[mode] = list(values)
        self.pending = None
        self.data_set_ms = self._now() // 1000

    def set_mode_with_data(self, mode: int, values: list[int]) -> None:
        """pbio_port_lump_set_mode_with_data: switch to a writable mode if needed, then send."""
        if mode >= len(self.modes):
            raise PbioError(ErrorCode.INVALID_ARG)
        _, count, _, writable = self.modes[mode]
        if not writable or len(values) != count:
            raise PbioError(ErrorCode.INVALID_OP)
        self.set_mode(mode)
        if self.mode == mode:
            # Already reporting in that mode: the data goes out at once.
            self._send(mode, values)
        else:
            self.pending = (mode, list(values))
            self.data_set_ms = self._now() // 1000

    def set_mode(self, mode: int) -> None:
        """pbio_port_lump_set_mode."""
        if mode == self.desired or mode == self.mode:
            return
        self._assert_ready()
        if mode >= len(self.modes):
            raise PbioError(ErrorCode.INVALID_ARG)
        self._request_mode(mode)

    # --- what the world asks ---------------------------------------------------------------

    def sample(self) -> None:
        """A report from the device (every SAMPLE_US)."""
        if self.mode != self.desired and self._now() >= self.arrives_at:
            self.mode = self.desired
            self.switch_ms = self._now() // 1000
            if self.pending is not None and self.pending[0] == self.mode:
                self._send(*self.pending)
        if self.type_id == DeviceType.SPIKE_FORCE_SENSOR:
            self._track_force_peak()
        self.values = self._measure(self.mode)

    def readings(self) -> dict[str, Any]:
        now = self._now()
        return {"mode": self.desired, "current": self.mode, "ready": self.is_ready(), "ready_at": self.ready_at(),
                "broken": now < self.broken_until, "values": list(self.values)}

    def valid_until(self) -> int:
        now = self._now()
        until = (now // SAMPLE_US + 1) * SAMPLE_US
        for moment in (self.ready_at(), self.broken_until):
            if now < moment < until:
                until = moment
        return until

    def condition(self, kind: str) -> bool:
        if kind == "ready":
            return self.is_ready()
        return True

    # --- the program's requests ---------------------------------------------------------------

    def api_info(self) -> dict[str, Any]:
        self._assert_ready()
        return {"id": self.type_id, "modes": [[name, count, kind] for name, count, kind, _ in self.modes]}

    def api_mode(self, mode: Any) -> None:
        self.set_mode(self._mode_number(mode))

    def api_write(self, mode: Any, data: Any) -> None:
        """PUPDevice.write after its mode number: checks in the firmware's order, then sends."""
        mode = self._mode_number(mode)
        self._assert_ready()  # pbio_port_lump_get_info needs an idle device
        if mode >= len(self.modes):
            raise ValueError("Invalid mode")
        _, count, kind, writable = self.modes[mode]
        if not writable:
            raise ValueError("Mode not writable")
        if not isinstance(data, dict) or "items" not in data:
            raise TypeError("bad data")
        items = data["items"]
        if items is None:
            raise TypeError("object '{}' isn't a tuple or list".format(str(data.get("type", "object"))))
        if not isinstance(items, list) or len(items) == 0 or len(items) != count:
            raise ValueError(f"Expected {count} values")
        values = []
        low, high, name = RANGES[kind]
        for item in items:
            if isinstance(item, bool) or not isinstance(item, int):
                type_name = item.get("type", "object") if isinstance(item, dict) else type(item).__name__
                raise TypeError(f"can't convert {type_name} to int")
            if item > high or item < low:
                raise ValueError(f"Value out of range for {name}")
            values.append(item)
        self.set_mode_with_data(mode, values)

    def api_reset(self) -> None:
        """pbio_port_lump_request_reset: drop the link; the device introduces itself again."""
        self._assert_ready()
        now = self._now()
        self._power_up()
        self.broken_until = now + RESET_BROKEN_US
        self.synced_at = now + RESYNC_US
        self.sample()

    @staticmethod
    def _mode_number(mode: Any) -> int:
        if isinstance(mode, bool) or not isinstance(mode, int):
            raise TypeError("mode")
        return mode & 0xFF

    # --- the device's reports ------------------------------------------------------------------

    def _measure(self, mode: int) -> list[Any]:
        type_id = self.type_id
        if type_id == DeviceType.SPIKE_COLOR_SENSOR:
            return self._color_sensor(mode)
        if type_id == DeviceType.SPIKE_ULTRASONIC_SENSOR:
            return self._ultrasonic_sensor(mode)
        if type_id == DeviceType.SPIKE_FORCE_SENSOR:
            return self._force_sensor(mode)
        if type_id == DeviceType.COLOR_DIST_SENSOR:
            return self._color_distance_sensor(mode)
        return self._motor(mode)

    def _zeros(self, mode: int) -> list[int]:
        return [0] * self.modes[mode][1]

    def _written_or_zeros(self, mode: int) -> list[int]:
        return list(self.written.get(mode, self._zeros(mode)))

    def _color_sensor(self, mode: int) -> list[Any]:
        from brickclass.simulator.firmware import color as colors

        surface, ambient_light = self.world.look_down(self.port)
        if mode == 0:  # COLOR: the sensor's own colour number, nearest of its eight colours
            return [_lego_color_number(colors.surface_hsv(surface, _FULL_LAMPS))]
        if mode == 1:  # REFLT: reflection in %, lamps on
            return [colors.reflection_percent(surface, _FULL_LAMPS)]
        if mode == 2:  # AMBI: ambient light in %, lamps off
            return [int(colors.ambient_percent(ambient_light))]
        if mode == 3:  # LIGHT: the lamp brightness last written
            return self._written_or_zeros(mode)
        if mode == 4:  # RREFL: raw reflection; the second word is not known (0)
            r, g, b = colors.raw_rgb(surface, _FULL_LAMPS)
            return [(r + g + b) // 3, 0]
        if mode == 5:  # RGB I: raw red, green, blue (0..1024) and their mean as intensity
            r, g, b = colors.raw_rgb(surface, _FULL_LAMPS)
            return [r, g, b, (r + g + b) // 3]
        if mode == 6:  # HSV with the lamps on: hue, saturation and value in tenths of a percent
            r, g, b = (255 if c == colors.RAW_FULL else c >> 2 for c in colors.raw_rgb(surface, _FULL_LAMPS))
            hue, saturation, value = colors.rgb_to_hsv(r, g, b)
            return [hue, saturation * 10, value * 10]
        if mode == 7:  # SHSV, lamps off; the fourth word is not known (0)
            return [*colors.shsv_raw(surface, ambient_light), 0]
        return self._zeros(mode)  # DEBUG, CALIB: not modelled

    def _echo_mm(self) -> int | None:
        distance = self.world.look_ahead(self.port, max_mm=float(NO_ECHO_MM))
        if distance is None or distance >= NO_ECHO_MM or distance < ECHO_MIN_MM:
            return None
        return int(distance)

    def _ultrasonic_sensor(self, mode: int) -> list[Any]:
        if mode in (0, 2):  # DISTL, SINGL: mm, -1 without an echo (the firmware maps <0 to 2000)
            echo = self._echo_mm()
            return [-1 if echo is None else echo]
        if mode == 1:  # DISTS: the short range, up to 320 mm
            echo = self._echo_mm()
            return [echo if echo is not None and echo <= 320 else -1]
        if mode == 4:  # TRAW: the echo's round trip in µs (-1 without an echo)
            echo = self._echo_mm()
            return [-1 if echo is None else int(2 * echo / _SOUND_MM_PER_US)]
        if mode == 5:  # LIGHT: the eye lights last written
            return self._written_or_zeros(mode)
        # LISTN (no other ultrasonic sensor around), PING, ADRAW (nothing on the
        # sensor's extra pins), CALIB: not modelled.
        return self._zeros(mode)

    def _force_n(self) -> float:
        return min(FORCE_MAX_N, max(0.0, self.world.bumper_force_n(self.port)))

    def _force_raw(self, newton: float) -> int:
        if newton <= 0:
            return FORCE_RELEASED
        return FORCE_RELEASED + FORCE_OFFSET + round(newton / FORCE_MAX_N * (FORCE_END - FORCE_RELEASED))

    def _track_force_peak(self) -> None:
        newton = self._force_n()
        self.peak_force = max(self.peak_force, round(newton * 10))
        self.peak_raw = max(self.peak_raw, self._force_raw(newton))

    def _force_sensor(self, mode: int) -> list[Any]:
        newton = self._force_n()
        raw = self._force_raw(newton)
        if mode == 0:  # FORCE: tenths of a newton
            return [round(newton * 10)]
        if mode == 1:  # TOUCH
            return [1 if raw > FORCE_RELEASED + 4 else 0]
        if mode == 3:  # FPEAK
            return [self.peak_force]
        if mode == 4:  # FRAW
            return [raw]
        if mode == 5:  # FPRAW
            return [self.peak_raw]
        if mode == 6:  # CALIB
            return list(FORCE_CALIB)
        return self._zeros(mode)  # TAP: taps are not modelled

    def _motor(self, mode: int) -> list[Any]:
        shaft = self.world.shafts[self.port.name]
        name = self.modes[mode][0]
        if name == "SPEED":  # % of the motor's rated top speed, clockwise positive
            from brickclass.simulator.firmware.settings import MOTOR_TYPES

            rated = MOTOR_TYPES[shaft.kind].rated_max_speed
            percent = round(angles.degrees(shaft.speed) * 100 / rated)
            return [max(-100, min(100, percent))]
        if name == "POS":  # degrees turned, as the encoder counts them
            return [shaft.encoder_deg()]
        if name == "APOS":  # the absolute position, -180..179
            return [shaft.absolute_deg()]
        if name == "CALIB":
            # The firmware reads the second word as the absolute position in
            # tenths of a degree (0..3599); the first is not known (0).
            return [0, math.floor(angles.degrees(shaft.angle) * 10 + 1e-6) % 3600]
        # POWER is an output mode (what a motor reports in it is not known);
        # STATS and TEST are not modelled.
        return self._zeros(mode)

    def _color_distance_sensor(self, mode: int) -> list[Any]:
        from brickclass.simulator.firmware import color as colors

        surface, ambient_light = self.world.look_down(self.port)
        if mode == 0:  # COLOR
            return [_lego_color_number(colors.surface_hsv(surface, _FULL_LAMPS))]
        if mode == 1:  # PROX: 0 (near) .. 10 (nothing within ~100 mm)
            distance = self.world.look_ahead(self.port, max_mm=100.0)
            return [10 if distance is None else max(0, min(10, int(distance) // 10))]
        if mode == 3:  # REFLT
            return [colors.reflection_percent(surface, _FULL_LAMPS)]
        if mode == 4:  # AMBI
            return [int(colors.ambient_percent(ambient_light))]
        if mode == 6:  # RGB I: raw red, green, blue (about 0..400, see color.boost_raw_rgb)
            return list(colors.boost_raw_rgb(surface))
        if mode in (5, 7):  # COL O, IR Tx: what was last written
            return self._written_or_zeros(mode)
        return self._zeros(mode)  # COUNT, SPEC 1, DEBUG, CALIB: not modelled


def _lego_color_number(hsv: tuple[int, int, int]) -> int:
    """The colour sensor's COLOR mode, which Pybricks does not use: its nearest LEGO colour."""
    from brickclass.simulator.firmware import color as colors

    index = colors.match_color(hsv, [c for _, c in _LEGO_COLORS])
    return -1 if index is None else _LEGO_COLORS[index][0]
