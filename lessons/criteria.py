"""Success criteria of a lesson, judged from the run — never from the program's text.

Each kind reads the run's result (status, poses, score, events such as which
devices the program created) and its trace (where the robot was every 50 ms,
where the arm was), and answers passed or not with a short detail a pupil
can act on.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from brickclass.simulator.field import _distance_to_segment, shape_contains
from brickclass.simulator.missions.model import Mission, Shape

Judgement = tuple[bool, str]


@dataclass(frozen=True)
class Criterion:
    id: str
    kind: str
    label: dict[str, str]
    advice: dict[str, str]
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunView:
    """What a criterion may look at."""

    result: Any  # brickclass.simulator.run.RunResult
    mission: Mission
    robot: Any  # brickclass.robots.models.RobotSpec

    @property
    def frames(self) -> list[Any]:
        return self.result.trace.frames if self.result.trace is not None else []


def _number(params: dict[str, Any], name: str) -> tuple[str, str] | None:
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return (name, "must be a number")
    return None


@dataclass(frozen=True)
class Kind:
    numbers: tuple[str, ...]
    texts: tuple[str, ...]
    judge: Callable[[dict[str, Any], RunView], Judgement]

    def check_params(self, params: dict[str, Any]) -> tuple[str, str] | None:
        for name in self.numbers:
            problem = _number(params, name)
            if problem:
                return problem
        for name in self.texts:
            if not isinstance(params.get(name), str) or not params[name]:
                return (name, "must be a text")
        return None


def distance_to_shape(shape: Shape, x: float, y: float) -> float:
    if shape_contains(shape, x, y):
        return 0.0
    if shape.kind == "circle":
        return max(0.0, math.dist(shape.center, (x, y)) - shape.radius)
    points = list(shape.points)
    if shape.kind == "line":
        edges = list(zip(points, points[1:]))
        return max(0.0, min(_distance_to_segment(x, y, a, b) for a, b in edges) - shape.width / 2)
    edges = list(zip(points, points[1:] + points[:1]))
    return min(_distance_to_segment(x, y, a, b) for a, b in edges)


def _zone_distance(view: RunView, tag: str, x: float, y: float) -> float:
    regions = view.mission.zone(tag)
    return min((distance_to_shape(r.shape, x, y) for r in regions), default=math.inf)


def _point_of(view: RunView, pose: tuple[float, float, float], port: str | None) -> tuple[float, float]:
    """A point on the robot (a sensor's port, or the axle centre) in field coordinates."""
    x, y, heading = pose
    if not port:
        return (x, y)
    spec = view.robot.ports.get(port)
    lx, ly = spec.position if spec is not None else (0.0, 0.0)
    angle = math.radians(90.0 - heading)
    return (x + lx * math.cos(angle) - ly * math.sin(angle), y + lx * math.sin(angle) + ly * math.cos(angle))


def _final(view: RunView) -> tuple[float, float, float]:
    pose = view.result.final_pose
    return (pose["x_mm"], pose["y_mm"], pose["heading_deg"])


def _start(view: RunView) -> tuple[float, float, float]:
    pose = view.result.start_pose
    return (pose["x_mm"], pose["y_mm"], pose["heading_deg"])


# --- the kinds ----------------------------------------------------------------------------------

def _finished(params: dict[str, Any], view: RunView) -> Judgement:
    status = view.result.status
    return status == "finished", status


def _moved(params: dict[str, Any], view: RunView) -> Judgement:
    (x0, y0, _), (x1, y1, _) = _start(view), _final(view)
    moved = math.hypot(x1 - x0, y1 - y0)
    return abs(moved - params["distance_mm"]) <= params["tolerance_mm"], f"{moved:.0f} mm"


def _turned(params: dict[str, Any], view: RunView) -> Judgement:
    change = (_final(view)[2] - _start(view)[2] + 180) % 360 - 180
    wanted = (params["angle_deg"] + 180) % 360 - 180
    gap = (change - wanted + 180) % 360 - 180
    return abs(gap) <= params["tolerance_deg"], f"{change:.0f}°"


def _path_length(view: RunView) -> float:
    frames = view.frames
    return sum(math.dist(a.pose[:2], b.pose[:2]) for a, b in zip(frames, frames[1:]))


def _returned(params: dict[str, Any], view: RunView) -> Judgement:
    (x0, y0, _), (x1, y1, _) = _start(view), _final(view)
    gap = math.hypot(x1 - x0, y1 - y0)
    path = _path_length(view)
    return gap <= params["tolerance_mm"] and path >= params["min_path_mm"], f"{gap:.0f} mm / {path:.0f} mm"


def _reach_zone(params: dict[str, Any], view: RunView) -> Judgement:
    tag = params["zone"]
    reached = any(_zone_distance(view, tag, *f.pose[:2]) == 0 for f in view.frames) or \
        _zone_distance(view, tag, *_final(view)[:2]) == 0
    return reached, ""


def _stay_near(params: dict[str, Any], view: RunView) -> Judgement:
    tag, limit = params["zone"], params["max_mm"]
    port = params.get("port")
    worst = 0.0
    close = False
    for frame in view.frames:
        gap = _zone_distance(view, tag, *_point_of(view, frame.pose, port))
        close = close or gap <= limit
        if close:
            worst = max(worst, gap)
    return close and worst <= limit, f"{worst:.0f} mm"


def _stop_near(params: dict[str, Any], view: RunView) -> Judgement:
    point = _point_of(view, _final(view), params.get("port"))
    gap = _zone_distance(view, params["zone"], *point)
    return gap <= params["max_mm"], f"{gap:.0f} mm"


def _wall_ahead(params: dict[str, Any], view: RunView) -> Judgement:
    from brickclass.simulator.physics.echoes import EchoMap

    x, y, heading = _final(view)
    front = max(p[0] for p in view.robot.chassis.outline) if view.robot.chassis else 0.0
    fx, fy = _point_of(view, (x, y, heading), None)
    angle = math.radians(90.0 - heading)
    fx, fy = fx + front * math.cos(angle), fy + front * math.sin(angle)
    gap = EchoMap(view.mission.field).distance(fx, fy, angle, 5000.0)
    gap = math.inf if gap is None else gap
    return params["min_mm"] <= gap <= params["max_mm"], f"{gap:.0f} mm"


def _score_at_least(params: dict[str, Any], view: RunView) -> Judgement:
    result = view.result
    needed = params["share"] * result.max_score
    return result.score >= needed, f"{result.score}/{result.max_score}"


def _finish_within(params: dict[str, Any], view: RunView) -> Judgement:
    result = view.result
    return result.status == "finished" and result.sim_time_s <= params["seconds"], f"{result.sim_time_s:.1f} s"


def _time_between(params: dict[str, Any], view: RunView) -> Judgement:
    seconds = view.result.sim_time_s
    return params["min_s"] <= seconds <= params["max_s"], f"{seconds:.1f} s"


def _used(params: dict[str, Any], view: RunView) -> Judgement:
    wanted = "device:" + params["device"]
    return any(e == wanted or e.startswith(wanted + ":") for e in view.result.events), ""


def _event(params: dict[str, Any], view: RunView) -> Judgement:
    return params["name"] in view.result.events, ""


def _arm_down_and_up(params: dict[str, Any], view: RunView) -> Judgement:
    angles = [f.arm_deg for f in view.frames if f.arm_deg is not None]
    if not angles:
        return False, ""
    lowest = min(angles)
    return lowest <= params["below_deg"] and angles[-1] >= params["above_deg"], f"{lowest:.0f}° → {angles[-1]:.0f}°"


def _sweep_while_driving(params: dict[str, Any], view: RunView) -> Judgement:
    frames = view.frames
    moving = sum(math.dist(a.pose[:2], b.pose[:2]) for a, b in zip(frames, frames[1:]) if a.brush_down and b.brush_down)
    return moving >= params["distance_mm"], f"{moving:.0f} mm"


CRITERIA_KINDS: dict[str, Kind] = {
    "finished": Kind((), (), _finished),
    "moved": Kind(("distance_mm", "tolerance_mm"), (), _moved),
    "turned": Kind(("angle_deg", "tolerance_deg"), (), _turned),
    "returned": Kind(("tolerance_mm", "min_path_mm"), (), _returned),
    "reach_zone": Kind((), ("zone",), _reach_zone),
    "stay_near": Kind(("max_mm",), ("zone",), _stay_near),
    "stop_near": Kind(("max_mm",), ("zone",), _stop_near),
    "wall_ahead": Kind(("min_mm", "max_mm"), (), _wall_ahead),
    "score_at_least": Kind(("share",), (), _score_at_least),
    "finish_within": Kind(("seconds",), (), _finish_within),
    "time_between": Kind(("min_s", "max_s"), (), _time_between),
    "used": Kind((), ("device",), _used),
    "event": Kind((), ("name",), _event),
    "arm_down_and_up": Kind(("below_deg", "above_deg"), (), _arm_down_and_up),
    "sweep_while_driving": Kind(("distance_mm",), (), _sweep_while_driving),
}


def judge(criterion: Criterion, view: RunView) -> Judgement:
    return CRITERIA_KINDS[criterion.kind].judge(criterion.params, view)
