"""The printed mat and what lies on it, as the sensors see it.

Holds what changes on the field during a run that is not a rigid body: the
dust on each panel cell. Answers "what colour is the ground here" for the
colour sensor, and "where is this point" questions for the referee.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from brickclass.simulator.missions.model import RGB, Field, Panel, Shape

# Moon dust: light grey regolith powder.
DUST_COLOR: RGB = (0.62, 0.60, 0.57)


def point_in_polygon(x: float, y: float, points: tuple[tuple[float, float], ...]) -> bool:
    inside = False
    n = len(points)
    j = n - 1
    for i in range(n):
        xi, yi = points[i]
        xj, yj = points[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _distance_to_segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(x - ax, y - ay)
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy))


def shape_contains(shape: Shape, x: float, y: float) -> bool:
    if shape.kind == "circle":
        cx, cy = shape.center
        return (x - cx) ** 2 + (y - cy) ** 2 <= shape.radius**2
    if shape.kind == "rect":
        (x0, y0), _, (x1, y1), _ = shape.points
        return x0 <= x <= x1 and y0 <= y <= y1
    if shape.kind == "polygon":
        return point_in_polygon(x, y, shape.points)
    if shape.kind == "line":
        half = shape.width / 2
        pts = shape.points
        return any(_distance_to_segment(x, y, pts[i], pts[i + 1]) <= half for i in range(len(pts) - 1))
    return False


def distance_to_shape(shape: Shape, x: float, y: float) -> float:
    """How far a point is from a shape on the field (mm); 0 on or inside it."""
    if shape_contains(shape, x, y):
        return 0.0
    if shape.kind == "circle":
        return max(0.0, math.dist(shape.center, (x, y)) - shape.radius)
    points = shape.points
    if shape.kind == "line":
        edges = zip(points, points[1:])
        return max(0.0, min(_distance_to_segment(x, y, a, b) for a, b in edges) - shape.width / 2)
    edges = zip(points, points[1:] + points[:1])
    return min(_distance_to_segment(x, y, a, b) for a, b in edges)


class PanelDust:
    """Dust on one panel: a share (0..1) per cell, row by row from the south-west."""

    __slots__ = ("panel", "amounts", "cell_w", "cell_h", "start_total")

    def __init__(self, panel: Panel) -> None:
        self.panel = panel
        columns, rows = panel.cells
        self.amounts = [[panel.dust] * columns for _ in range(rows)]
        self.cell_w = panel.size[0] / columns
        self.cell_h = panel.size[1] / rows
        self.start_total = panel.dust * columns * rows

    def contains(self, x: float, y: float) -> bool:
        x0, y0 = self.panel.corner
        return x0 <= x <= x0 + self.panel.size[0] and y0 <= y <= y0 + self.panel.size[1]

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        x0, y0 = self.panel.corner
        column = int((x - x0) // self.cell_w)
        row = int((y - y0) // self.cell_h)
        columns, rows = self.panel.cells
        if 0 <= column < columns and 0 <= row < rows:
            return column, row
        return None

    def dust_at(self, x: float, y: float) -> float:
        cell = self.cell_at(x, y)
        if cell is None:
            return 0.0
        return self.amounts[cell[1]][cell[0]]

    def wipe(self, x: float, y: float, share: float) -> float:
        """Remove a share of the dust in the cell under (x, y); returns what was removed."""
        cell = self.cell_at(x, y)
        if cell is None:
            return 0.0
        column, row = cell
        before = self.amounts[row][column]
        after = before * (1.0 - share)
        if after < 0.002:
            after = 0.0
        self.amounts[row][column] = after
        return before - after

    @property
    def remaining(self) -> float:
        return sum(sum(row) for row in self.amounts)


class FieldMap:
    """Colours of the mat at any point, with the panels' current dust."""

    def __init__(self, spec: Field) -> None:
        self.spec = spec
        self.dust = [PanelDust(panel) for panel in spec.panels]
        # Regions drawn in order: later ones lie on top, so search backwards.
        self._regions = list(reversed(spec.regions))

    def ground_color(self, x: float, y: float) -> RGB:
        width, height = self.spec.size
        if not (0 <= x <= width and 0 <= y <= height):
            return (0.05, 0.05, 0.05)  # off the table: nothing reflects
        for dust in self.dust:
            if dust.contains(x, y):
                amount = dust.dust_at(x, y)
                base = dust.panel.color
                # Thin grid lines between cells show as a little darker.
                return tuple(b * (1 - amount) + d * amount for b, d in zip(base, DUST_COLOR))  # type: ignore[return-value]
        for region in self._regions:
            if shape_contains(region.shape, x, y):
                return region.color
        return self.spec.mat

    def in_zone(self, regions: Iterable[Shape], x: float, y: float) -> bool:
        return any(shape_contains(shape, x, y) for shape in regions)

    def panel_at(self, x: float, y: float) -> PanelDust | None:
        for dust in self.dust:
            if dust.contains(x, y):
                return dust
        return None

    def crater_at(self, x: float, y: float):
        for crater in self.spec.craters:
            cx, cy = crater.center
            if (x - cx) ** 2 + (y - cy) ** 2 <= crater.radius**2:
                return crater
        return None

    @property
    def dust_start_total(self) -> float:
        return sum(d.start_total for d in self.dust)

    @property
    def dust_remaining(self) -> float:
        return sum(d.remaining for d in self.dust)
