"""Move an example's devices to the ports where the robot has them.

The official examples plug sensors wherever their author did (a colour sensor
on port A, say). On the classroom rover each kind of device has its own port,
so a pupil trying an example moves the cable or edits the port; this does the
edit, in memory, for every device the robot has. Devices the robot does not
have keep their port and meet the hub's own answer (OSError ENODEV).
"""

from __future__ import annotations

import re

from brickclass.robots.models import RobotSpec

# pybricks class -> the robot file's device kind it needs.
DEVICE_KIND = {
    "Motor": "motor",
    "DCMotor": "motor",
    "ColorSensor": "color",
    "UltrasonicSensor": "ultrasonic",
    "ForceSensor": "force",
}

_CALL = re.compile(r"\b(?P<cls>[A-Z]\w*)\(\s*Port\.(?P<port>[A-F])\b")


def move_ports(source: str, robot: RobotSpec) -> str:
    """``source`` with each known device's port letter replaced by one where the robot has that device.

    The same port in the example keeps meaning the same port after the move,
    so a program that makes two objects for one port still does.
    """
    free: dict[str, list[str]] = {}
    for letter, spec in sorted(robot.ports.items()):
        free.setdefault(spec.device, []).append(letter)
    moved: dict[tuple[str, str], str] = {}

    def replace(match: re.Match[str]) -> str:
        cls, port = match["cls"], match["port"]
        kind = DEVICE_KIND.get(cls)
        if kind is None:
            return match[0]
        key = (kind, port)
        if key not in moved:
            choices = free.get(kind, [])
            if not choices:
                return match[0]
            # Keep the example's own port when the robot has this kind there.
            moved[key] = port if port in choices else choices[0]
            choices.remove(moved[key])
        return f"{cls}(Port.{moved[key]}"

    return _CALL.sub(replace, source)
