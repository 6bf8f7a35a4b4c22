"""The hub's own parts as the world keeps them: IMU, buttons, light, display, speaker.

There is one of these per run (the program's ``PrimeHub()`` talks to it).
The IMU follows the robot's body; the light, display and speaker keep their
state so the window can show them; everything else behaves like a hub alone
on a desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from brickclass.simulator.devices.light_matrix import Grid, LightMatrix, has_matrix
from brickclass.simulator.firmware.dcmotor import ACTUATION_COAST
from brickclass.simulator.firmware.errors import ErrorCode, PbioError

STANDARD_GRAVITY_MM_S2: Final = 9806.65
# The firmware's IMU settings after a reset (pbio_imu_set_default_settings, imu.c),
# in the order hub.imu.settings() returns them (pb_type_imu.c).
DEFAULT_IMU_SETTINGS = {
    "angular_velocity_threshold": 2.0,
    "acceleration_threshold": 2500.0,
    "angular_velocity_bias": [0.0, 0.0, 0.0],
    "angular_velocity_scale": [360.0, 360.0, 360.0],
    "acceleration_correction": [STANDARD_GRAVITY_MM_S2, -STANDARD_GRAVITY_MM_S2] * 3,
    "heading_correction": 360.0,
}
_SETTING_ORDER = tuple(DEFAULT_IMU_SETTINGS)
# The light's colour when it is off (hue, saturation, value).
_DARK: Final = (0, 0, 0)
# The run's note when the program turned the hub off.
HUB_SHUTDOWN_NOTE = "hub_shutdown"


@dataclass
class HubState:
    """What a person can see or hear of the hub (read by the window)."""

    hub_class: str = ""
    # The light's colour as last set; while it blinks or animates,
    # HubDevice.light_now() says what it shows at a given moment.
    light: tuple[int, int, int] = (120, 100, 100)  # green while a program runs
    light_pattern: str = "on"
    # The light matrix lives in HubDevice.matrix; display_now() says what it shows.
    volume: int = 100
    last_sound: str = ""
    buttons_pressed: set[str] = field(default_factory=set)
    stop_buttons: tuple[str, ...] = ("CENTER",)


class HubDevice:
    """The world object "hub"."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.state = HubState()
        self.imu_settings = _default_imu_settings()
        # Whether a program set the heading correction (its flag in the saved settings).
        self._heading_correction_set = False
        imu = getattr(world, "imu", None)
        if imu is not None:
            # The IMU counts a still second towards ready() only while every motor coasts.
            imu.coasting = self._motors_coasting
        self.initialised = False
        # The light's background pattern: its steps as (colour, ms) and when it started.
        self._light_steps: list[tuple[tuple[int, int, int], int]] = []
        self._light_start_us = 0
        # The 5×5 light matrix, on hubs that have one; it starts with the
        # firmware's "program running" spinner.
        self.matrix = LightMatrix() if has_matrix(getattr(world.robot_spec, "hub", "")) else None
        if self.matrix is not None:
            self.matrix.start_running(world.clock.now_us)

    # --- readings ------------------------------------------------------------

    def readings(self) -> dict[str, Any]:
        imu = self.world.imu
        return {
            "battery_voltage": self.world.battery.voltage_mv(),
            "battery_current": self.world.battery.current_ma(),
            "buttons": sorted(self.state.buttons_pressed),
            "heading": imu.heading(),
            # Calibrated with the IMU settings, and as the sensor gives them (calibrated=False).
            "angular_velocity": imu.angular_velocity(),
            "angular_velocity_raw": imu.angular_velocity(calibrated=False),
            "acceleration": imu.acceleration(),
            "acceleration_raw": imu.acceleration(calibrated=False),
            "gravity_up": [0.0, 0.0, 1.0],
            "rotation": imu.rotation(),
            "rotation_raw": imu.rotation(calibrated=False),
            "orientation": imu.orientation(),
            "imu_ready": imu.ready(self.world.clock.now_us),
            # Still for a second, and every motor coasting (pbio_imu_is_stationary).
            "stationary": imu.stationary(),
        }

    def _motors_coasting(self) -> bool:
        process = getattr(self.world, "motor_process", None)
        if process is None:
            return True
        return all(motor.actuation_now == ACTUATION_COAST for motor in process.dcmotors.values())

    def light_now(self, now_us: int | None = None) -> tuple[int, int, int]:
        """What the light shows at ``now_us`` (default: now), blinking and animations included.

        A pattern steps through its cells in the background, each for its
        duration (lib/pbio/src/light/color_light.c), starting when it was set.
        """
        steps = self._light_steps
        if not steps:
            return self.state.light
        if now_us is None:
            now_us = self.world.clock.now_us
        period = sum(ms for _, ms in steps)
        if period <= 0:
            return steps[0][0]
        elapsed_ms = max(0, now_us - self._light_start_us) // 1000 % period
        for color, ms in steps:
            if elapsed_ms < ms:
                return color
            elapsed_ms -= ms
        return steps[-1][0]

    def display_now(self, now_us: int | None = None) -> Grid | None:
        """What the light matrix shows at ``now_us`` (default: now); None without a matrix."""
        if self.matrix is None:
            return None
        return self.matrix.shown(self.world.clock.now_us if now_us is None else now_us)

    def program_ended(self) -> None:
        """The program is over: the matrix's animations stop where they are."""
        if self.matrix is not None:
            self.matrix.program_ended(self.world.clock.now_us)

    def valid_until(self) -> int:
        return self.world.next_tick_us

    def condition(self, kind: str) -> bool:
        return True

    # --- commands ------------------------------------------------------------

    def api_init(self, class_name: Any, imu_base: Any = None) -> None:
        if not isinstance(class_name, str):
            raise TypeError("hub class")
        self.state.hub_class = class_name
        self.initialised = True
        if imu_base is not None:
            # A hub with an IMU: the program's forward axis in the hub's frame.
            # Making the hub sets the heading to 0 (pbio_imu_set_base_orientation).
            self.world.imu.set_base([float(v) for v in imu_base])

    @staticmethod
    def _hsv(h: Any, s: Any, v: Any) -> tuple[int, int, int]:
        return (int(h) % 360, max(0, min(100, int(s))), max(0, min(100, int(v))))

    def api_light_on(self, h: Any, s: Any, v: Any) -> None:
        self.state.light = self._hsv(h, s, v)
        self.state.light_pattern = "on"
        self._light_steps = []

    def _start_light_pattern(self, kind: str, steps: list[tuple[tuple[int, int, int], int]]) -> None:
        self._light_steps = steps
        self._light_start_us = self.world.clock.now_us
        self.state.light = steps[0][0] if steps else _DARK
        self.state.light_pattern = kind

    def api_light_blink(self, color: Any, durations: Any) -> None:
        # On for the first duration, off for the next, and so on; the list
        # starts over when it runs out, so with an odd number of durations the
        # last one and the first one are both "on" (pbio_color_light_blink_next).
        hsv = self._hsv(*color)
        cells = [int(d) for d in durations]
        if not cells:
            # An empty list leaves the light on for good.
            self._start_light_pattern("blink", [(hsv, 0)])
            return
        steps = [(hsv if index % 2 == 0 else _DARK, ms) for index, ms in enumerate(cells)]
        self._start_light_pattern("blink", steps)

    def api_light_animate(self, colors: Any, interval: Any) -> None:
        # Each colour in turn for ``interval`` ms, over and over. With interval 0
        # the hub changes colour every time its background process runs; we say
        # once per millisecond. An empty list leaves the light dark (the hub
        # shows whatever its buffer holds).
        ms = max(1, int(interval))
        self._start_light_pattern("animate", [(self._hsv(*color), ms) for color in colors])

    # The light matrix (simulator/devices/light_matrix.py has the firmware's rules).

    def api_display_orientation(self, up: Any) -> None:
        if self.matrix is not None:
            self.matrix.orientation(str(up), self.world.clock.now_us)

    def api_display_image(self, rows: Any) -> None:
        if self.matrix is not None:
            self.matrix.image(rows, self.world.clock.now_us)

    def api_display_animate(self, frames: Any, interval: Any) -> None:
        if self.matrix is not None:
            self.matrix.animate(frames, int(interval), self.world.clock.now_us)

    def api_display_pixel(self, row: Any, column: Any, brightness: Any) -> None:
        if self.matrix is not None:
            self.matrix.pixel(int(row), int(column), int(brightness))

    def api_display_off(self) -> None:
        if self.matrix is not None:
            self.matrix.off()

    def api_display_number(self, number: Any) -> None:
        if self.matrix is not None:
            self.matrix.number(int(number), self.world.clock.now_us)

    def api_display_char(self, char: Any) -> None:
        if self.matrix is not None:
            self.matrix.char(str(char)[:1], self.world.clock.now_us)

    def api_speaker_volume(self, volume: Any) -> None:
        self.state.volume = int(volume)

    def api_beep(self, frequency: Any, duration: Any) -> None:
        # Frequency 0 is the hub's silent "flat line" wave.
        frequency = int(frequency)
        self.state.last_sound = f"beep {frequency} Hz" if frequency else "silence"

    def api_notes(self, notes: Any, tempo: Any) -> None:
        self.state.last_sound = "notes"

    def api_reset_heading(self, angle: Any) -> bool:
        if self.world.gyro_in_use():
            # Since firmware 3.6 the heading belongs to the drive base while it
            # uses the gyro: a plain OSError with this text (pb_type_imu.c).
            raise OSError("Can't reset heading while gyro in use. Stop driving first.")
        if angle is None:
            # The angle was not a number: the hub raises TypeError after this check.
            return False
        self.world.imu.reset_heading(float(angle))
        return True

    def api_imu_settings(self, values: Any) -> Any:
        """Read the settings (None) or change some: ``values`` is a list of [name, value].

        As pbio_imu_set_settings does it: the thresholds are taken as they
        are, then per axis the bias and the scale (a scale more than 15 from
        360 stops there, with what came before already changed), then the
        gravity values (each within 10 % of standard gravity) and the heading
        correction (within 15 of 360).
        """
        if values is None:
            return [self.imu_settings[name] for name in _SETTING_ORDER]
        if not isinstance(values, list):
            raise TypeError("settings")
        given: dict[str, Any] = {}
        for entry in values:
            if not isinstance(entry, list) or len(entry) != 2 or entry[0] not in self.imu_settings:
                raise TypeError("settings")
            name, value = entry
            current = self.imu_settings[name]
            if isinstance(current, list):
                if not isinstance(value, list) or len(value) != len(current):
                    raise PbioError(ErrorCode.INVALID_ARG)
                given[name] = [float(v) for v in value]
            else:
                given[name] = float(value)
        settings = self.imu_settings
        for name in ("acceleration_threshold", "angular_velocity_threshold"):
            if name in given:
                settings[name] = given[name]
        try:
            for axis in range(3):
                if "angular_velocity_bias" in given:
                    # Only where the gyro's bias starts at the next boot.
                    settings["angular_velocity_bias"][axis] = given["angular_velocity_bias"][axis]
                if "angular_velocity_scale" in given:
                    scale = given["angular_velocity_scale"][axis]
                    if not abs(scale - 360.0) < 15.0:
                        raise PbioError(ErrorCode.INVALID_ARG)
                    settings["angular_velocity_scale"][axis] = scale
            if "acceleration_correction" in given:
                gravity = given["acceleration_correction"]
                for index, value in enumerate(gravity):
                    expected = STANDARD_GRAVITY_MM_S2 if index % 2 == 0 else -STANDARD_GRAVITY_MM_S2
                    if abs(value - expected) > STANDARD_GRAVITY_MM_S2 / 10:
                        raise PbioError(ErrorCode.INVALID_ARG)
                settings["acceleration_correction"] = list(gravity)
            if "heading_correction" in given:
                if not abs(given["heading_correction"] - 360.0) < 15.0:
                    raise PbioError(ErrorCode.INVALID_ARG)
                settings["heading_correction"] = given["heading_correction"]
                # The heading is scaled from now on, even by 360 / 360.
                self._heading_correction_set = True
        except PbioError:
            # The scales changed so far are used at once; new thresholds wait
            # for the next call that succeeds (pbio_imu_apply_pbdrv_settings).
            self.world.imu.configure(settings, self._heading_correction_set, thresholds=False)
            raise
        self.world.imu.configure(settings, self._heading_correction_set)
        return None

    def api_reset_storage(self) -> None:
        """hub.system.reset_storage(): the saved settings go back to their defaults too."""
        self.imu_settings = _default_imu_settings()
        self._heading_correction_set = False
        self.world.imu.configure(self.imu_settings, False)

    def api_stop_button(self, names: Any) -> None:
        self.state.stop_buttons = tuple(str(n) for n in names)

    def api_shutdown(self) -> None:
        # hub.system.shutdown(): the program ends and the hub turns off. The
        # run has finished cleanly; the note says how (see brickclass.simulator.run.ending).
        if HUB_SHUTDOWN_NOTE not in self.world.notes:
            self.world.notes.append(HUB_SHUTDOWN_NOTE)
        self.world.request_stop("shutdown")


class StdinDevice:
    """The hub's standard input: keys typed into the window (nothing when headless)."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.buffer = bytearray()

    def readings(self) -> dict[str, Any]:
        return {}

    def valid_until(self) -> int:
        return self.world.next_tick_us

    def condition(self, kind: str) -> bool:
        return bool(self.buffer)

    def feed(self, data: bytes) -> None:
        self.buffer.extend(data)

    def api_available(self) -> bool:
        return bool(self.buffer)

    def api_read(self, last: Any = False) -> int | None:
        if not self.buffer:
            return None
        if last:
            value = self.buffer[-1]
            self.buffer.clear()
            return value
        return self.buffer.pop(0)

    def api_read_blocking(self) -> int | None:
        """input(): wait for a key. Headless nobody types, so time runs out."""
        while not self.buffer:
            if not self.world.wait_a_little():
                return None
        return self.buffer.pop(0)


def _default_imu_settings() -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_IMU_SETTINGS.items()}
