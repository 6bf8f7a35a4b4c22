"""What a mission is, as plain data (parsed from a TOML file by ``loader``).

Coordinates are field coordinates in millimetres: origin at the south-west
inner corner of the walls, x east, y north. Headings are compass degrees,
clockwise from north (east is 90), as pupils and referees read a map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

RGB = tuple[float, float, float]  # 0..1 per channel, the paint's reflectance
Point = tuple[float, float]

# How a standing object is drawn (it changes nothing in the physics).
OBSTACLE_LOOKS = ("block", "lander", "wall", "rock")


def turned_corners(corner: Point, size: Point, angle: float) -> tuple[Point, ...]:
    """The corners of a rectangle (south-west corner, size) turned ``angle``
    degrees clockwise about its centre, anticlockwise from the south-west."""
    (x, y), (w, h) = corner, size
    local = ((0.0, 0.0), (w, 0.0), (w, h), (0.0, h))
    if angle % 360 == 0:
        return tuple((x + u, y + v) for u, v in local)
    cx, cy = x + w / 2, y + h / 2
    a = math.radians(-angle)  # clockwise on the map is negative in x-east, y-north maths
    cos_a, sin_a = math.cos(a), math.sin(a)
    return tuple((cx + (u - w / 2) * cos_a - (v - h / 2) * sin_a, cy + (u - w / 2) * sin_a + (v - h / 2) * cos_a)
                 for u, v in local)


@dataclass(frozen=True)
class Rect:
    """A rectangle that may be turned: its south-west corner and size before
    turning, and the turn (degrees clockwise about its centre)."""

    corner: Point
    size: Point
    angle: float = 0.0

    @property
    def center(self) -> Point:
        return (self.corner[0] + self.size[0] / 2, self.corner[1] + self.size[1] / 2)

    def corners(self) -> tuple[Point, ...]:
        return turned_corners(self.corner, self.size, self.angle)

    def to_local(self, x: float, y: float) -> Point:
        """(x, y) on the field as (u, v) from the rectangle's own south-west corner."""
        if self.angle % 360 == 0:
            return (x - self.corner[0], y - self.corner[1])
        cx, cy = self.center
        a = math.radians(self.angle)
        dx, dy = x - cx, y - cy
        cos_a, sin_a = math.cos(a), math.sin(a)
        return (dx * cos_a - dy * sin_a + self.size[0] / 2, dx * sin_a + dy * cos_a + self.size[1] / 2)

    def to_field(self, u: float, v: float) -> Point:
        if self.angle % 360 == 0:
            return (self.corner[0] + u, self.corner[1] + v)
        cx, cy = self.center
        a = math.radians(-self.angle)
        du, dv = u - self.size[0] / 2, v - self.size[1] / 2
        cos_a, sin_a = math.cos(a), math.sin(a)
        return (cx + du * cos_a - dv * sin_a, cy + du * sin_a + dv * cos_a)

    def contains(self, x: float, y: float) -> bool:
        u, v = self.to_local(x, y)
        return 0 <= u <= self.size[0] and 0 <= v <= self.size[1]


@dataclass(frozen=True)
class Text:
    en: str
    sv: str

    def get(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class Shape:
    """A rectangle, circle, polygon or thick polyline on the field."""

    kind: str  # rect | circle | polygon | line
    points: tuple[tuple[float, float], ...] = ()
    center: tuple[float, float] = (0.0, 0.0)
    radius: float = 0.0
    width: float = 0.0  # line thickness

    def bounds(self) -> tuple[float, float, float, float]:
        if self.kind == "circle":
            cx, cy = self.center
            return (cx - self.radius, cy - self.radius, cx + self.radius, cy + self.radius)
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        pad = self.width / 2 if self.kind == "line" else 0.0
        return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


@dataclass(frozen=True)
class Region:
    """Something printed on the mat (or soft ground): what the colour sensor sees."""

    shape: Shape
    color: RGB
    tag: str = ""
    label: Text | None = None


@dataclass(frozen=True)
class Obstacle:
    """A solid object standing on the field (the walls of the table are added for you)."""

    id: str
    shape: Shape
    height_mm: float
    color: RGB
    label: Text | None = None
    look: str = "block"  # one of OBSTACLE_LOOKS


@dataclass(frozen=True)
class Panel:
    """A solar panel lying flat: a grid of cells, each with some dust on it."""

    id: str
    corner: tuple[float, float]  # south-west corner
    size: tuple[float, float]
    cells: tuple[int, int]  # columns (x), rows (y)
    dust: float  # dust per cell at the start, 0..1
    color: RGB
    angle: float = 0.0  # degrees clockwise about its centre

    @property
    def rect(self) -> Rect:
        return Rect(self.corner, self.size, self.angle)


@dataclass(frozen=True)
class Crater:
    """Soft ground: wheels roll harder and grip less."""

    center: tuple[float, float]
    radius: float
    rolling_resistance: float
    grip: float


@dataclass(frozen=True)
class PebbleArea:
    """A patch of ground (or panel) with ``count`` pebbles scattered on it."""

    rect: Rect
    count: int


@dataclass(frozen=True)
class Pebbles:
    """Loose gravel, placed at random (from the run's seed): ``count`` on the
    named panels, and each area's own count in that area."""

    count: int
    radius_mm: tuple[float, float]
    mass_g: float
    on_panels: tuple[str, ...]
    color: RGB
    areas: tuple[PebbleArea, ...] = ()

    @property
    def total(self) -> int:
        return self.count + sum(area.count for area in self.areas)


@dataclass(frozen=True)
class Floor:
    """A picture printed on the mat (a PNG or JPEG), stretched over the whole field."""

    path: str  # where the picture is (resolved from the mission file's folder)
    name: str  # as the mission file wrote it
    width_px: int
    height_px: int


@dataclass(frozen=True)
class ScoreItem:
    id: str
    kind: str
    label: Text
    points: int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scoring:
    items: tuple[ScoreItem, ...]
    stars: tuple[float, float, float]  # share of the maximum for 1, 2 and 3 stars


@dataclass(frozen=True)
class Field:
    size: tuple[float, float]
    mat: RGB
    wall_height_mm: float
    regions: tuple[Region, ...]
    obstacles: tuple[Obstacle, ...]
    panels: tuple[Panel, ...]
    craters: tuple[Crater, ...]
    pebbles: Pebbles | None
    floor: Floor | None = None


@dataclass(frozen=True)
class Mission:
    """One playable level of a mission (``moon-sweeper:2``)."""

    id: str
    level: int | None
    version: int
    title: Text
    description: Text
    field: Field
    start: tuple[float, float, float]  # x, y, heading (compass degrees)
    time_limit_s: float
    scoring: Scoring
    levels: tuple[int, ...] = ()
    source: str = ""

    @property
    def full_id(self) -> str:
        return self.id if self.level is None else f"{self.id}:{self.level}"

    def zone(self, tag: str) -> list[Region]:
        return [region for region in self.field.regions if region.tag == tag]
