"""The hub's own parts as the world keeps them: IMU, buttons, light, display, speaker.

There is one of these per run (the program's ``PrimeHub()`` talks to it).
The IMU follows the robot's body; the light, display and speaker keep their
state so the window can show them; everything else behaves like a hub alone
on a desk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from simulator.firmware.errors import ErrorCode, PbioError

STANDARD_GRAVITY_MM_S2 = 9806.65
# The firmware's IMU settings after a reset (reference/pybricks.md §1.1).
DEFAULT_IMU_SETTINGS = {
    "angular_velocity_threshold": 2.0,
    "acceleration_threshold": 2500.0,
    "heading_correction": 360.0,
    "angular_velocity_bias": [0.0, 0.0, 0.0],
    "angular_velocity_scale": [360.0, 360.0, 360.0],
    "acceleration_correction": [STANDARD_GRAVITY_MM_S2, -STANDARD_GRAVITY_MM_S2] * 3,
}
_SETTING_ORDER = tuple(DEFAULT_IMU_SETTINGS)
# The IMU reports ready once it has been still this long after start-up.
IMU_READY_AFTER_US = 1_000_000
# The run's note when the program turned the hub off.
HUB_SHUTDOWN_NOTE = "hub_shutdown"


@dataclass
class HubState:
    """What a person can see or hear of the hub (read by the window)."""

    hub_class: str = ""
    light: tuple[int, int, int] = (120, 100, 100)  # green while a program runs
    light_pattern: str = "on"
    display: list[list[int]] = field(default_factory=lambda: [[0] * 5 for _ in range(5)])
    display_text: str = ""
    display_orientation: str = "TOP"
    volume: int = 100
    last_sound: str = ""
    buttons_pressed: set[str] = field(default_factory=set)
    stop_buttons: tuple[str, ...] = ("CENTER",)


class HubDevice:
    """The world object "hub"."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.state = HubState()
        self.imu_settings = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_IMU_SETTINGS.items()}
        self.initialised = False

    # --- readings ------------------------------------------------------------

    def readings(self) -> dict[str, Any]:
        imu = self.world.imu
        return {
            "battery_voltage": self.world.battery.voltage_mv(),
            "battery_current": self.world.battery.current_ma(),
            "buttons": sorted(self.state.buttons_pressed),
            "heading": imu.heading(),
            "angular_velocity": imu.angular_velocity(),
            "acceleration": imu.acceleration(),
            "gravity_up": [0.0, 0.0, 1.0],
            "tilt": [0, 0],
            "rotation": imu.rotation(),
            "orientation": imu.orientation(),
            "imu_ready": self.world.clock.now_us >= IMU_READY_AFTER_US,
            "stationary": imu.stationary(self.imu_settings),
        }

    def valid_until(self) -> int:
        return self.world.next_tick_us

    def condition(self, kind: str) -> bool:
        return True

    # --- commands ------------------------------------------------------------

    def api_init(self, class_name: Any) -> None:
        if not isinstance(class_name, str):
            raise TypeError("hub class")
        self.state.hub_class = class_name
        self.initialised = True

    def api_light_on(self, h: Any, s: Any, v: Any) -> None:
        self.state.light = (int(h) % 360, max(0, min(100, int(s))), max(0, min(100, int(v))))
        self.state.light_pattern = "on"

    def api_light_blink(self, color: Any, durations: Any) -> None:
        self.api_light_on(*color)
        self.state.light_pattern = "blink"

    def api_light_animate(self, colors: Any, interval: Any) -> None:
        if colors:
            self.api_light_on(*colors[0])
        self.state.light_pattern = "animate"

    def api_display_orientation(self, up: Any) -> None:
        self.state.display_orientation = str(up)

    def api_display_image(self, rows: Any) -> None:
        self.state.display = [[int(v) for v in row] for row in rows]
        self.state.display_text = ""

    def api_display_animate(self, frames: Any, interval: Any) -> None:
        if frames:
            self.api_display_image(frames[0])

    def api_display_pixel(self, row: Any, column: Any, brightness: Any) -> None:
        self.state.display[int(row)][int(column)] = int(brightness)

    def api_display_off(self) -> None:
        self.state.display = [[0] * 5 for _ in range(5)]
        self.state.display_text = ""

    def api_display_number(self, number: Any) -> None:
        number = int(number)
        self.state.display_text = ">" if number > 99 else "<" if number < -99 else str(number)

    def api_display_char(self, char: Any) -> None:
        self.state.display_text = str(char)[:1]

    def api_display_text(self, text: Any, on: Any, off: Any) -> None:
        self.state.display_text = str(text)

    def api_speaker_volume(self, volume: Any) -> None:
        self.state.volume = int(volume)

    def api_beep(self, frequency: Any, duration: Any) -> None:
        self.state.last_sound = f"beep {int(frequency)} Hz"

    def api_notes(self, notes: Any, tempo: Any) -> None:
        self.state.last_sound = "notes"

    def api_reset_heading(self, angle: Any) -> None:
        if self.world.gyro_in_use():
            # Since firmware 3.6 the heading belongs to the drive base while it uses the gyro.
            raise PbioError(ErrorCode.INVALID_OP)
        self.world.imu.reset_heading(float(angle))

    def api_imu_settings(self, values: Any) -> Any:
        if values is None:
            return [self.imu_settings[name] for name in _SETTING_ORDER]
        if not isinstance(values, dict):
            raise TypeError("settings")
        for name, value in values.items():
            if name not in self.imu_settings:
                raise TypeError(f"unexpected keyword argument '{name}'")
            current = self.imu_settings[name]
            if isinstance(current, list):
                if not isinstance(value, list) or len(value) != len(current):
                    raise ValueError("Invalid argument")
                self.imu_settings[name] = [float(v) for v in value]
            else:
                self.imu_settings[name] = float(value)
        return None

    def api_stop_button(self, names: Any) -> None:
        self.state.stop_buttons = tuple(str(n) for n in names)

    def api_shutdown(self) -> None:
        # hub.system.shutdown(): the program ends and the hub turns off. The
        # run has finished cleanly; the note says how (see simulator.run.ending).
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


def heading_from_angle(angle_rad: float, start_rad: float) -> float:
    """Compass-style heading (clockwise positive) from a counterclockwise body angle."""
    return -math.degrees(angle_rad - start_rad)
