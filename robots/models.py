"""Robot models as data: load and check ``robots/data/<id>.toml``.

A robot file says which hub the robot has, how its chassis and wheels are
built, and which device sits on which port. A teacher may write their own;
a broken file is reported with the file, the field and what is wrong.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from brickclass.language import OsReason, TomlReason
from brickclass.language.file_problem import FileProblem

DATA_DIR = Path(__file__).parent / "data"
PORTS = ("A", "B", "C", "D", "E", "F")
DEVICE_KINDS = ("motor", "color", "ultrasonic", "force", "colordistance")
MOTOR_KINDS = ("spike-small", "spike-medium", "spike-large", "technic-l", "technic-xl", "boost")
HUB_KINDS = ("PrimeHub", "InventorHub", "EssentialHub", "TechnicHub", "CityHub", "MoveHub", "VirtualHub")
DEFAULT_ROBOT = "spike-rover"
# What a motor's mechanism (the sweeper arm) adds to its port (read by the physics and the picture).
ARM_KEYS = ("pivot", "reach_mm", "brush_mm", "brush_down_below", "mass_kg")


class RobotFileError(FileProblem):
    """A robot file that cannot be used (its problems live beside the mission files', in ``missions.problem``)."""

    PROBLEMS = "missions.problem"


@dataclass(frozen=True)
class PortSpec:
    port: str
    device: str
    motor: str | None = None
    role: str | None = None
    forward: str = "clockwise"
    endstops: tuple[float, float] | None = None
    start_angle: float = 0.0
    position: tuple[float, float] = (0.0, 0.0)
    facing: float = 0.0
    height_mm: float = 0.0
    outline: tuple[tuple[float, float], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChassisSpec:
    outline: tuple[tuple[float, float], ...]
    mass_kg: float
    caster: tuple[float, float]
    wheel_load_share: float
    # How far from the centre of mass the chassis' mass sits on average, which
    # sets how hard it is to start and stop a turn; None: spread evenly over the outline.
    radius_of_gyration_mm: float | None = None


@dataclass(frozen=True)
class WheelSpec:
    diameter_mm: float
    axle_track_mm: float
    grip: float
    rolling_resistance: float
    # The tyres' contact width: turning in place scrubs it across the mat.
    width_mm: float = 14.0


@dataclass(frozen=True)
class RobotSpec:
    id: str
    name: dict[str, str]
    hub: str
    battery_mv: int
    ports: dict[str, PortSpec]
    chassis: ChassisSpec | None
    wheels: WheelSpec | None
    source: str

    def port_with_role(self, role: str) -> PortSpec | None:
        for spec in self.ports.values():
            if spec.role == role:
                return spec
        return None

    @property
    def drives(self) -> bool:
        return self.chassis is not None


def _keys(spec: type, *not_in_file: str) -> tuple[str, ...]:
    """The keys of a robot file's table: the names of the fields its dataclass keeps."""
    return tuple(f.name for f in fields(spec) if f.name not in not_in_file)


# Every key a robot file may have, table by table: anything else is a typo to report.
ROBOT_KEYS = _keys(RobotSpec, "source")
CHASSIS_KEYS = _keys(ChassisSpec)
WHEEL_KEYS = _keys(WheelSpec)
PORT_KEYS = _keys(PortSpec, "port", "extra")


def _known_keys(path: Path, where: str, table: dict[str, Any], known: Iterable[str]) -> None:
    """Refuse a key a robot file does not have: a typo would otherwise be ignored."""
    allowed = tuple(known)
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            name = f"{where}.{key}" if where else str(key)
            if close:
                raise RobotFileError(path, name, "unknown_robot_key_like", suggestion=close[0])
            raise RobotFileError(path, name, "unknown_robot_key", keys=", ".join(allowed))


def _number(path: Path, name: str, value: Any, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RobotFileError(path, name, "not_number", value=repr(value))
    if positive and value <= 0:
        raise RobotFileError(path, name, "not_positive", value=repr(value))
    return float(value)


def _point(path: Path, name: str, value: Any) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise RobotFileError(path, name, "not_point")
    return (_number(path, name, value[0]), _number(path, name, value[1]))


def _outline(path: Path, name: str, value: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(value, list) or len(value) < 3:
        raise RobotFileError(path, name, "too_few_points", count=3)
    return tuple(_point(path, f"{name}[{i}]", corner) for i, corner in enumerate(value))


def _port(path: Path, port: str, table: Any) -> PortSpec:
    where = f"ports.{port}"
    if not isinstance(table, dict):
        raise RobotFileError(path, where, "not_table")
    # A motor may carry a mechanism's measures (the physics reads them for the arm).
    _known_keys(path, where, table, PORT_KEYS + (ARM_KEYS if table.get("device") == "motor" else ()))
    device = table.get("device")
    if device not in DEVICE_KINDS:
        raise RobotFileError(path, f"{where}.device", "not_one_of", value=repr(device),
                             choices=", ".join(DEVICE_KINDS))
    motor = table.get("motor")
    if device == "motor" and motor not in MOTOR_KINDS:
        raise RobotFileError(path, f"{where}.motor", "not_one_of", value=repr(motor),
                             choices=", ".join(MOTOR_KINDS))
    forward = table.get("forward", "clockwise")
    if forward not in ("clockwise", "counterclockwise"):
        raise RobotFileError(path, f"{where}.forward", "not_one_of", value=repr(forward),
                             choices="clockwise, counterclockwise")
    endstops = None
    if "endstops" in table:
        low, high = _point(path, f"{where}.endstops", table["endstops"])
        if low >= high:
            raise RobotFileError(path, f"{where}.endstops", "robot_endstops_order")
        endstops = (low, high)
    return PortSpec(
        port=port,
        device=device,
        motor=motor,
        role=table.get("role"),
        forward=forward,
        endstops=endstops,
        start_angle=_number(path, f"{where}.start_angle", table.get("start_angle", 0.0)),
        position=_point(path, f"{where}.position", table["position"]) if "position" in table else (0.0, 0.0),
        facing=_number(path, f"{where}.facing", table.get("facing", 0.0)),
        height_mm=_number(path, f"{where}.height_mm", table.get("height_mm", 0.0)),
        outline=_outline(path, f"{where}.outline", table["outline"]) if "outline" in table else (),
        extra={k: v for k, v in table.items() if k not in PORT_KEYS},
    )


def parse_robot(path: Path, data: dict[str, Any]) -> RobotSpec:
    _known_keys(path, "", data, ROBOT_KEYS)
    robot_id = data.get("id")
    if not isinstance(robot_id, str) or not robot_id:
        raise RobotFileError(path, "id", "robot_bad_id")
    name = data.get("name", {})
    if not isinstance(name, dict) or not {"en", "sv"} <= set(name):
        raise RobotFileError(path, "name", "needs_text")
    hub = data.get("hub")
    if hub not in HUB_KINDS:
        raise RobotFileError(path, "hub", "not_one_of", value=repr(hub), choices=", ".join(HUB_KINDS))
    battery = int(_number(path, "battery_mv", data.get("battery_mv", 7200), positive=True))
    ports_table = data.get("ports", {})
    if not isinstance(ports_table, dict):
        raise RobotFileError(path, "ports", "robot_ports_table")
    ports: dict[str, PortSpec] = {}
    for port, table in ports_table.items():
        if port not in PORTS:
            raise RobotFileError(path, f"ports.{port}", "robot_not_port")
        ports[port] = _port(path, port, table)

    chassis = wheels = None
    if "chassis" in data:
        c = data["chassis"]
        if not isinstance(c, dict):
            raise RobotFileError(path, "chassis", "not_table")
        _known_keys(path, "chassis", c, CHASSIS_KEYS)
        chassis = ChassisSpec(
            outline=_outline(path, "chassis.outline", c.get("outline")),
            mass_kg=_number(path, "chassis.mass_kg", c.get("mass_kg"), positive=True),
            caster=_point(path, "chassis.caster", c.get("caster", [0, 0])),
            wheel_load_share=_number(path, "chassis.wheel_load_share", c.get("wheel_load_share", 0.5), positive=True),
            radius_of_gyration_mm=None if c.get("radius_of_gyration_mm") is None else _number(
                path, "chassis.radius_of_gyration_mm", c.get("radius_of_gyration_mm"), positive=True),
        )
        w = data.get("wheels")
        if not isinstance(w, dict):
            raise RobotFileError(path, "wheels", "robot_needs_wheels")
        _known_keys(path, "wheels", w, WHEEL_KEYS)
        wheels = WheelSpec(
            diameter_mm=_number(path, "wheels.diameter_mm", w.get("diameter_mm"), positive=True),
            axle_track_mm=_number(path, "wheels.axle_track_mm", w.get("axle_track_mm"), positive=True),
            grip=_number(path, "wheels.grip", w.get("grip", 0.9), positive=True),
            rolling_resistance=_number(path, "wheels.rolling_resistance", w.get("rolling_resistance", 0.015)),
            width_mm=_number(path, "wheels.width_mm", w.get("width_mm", 14.0), positive=True),
        )
        for role in ("left-wheel", "right-wheel"):
            if not any(p.role == role and p.device == "motor" for p in ports.values()):
                raise RobotFileError(path, "ports", "robot_needs_wheel_motor", role=role)
    return RobotSpec(
        id=robot_id,
        name={"en": str(name["en"]), "sv": str(name["sv"])},
        hub=hub,
        battery_mv=battery,
        ports=ports,
        chassis=chassis,
        wheels=wheels,
        source=str(path),
    )


def load_robot_file(path: Path) -> RobotSpec:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise RobotFileError(path, "file", "unreadable", reason=OsReason.of(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise RobotFileError(path, "file", "not_toml", reason=TomlReason.of(exc)) from exc
    return parse_robot(path, data)


def available_robots() -> list[str]:
    return sorted(path.stem for path in DATA_DIR.glob("*.toml"))


def load_robot(robot: str) -> RobotSpec:
    """A robot by id (``spike-rover``) or by the path of a robot file."""
    candidate = Path(robot)
    if candidate.suffix == ".toml" and candidate.exists():
        return load_robot_file(candidate)
    path = DATA_DIR / f"{robot}.toml"
    if not path.exists():
        raise RobotFileError(robot, "", "no_such_robot", robots=", ".join(available_robots()))
    return load_robot_file(path)
