"""The shape a robot drove, read from a run's trace: its straight sides and the corners between them.

The trace holds the robot's pose every 50 ms. A *side* is a stretch where the
robot keeps moving the same way (forwards or backwards); it ends where the
robot stops to turn, or reverses. Sides are measured as the straight line
from where they start to where they end, and a *corner* is the change of
direction between one side and the next: so a square is judged by the path
on the table, not by which commands drew it, and a robot that drives out and
back has one corner of 180°, not a square.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Per 50 ms frame: moving at least this far is driving (40 mm/s); less is turning or standing.
DRIVING_MM_PER_FRAME = 2.0
# Two stretches of driving the same way with no more turn than this between them are one side.
SAME_SIDE_DEG = 20.0


@dataclass(frozen=True)
class Side:
    start: tuple[float, float]
    end: tuple[float, float]

    @property
    def length(self) -> float:
        return math.dist(self.start, self.end)

    @property
    def direction(self) -> float:
        """Where the side points on the table, in compass degrees (clockwise from north)."""
        dx, dy = self.end[0] - self.start[0], self.end[1] - self.start[1]
        return math.degrees(math.atan2(dx, dy)) % 360.0


def wrapped(angle: float) -> float:
    """An angle in (-180, 180]."""
    angle = (angle + 180.0) % 360.0 - 180.0
    return 180.0 if angle == -180.0 else angle


def _forward(pose: tuple[float, float, float], step: tuple[float, float]) -> bool:
    heading = math.radians(pose[2])
    return step[0] * math.sin(heading) + step[1] * math.cos(heading) >= 0


def sides(poses: Sequence[tuple[float, float, float]]) -> list[Side]:
    """The straight sides of the path through ``poses`` (x, y, compass heading), in order."""
    stretches: list[tuple[int, int, bool]] = []  # first pose, last pose, forwards
    for i in range(1, len(poses)):
        (x0, y0, _), (x1, y1, _) = poses[i - 1], poses[i]
        if math.hypot(x1 - x0, y1 - y0) < DRIVING_MM_PER_FRAME:
            continue
        forwards = _forward(poses[i - 1], (x1 - x0, y1 - y0))
        if stretches and stretches[-1][1] == i - 1 and stretches[-1][2] == forwards:
            stretches[-1] = (stretches[-1][0], i, forwards)
        else:
            stretches.append((i - 1, i, forwards))
    found: list[Side] = []
    last_forwards: bool | None = None
    for first, last, forwards in stretches:
        side = Side(poses[first][:2], poses[last][:2])
        if found and forwards == last_forwards and \
                abs(wrapped(side.direction - found[-1].direction)) <= SAME_SIDE_DEG:
            # Stopped and went on the same way (straight(150) twice): still one side.
            found[-1] = Side(found[-1].start, side.end)
        else:
            found.append(side)
        last_forwards = forwards
    return found


def corners(path: Sequence[Side], *, closed: bool) -> list[float]:
    """The turn at each corner (degrees, + clockwise), with the closing corner for a closed shape."""
    turns = [wrapped(b.direction - a.direction) for a, b in zip(path, path[1:])]
    if closed and len(path) > 1:
        turns.append(wrapped(path[0].direction - path[-1].direction))
    return turns
