"""What a mission is, as plain data (parsed from a TOML file by ``loader``).

Coordinates are field coordinates in millimetres: origin at the south-west
inner corner of the walls, x east, y north. Headings are compass degrees,
clockwise from north (east is 90), as pupils and referees read a map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RGB = tuple[float, float, float]  # 0..1 per channel, the paint's reflectance


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


@dataclass(frozen=True)
class Panel:
    """A solar panel lying flat: a grid of cells, each with some dust on it."""

    id: str
    corner: tuple[float, float]  # south-west corner
    size: tuple[float, float]
    cells: tuple[int, int]  # columns (x), rows (y)
    dust: float  # dust per cell at the start, 0..1
    color: RGB


@dataclass(frozen=True)
class Crater:
    """Soft ground: wheels roll harder and grip less."""

    center: tuple[float, float]
    radius: float
    rolling_resistance: float
    grip: float


@dataclass(frozen=True)
class Pebbles:
    """Loose gravel, placed at random (from the run's seed) on the named panels."""

    count: int
    radius_mm: tuple[float, float]
    mass_g: float
    on_panels: tuple[str, ...]
    color: RGB


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
