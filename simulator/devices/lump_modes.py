"""The LUMP devices the hub knows: their type ids and mode tables, as data.

Each LEGO UART device introduces itself with a type id and a list of modes
(name, number of values, data type, and whether the hub may write it); see
``lump.py`` for how a device then behaves.

Where the mode tables come from (names, value counts and data types; the
writable flag is the device's "output mapping", as the firmware reads it):

- Technic L/XL motors (46, 47), BOOST interactive motor (38), BOOST colour
  and distance sensor (37): the firmware's own unit test
  ``lib/pbio/test/src/test_lump.c``, which replays what these devices sent
  on the wire (captured with a logic analyser).
- SPIKE medium/large/small angular motors (48, 49, 65): the same six modes
  as the Technic L motor capture (POWER, SPEED, POS, APOS, CALIB, STATS); the
  firmware names modes 0-4 of all absolute motors alike in
  ``lib/lego/lego/device.h``, and a Build HAT device listing of the grey
  Technic medium angular motor shows the same six modes and formats.
- SPIKE colour sensor (61) and ultrasonic sensor (62): the port mode
  information dumps of the sharpbrick/docs project (``devices/
  techniccolorsensor.md``, ``devices/technicdistancesensor.md``), which agree
  with the mode tables in NStrijbosch/hub-module-notes (``docs/sensors.md``)
  and with the modes the firmware names in ``lib/lego/lego/device.h``.
- SPIKE force sensor (63): NStrijbosch/hub-module-notes (``docs/sensors.md``);
  the firmware names FRAW (4, 1x int16) and CALIB (6, 8x int16) the same.
  Its writable flags are not documented there; a force sensor has no
  outputs, so no mode is writable here.
"""

from __future__ import annotations

from enum import IntEnum


class DeviceType(IntEnum):
    """The type ids the devices report (LUMP_TYPE_ID_* in lib/lego/lego/lump.h)."""

    COLOR_DIST_SENSOR = 37  # BOOST colour and distance sensor
    INTERACTIVE_MOTOR = 38  # BOOST interactive motor
    TECHNIC_L_MOTOR = 46
    TECHNIC_XL_MOTOR = 47
    SPIKE_M_MOTOR = 48  # SPIKE medium angular motor
    SPIKE_L_MOTOR = 49  # SPIKE large angular motor
    SPIKE_COLOR_SENSOR = 61
    SPIKE_ULTRASONIC_SENSOR = 62
    SPIKE_FORCE_SENSOR = 63
    SPIKE_S_MOTOR = 65  # SPIKE small angular motor


# LUMP data types (lib/lego/lego/lump.h).
DATA8, DATA16, DATA32, DATAF = 0, 1, 2, 3
RANGES = {DATA8: (-128, 127, "int8"), DATA16: (-32768, 32767, "int16"), DATA32: (-(2**31), 2**31 - 1, "int32")}

# (name, number of values, data type, writable), in mode order.
Mode = tuple[str, int, int, bool]

_ANGULAR_MOTOR: tuple[Mode, ...] = (
    ("POWER", 1, DATA8, True),
    ("SPEED", 1, DATA8, True),
    ("POS", 1, DATA32, True),
    ("APOS", 1, DATA16, True),
    ("CALIB", 2, DATA16, False),
    ("STATS", 14, DATA16, False),
)

MODES: dict[int, tuple[Mode, ...]] = {
    # BOOST colour and distance sensor.
    DeviceType.COLOR_DIST_SENSOR: (
        ("COLOR", 1, DATA8, False),
        ("PROX", 1, DATA8, False),
        ("COUNT", 1, DATA32, False),
        ("REFLT", 1, DATA8, False),
        ("AMBI", 1, DATA8, False),
        ("COL O", 1, DATA8, True),
        ("RGB I", 3, DATA16, False),
        ("IR Tx", 1, DATA16, True),
        ("SPEC 1", 4, DATA8, False),
        ("DEBUG", 2, DATA16, False),
        ("CALIB", 8, DATA16, False),
    ),
    # BOOST interactive motor.
    DeviceType.INTERACTIVE_MOTOR: (
        ("POWER", 1, DATA8, True),
        ("SPEED", 1, DATA8, False),
        ("POS", 1, DATA32, False),
        ("TEST", 5, DATA16, False),
    ),
    DeviceType.TECHNIC_L_MOTOR: _ANGULAR_MOTOR,  # Technic L motor
    DeviceType.TECHNIC_XL_MOTOR: _ANGULAR_MOTOR,  # Technic XL motor
    DeviceType.SPIKE_M_MOTOR: _ANGULAR_MOTOR,  # SPIKE medium angular motor
    DeviceType.SPIKE_L_MOTOR: _ANGULAR_MOTOR,  # SPIKE large angular motor
    DeviceType.SPIKE_S_MOTOR: _ANGULAR_MOTOR,  # SPIKE small angular motor
    # SPIKE colour sensor.
    DeviceType.SPIKE_COLOR_SENSOR: (
        ("COLOR", 1, DATA8, False),
        ("REFLT", 1, DATA8, False),
        ("AMBI", 1, DATA8, False),
        ("LIGHT", 3, DATA8, True),
        ("RREFL", 2, DATA16, False),
        ("RGB I", 4, DATA16, False),
        ("HSV", 3, DATA16, False),
        ("SHSV", 4, DATA16, False),
        ("DEBUG", 4, DATA16, False),
        ("CALIB", 7, DATA16, False),
    ),
    # SPIKE ultrasonic (distance) sensor.
    DeviceType.SPIKE_ULTRASONIC_SENSOR: (
        ("DISTL", 1, DATA16, False),
        ("DISTS", 1, DATA16, False),
        ("SINGL", 1, DATA16, False),
        ("LISTN", 1, DATA8, False),
        ("TRAW", 1, DATA32, False),
        ("LIGHT", 4, DATA8, True),
        ("PING", 1, DATA8, True),
        ("ADRAW", 1, DATA16, False),
        ("CALIB", 7, DATA8, False),
    ),
    # SPIKE force sensor.
    DeviceType.SPIKE_FORCE_SENSOR: (
        ("FORCE", 1, DATA8, False),
        ("TOUCH", 1, DATA8, False),
        ("TAP", 1, DATA8, False),
        ("FPEAK", 1, DATA16, False),
        ("FRAW", 1, DATA16, False),
        ("FPRAW", 1, DATA16, False),
        ("CALIB", 8, DATA16, False),
    ),
}

# What a robot file's port says -> the LEGO type id the device reports.
MOTOR_TYPE_IDS = {
    "spike-small": DeviceType.SPIKE_S_MOTOR,
    "spike-medium": DeviceType.SPIKE_M_MOTOR,
    "spike-large": DeviceType.SPIKE_L_MOTOR,
    "technic-l": DeviceType.TECHNIC_L_MOTOR,
    "technic-xl": DeviceType.TECHNIC_XL_MOTOR,
    "boost": DeviceType.INTERACTIVE_MOTOR,
}
SENSOR_TYPE_IDS = {
    "color": DeviceType.SPIKE_COLOR_SENSOR,
    "ultrasonic": DeviceType.SPIKE_ULTRASONIC_SENSOR,
    "force": DeviceType.SPIKE_FORCE_SENSOR,
    "colordistance": DeviceType.COLOR_DIST_SENSOR,
}

# The mode the hub asks for right after the device synced (port_lump.c).
DEFAULT_MODE: dict[int, int] = {
    DeviceType.COLOR_DIST_SENSOR: 6,
    DeviceType.INTERACTIVE_MOTOR: 2,
    DeviceType.TECHNIC_L_MOTOR: 4,
    DeviceType.TECHNIC_XL_MOTOR: 4,
    DeviceType.SPIKE_M_MOTOR: 4,
    DeviceType.SPIKE_L_MOTOR: 4,
    DeviceType.SPIKE_S_MOTOR: 4,
}


def stale_delay_ms(type_id: int, mode: int) -> int:
    """lego_device_stale_data_delay: time to discard data sent before a mode switch."""
    if type_id == DeviceType.COLOR_DIST_SENSOR:
        return 0 if mode == 7 else 30
    if type_id == DeviceType.SPIKE_COLOR_SENSOR:
        return 0 if mode == 3 else 30
    if type_id == DeviceType.SPIKE_ULTRASONIC_SENSOR:
        return 0 if mode == 5 else 50
    return 0


def data_set_delay_ms(type_id: int, mode: int) -> int:
    """lego_device_data_set_delay: time the device needs to act on written data."""
    return 250 if type_id == DeviceType.COLOR_DIST_SENSOR and mode == 7 else 10
