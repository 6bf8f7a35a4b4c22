"""The kinds of success criteria a lesson may ask for, judged from a run — never from the program's text.

Each kind reads what the run left behind: its result (status, poses, score,
events, which sensors the program read while the robot moved, what the drive
base measured) and its trace (where the robot and the arm were every 50 ms),
on the field the run used. It answers with a ``Finding``: passed or not, and
what it measured as a key and values (``why``), which the reader's language
turns into words (``lessons.detail.<why>``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from brickclass.classroom.judging import path
from brickclass.robots.models import RobotSpec
from brickclass.simulator.field import distance_to_shape
from brickclass.simulator.missions.model import Mission, Shape
from brickclass.simulator.physics.echoes import EchoMap

# A sensor counts as used while driving after this many reads as the robot moved
# (a polling loop reads it ~100 times a second).
MIN_READS_WHILE_DRIVING = 5
# The robot counts as driving above this speed, per 50 ms frame of the trace (mm).
DRIVING_MM_PER_FRAME = 1.0
FRAME_S = 0.05


@dataclass(frozen=True)
class Finding:
    """What one criterion found in one run: passed, and why as a key and values."""

    passed: bool
    why: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunView:
    """What a criterion may look at: a run, the field it ran on, and the robot."""

    result: Any  # brickclass.simulator.run.RunResult
    mission: Mission
    robot: RobotSpec

    @property
    def frames(self) -> list[Any]:
        return self.result.trace.frames if self.result.trace is not None else []

    @property
    def poses(self) -> list[tuple[float, float, float]]:
        return [frame.pose for frame in self.frames]

    def start(self) -> tuple[float, float, float]:
        pose = self.result.start_pose
        return (pose["x_mm"], pose["y_mm"], pose["heading_deg"])

    def final(self) -> tuple[float, float, float]:
        pose = self.result.final_pose
        return (pose["x_mm"], pose["y_mm"], pose["heading_deg"])

    def point_of(self, pose: tuple[float, float, float], port: str | None) -> tuple[float, float]:
        """A point on the robot (a sensor's port, or the axle centre) in field coordinates."""
        x, y, heading = pose
        spec = self.robot.ports.get(port) if port else None
        lx, ly = spec.position if spec is not None else (0.0, 0.0)
        angle = math.radians(90.0 - heading)
        return (x + lx * math.cos(angle) - ly * math.sin(angle), y + lx * math.sin(angle) + ly * math.cos(angle))

    def zone_distance(self, tag: str, point: tuple[float, float]) -> float:
        regions = self.mission.zone(tag)
        return min((distance_to_shape(r.shape, *point) for r in regions), default=math.inf)


# --- the kinds -------------------------------------------------------------------------------

def _finished(params: dict[str, Any], view: RunView) -> Finding:
    status = view.result.status
    return Finding(status == "finished", "status", {"status": status})


def _drove(params: dict[str, Any], view: RunView) -> Finding:
    """How far the robot ended from its start, along a direction (relative to where it faced)."""
    (x0, y0, heading), (x1, y1, _) = view.start(), view.final()
    direction = math.radians(heading + params.get("direction_deg", 0))
    dx, dy = x1 - x0, y1 - y0
    along = dx * math.sin(direction) + dy * math.cos(direction)
    across = abs(dx * math.cos(direction) - dy * math.sin(direction))
    wanted, tolerance = params["distance_mm"], params["tolerance_mm"]
    off_course = across > max(tolerance, 0.1 * abs(wanted))
    passed = abs(along - wanted) <= tolerance and not off_course
    if off_course and abs(along - wanted) <= tolerance:
        return Finding(False, "off_course", {"mm": round(across)})
    if along < 0 <= wanted:
        return Finding(False, "drove_back", {"mm": round(-along)})
    return Finding(passed, "drove", {"mm": round(along)})


def _turned(params: dict[str, Any], view: RunView) -> Finding:
    change = path.wrapped(view.final()[2] - view.start()[2])
    gap = path.wrapped(change - params["angle_deg"])
    return Finding(abs(gap) <= params["tolerance_deg"], "turned", {"degrees": round(change)})


def _polygon(params: dict[str, Any], view: RunView) -> Finding:
    """A closed shape of equal straight sides with equal turns the same way (a square, a triangle)."""
    wanted = int(params["sides"])
    drawn = path.sides(view.poses)
    if len(drawn) != wanted:
        return Finding(False, "sides", {"count": len(drawn), "wanted": wanted})
    turns = path.corners(drawn, closed=True)
    turn = 360.0 / wanted
    tolerance = params["turn_tolerance_deg"]
    same_way = all(t > 0 for t in turns) or all(t < 0 for t in turns)
    worst = max(turns, key=lambda t: abs(abs(t) - turn))
    if not same_way or abs(abs(worst) - turn) > tolerance:
        return Finding(False, "corners", {"degrees": [round(abs(t)) for t in turns], "wanted": round(turn),
                                          "same_way": same_way})
    lengths = [side.length for side in drawn]
    shortest, longest = min(lengths), max(lengths)
    target = params.get("side_mm")
    if target is not None and any(abs(length - target) > params["side_tolerance_mm"] for length in lengths):
        return Finding(False, "side_length", {"shortest": round(shortest), "longest": round(longest),
                                              "wanted": round(target)})
    if longest - shortest > params["side_tolerance_mm"]:
        return Finding(False, "unequal", {"shortest": round(shortest), "longest": round(longest)})
    (x0, y0, _), (x1, y1, _) = view.start(), view.final()
    gap = math.hypot(x1 - x0, y1 - y0)
    if gap > params["close_mm"]:
        return Finding(False, "open", {"mm": round(gap)})
    return Finding(True, "shape", {"count": wanted, "mm": round(statistics.fmean(lengths)),
                                   "degrees": round(statistics.fmean(abs(t) for t in turns))})


def _reach_zone(params: dict[str, Any], view: RunView) -> Finding:
    tag = params["zone"]
    points = [view.point_of(pose, None) for pose in view.poses] + [view.point_of(view.final(), None)]
    closest = min(view.zone_distance(tag, p) for p in points)
    return Finding(closest == 0, "zone", {"mm": round(closest)})


def _stay_near(params: dict[str, Any], view: RunView) -> Finding:
    """Once near the zone, the point (a sensor) never strays further than ``max_mm`` from it."""
    tag, limit = params["zone"], params["max_mm"]
    worst, close = 0.0, False
    for pose in view.poses:
        gap = view.zone_distance(tag, view.point_of(pose, params.get("port")))
        close = close or gap <= limit
        if close:
            worst = max(worst, gap)
    return Finding(close and worst <= limit, "strayed", {"mm": round(worst)})


def _stop_near(params: dict[str, Any], view: RunView) -> Finding:
    gap = view.zone_distance(params["zone"], view.point_of(view.final(), params.get("port")))
    return Finding(gap <= params["max_mm"], "stopped_from", {"mm": round(gap)})


def _wall_ahead(params: dict[str, Any], view: RunView) -> Finding:
    """How far the robot's front is from the wall or object straight ahead, at the end."""
    x, y, heading = view.final()
    outline = view.robot.chassis.outline if view.robot.chassis else ()
    front = max((p[0] for p in outline), default=0.0)
    angle = math.radians(90.0 - heading)
    fx, fy = x + front * math.cos(angle), y + front * math.sin(angle)
    gap = EchoMap(view.mission.field).distance(fx, fy, angle, 5000.0)
    if gap is None:
        return Finding(False, "no_wall", {})
    return Finding(params["min_mm"] <= gap <= params["max_mm"], "wall", {"mm": round(gap)})


def _score_at_least(params: dict[str, Any], view: RunView) -> Finding:
    result = view.result
    return Finding(result.score >= params["share"] * result.max_score, "score",
                   {"score": result.score, "max_score": result.max_score})


def _finish_within(params: dict[str, Any], view: RunView) -> Finding:
    result = view.result
    passed = result.status == "finished" and result.sim_time_s <= params["seconds"]
    return Finding(passed, "seconds", {"seconds": round(result.sim_time_s, 1)})


def _time_between(params: dict[str, Any], view: RunView) -> Finding:
    seconds = view.result.sim_time_s
    return Finding(params["min_s"] <= seconds <= params["max_s"], "seconds", {"seconds": round(seconds, 1)})


def _frame_speeds(view: RunView) -> list[float]:
    frames = view.frames
    return [math.dist(a.pose[:2], b.pose[:2]) / ((b.t_ms - a.t_ms) / 1000) for a, b in zip(frames, frames[1:])
            if b.t_ms > a.t_ms]


def _cruise_speed(params: dict[str, Any], view: RunView) -> Finding:
    """The speed the robot kept while it drove (the middle of its faster half), in mm/s."""
    speeds = sorted(_frame_speeds(view))
    if not speeds or speeds[-1] * FRAME_S < DRIVING_MM_PER_FRAME:
        return Finding(False, "speed", {"mm_s": 0})
    fast = [s for s in speeds if s >= speeds[-1] / 2]
    speed = statistics.median(fast)
    return Finding(abs(speed - params["speed_mm_s"]) <= params["tolerance_mm_s"], "speed", {"mm_s": round(speed)})


def _read_while_driving(params: dict[str, Any], view: RunView) -> Finding:
    """The program read the sensor while the robot moved (not just made it, or read it once standing)."""
    wanted = params["device"]
    moving = sum(counts["moving"] for name, counts in view.result.sensor_reads.items()
                 if name == wanted or name.startswith(wanted + ":"))
    return Finding(moving >= params.get("min_reads", MIN_READS_WHILE_DRIVING), "reads", {"count": moving})


def _event(params: dict[str, Any], view: RunView) -> Finding:
    return Finding(params["name"] in view.result.events, "event", {})


def _arm_down_and_up(params: dict[str, Any], view: RunView) -> Finding:
    angles = [f.arm_deg for f in view.frames if f.arm_deg is not None]
    if not angles:
        return Finding(False, "no_arm", {})
    lowest = min(angles)
    return Finding(lowest <= params["below_deg"] and angles[-1] >= params["above_deg"], "arm",
                   {"lowest": round(lowest), "end": round(angles[-1])})


def _sweep_while_driving(params: dict[str, Any], view: RunView) -> Finding:
    frames = view.frames
    swept = sum(math.dist(a.pose[:2], b.pose[:2]) for a, b in zip(frames, frames[1:]) if a.brush_down and b.brush_down)
    return Finding(swept >= params["distance_mm"], "swept", {"mm": round(swept)})


def _arm_while_driving(params: dict[str, Any], view: RunView) -> Finding:
    """The arm turned while the robot drove: both at once, for at least ``seconds``."""
    frames = [f for f in view.frames if f.arm_deg is not None]
    together = 0.0
    for a, b in zip(frames, frames[1:]):
        if abs(b.arm_deg - a.arm_deg) >= 1.0 and math.dist(a.pose[:2], b.pose[:2]) >= DRIVING_MM_PER_FRAME:
            together += (b.t_ms - a.t_ms) / 1000
    return Finding(together >= params["seconds"], "together", {"seconds": round(together, 1)})


def _odometry(params: dict[str, Any], view: RunView) -> Finding:
    """The drive base's own distance() agrees with how far the robot really drove."""
    measured = view.result.odometry
    if measured is None:
        return Finding(False, "no_drive_base", {})
    (x0, y0, _), (x1, y1, _) = view.start(), view.final()
    real = math.hypot(x1 - x0, y1 - y0)
    thinks = abs(measured["distance_mm"])
    return Finding(abs(thinks - real) <= params["tolerance_mm"], "odometry",
                   {"thinks": round(thinks), "mm": round(real)})


def _field_to_sweep(params: dict[str, Any], view: RunView) -> Finding:
    """The field itself is a moon worth sweeping (for lessons where pupils make the field):
    dusty solar panels of small cells, dust worth points, not within reach of the rover's start."""
    mission = view.mission
    dusty = [panel for panel in mission.field.panels if panel.dust > 0]
    if not dusty:
        return Finding(False, "no_dust", {})
    if not any(item.kind == "dust_cleared" and item.points > 0 for item in mission.scoring.items):
        return Finding(False, "dust_no_points", {})
    # A cell is swept by touching it, so cells as big as the panel would make sweeping easy.
    biggest = max(max(panel.size[0] / panel.cells[0], panel.size[1] / panel.cells[1]) for panel in dusty)
    if biggest > params["max_cell_mm"]:
        return Finding(False, "big_cells", {"mm": round(biggest), "wanted": round(params["max_cell_mm"])})
    cells = sum(panel.cells[0] * panel.cells[1] for panel in dusty)
    if cells < params["min_cells"]:
        return Finding(False, "few_cells", {"count": cells, "wanted": int(params["min_cells"])})
    x, y, _heading = mission.start
    nearest = min(distance_to_shape(Shape("polygon", panel.rect.corners()), x, y) for panel in dusty)
    if nearest < params["min_distance_mm"]:
        return Finding(False, "panel_at_start", {"mm": round(nearest), "wanted": round(params["min_distance_mm"])})
    return Finding(True, "moon", {"count": cells, "mm": round(nearest)})


def _dust_cleared(params: dict[str, Any], view: RunView) -> Finding:
    """How much of the dust on the panels the run swept off (from the trace, whatever it scores)."""
    frames = view.frames
    if not frames:
        return Finding(False, "dust", {"percent": 0})
    at_start = sum(sum(map(sum, panel)) for panel in frames[0].dust)
    at_end = sum(sum(map(sum, panel)) for panel in frames[-1].dust)
    share = 1.0 - at_end / at_start if at_start > 0 else 0.0
    return Finding(share >= params["share"], "dust", {"percent": math.floor(share * 100)})


Judge = Callable[[dict[str, Any], RunView], Finding]


# How each kind of criterion a lesson file may use (lessons.criteria_kinds) is judged.
JUDGES: dict[str, Judge] = {
    "finished": _finished,
    "drove": _drove,
    "turned": _turned,
    "polygon": _polygon,
    "reach_zone": _reach_zone,
    "stay_near": _stay_near,
    "stop_near": _stop_near,
    "wall_ahead": _wall_ahead,
    "score_at_least": _score_at_least,
    "finish_within": _finish_within,
    "time_between": _time_between,
    "cruise_speed": _cruise_speed,
    "read_while_driving": _read_while_driving,
    "event": _event,
    "arm_down_and_up": _arm_down_and_up,
    "sweep_while_driving": _sweep_while_driving,
    "arm_while_driving": _arm_while_driving,
    "odometry": _odometry,
    "field_to_sweep": _field_to_sweep,
    "dust_cleared": _dust_cleared,
}


def judge(kind: str, params: dict[str, Any], view: RunView) -> Finding:
    return JUDGES[kind](params, view)
