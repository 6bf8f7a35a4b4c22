"""The printed mat and what lies on it, as the sensors see it.

Holds what changes on the field during a run that is not a rigid body: the
dust on each panel cell. Answers "what colour is the ground here" for the
colour sensor (the mat's colour, or the pixel of a printed picture), and
"where is this point" questions for the referee. Also says where the
pebbles lie at the start of a run, from the run's seed.
"""

from __future__ import annotations

import math
import random

from brickclass.simulator.missions.floor import FloorPixels, decode
from brickclass.simulator.missions.model import RGB, Field, Panel, Rect, Shape

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


def distance_to_segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
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
        dx, dy, radius = x - cx, y - cy, shape.radius
        # Squares as products: float ** 2 is a call to pow() on boxed numbers, even compiled.
        return dx * dx + dy * dy <= radius * radius
    if shape.kind == "rect":
        (x0, y0), _, (x1, y1), _ = shape.points
        return x0 <= x <= x1 and y0 <= y <= y1
    if shape.kind == "polygon":
        return point_in_polygon(x, y, shape.points)
    if shape.kind == "line":
        half = shape.width / 2
        pts = shape.points
        return any(distance_to_segment(x, y, pts[i], pts[i + 1]) <= half for i in range(len(pts) - 1))
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
        return max(0.0, min(distance_to_segment(x, y, a, b) for a, b in edges) - shape.width / 2)
    edges = zip(points, points[1:] + points[:1])
    return min(distance_to_segment(x, y, a, b) for a, b in edges)


class PanelDust:
    """Dust on one panel: a share (0..1) per cell, row by row from the south-west."""

    __slots__ = ("panel", "amounts", "cell_w", "cell_h", "start_total", "_rect", "_bounds")

    def __init__(self, panel: Panel) -> None:
        self.panel = panel
        columns, rows = panel.cells
        self.amounts = [[panel.dust] * columns for _ in range(rows)]
        self.cell_w = panel.size[0] / columns
        self.cell_h = panel.size[1] / rows
        self.start_total = panel.dust * columns * rows
        # A turned panel answers in its own frame; a straight one (most) needs no turning.
        self._rect: Rect | None = panel.rect if panel.angle % 360 else None
        # A straight panel's edges (west, east, south, north), summed once: the sensors
        # and the brush ask every tick.
        x0, y0 = panel.corner
        self._bounds = (x0, x0 + panel.size[0], y0, y0 + panel.size[1])

    def contains(self, x: float, y: float) -> bool:
        if self._rect is not None:
            return self._rect.contains(x, y)
        west, east, south, north = self._bounds
        return west <= x <= east and south <= y <= north

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        if self._rect is not None:
            x, y = self._rect.to_local(x, y)
            x0 = y0 = 0.0
        else:
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
        # Each crater's centre and squared radius, worked out once: the wheels ask every tick.
        self._craters = [(crater.center[0], crater.center[1], crater.radius * crater.radius, crater)
                         for crater in spec.craters]
        self.floor: FloorPixels | None = None
        if spec.floor is not None:
            backdrop = tuple(int(round(c * 255)) for c in spec.mat)
            self.floor = decode(spec.floor.path, backdrop).fit(spec.size)  # type: ignore[arg-type]

    def mat_color(self, x: float, y: float) -> RGB:
        """The bare mat under (x, y): its picture's pixel, or its one colour."""
        if self.floor is not None:
            return self.floor.color_at(x, y)
        return self.spec.mat

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
        if self.floor is not None:
            return self.floor.color_at(x, y)
        return self.spec.mat

    def panel_at(self, x: float, y: float) -> PanelDust | None:
        for dust in self.dust:
            if dust.contains(x, y):
                return dust
        return None

    def crater_at(self, x: float, y: float):
        for cx, cy, radius_sq, crater in self._craters:
            dx, dy = x - cx, y - cy
            if dx * dx + dy * dy <= radius_sq:
                return crater
        return None

    @property
    def dust_start_total(self) -> float:
        return sum(d.start_total for d in self.dust)

    @property
    def dust_remaining(self) -> float:
        return sum(d.remaining for d in self.dust)


def scatter_pebbles(spec: Field, seed: int) -> list[tuple[float, float, float]]:
    """Where the pebbles lie at the start (x, y, radius), from the run's seed.

    First ``count`` pebbles on the named panels, then each pebble area's own
    count in it; a pebble that finds no free spot in 60 tries is left out.
    Straight panels use the same arithmetic as before turned panels existed,
    so a seed gives the same layout it always gave.
    """
    pebbles = spec.pebbles
    if pebbles is None:
        return []
    placed: list[tuple[float, float, float]] = []
    rng = random.Random(f"pebbles:{seed}")

    def free(x: float, y: float, radius: float) -> bool:
        return all(math.hypot(x - px, y - py) > radius + pr + 2 for px, py, pr in placed)

    panels = [p for p in spec.panels if p.id in pebbles.on_panels] or list(spec.panels)
    if panels:
        for _ in range(pebbles.count):
            for _attempt in range(60):
                panel = panels[rng.randrange(len(panels))]
                radius = rng.uniform(*pebbles.radius_mm)
                if panel.angle % 360:
                    x, y = _inside(panel.rect, radius, rng)
                else:
                    (x0, y0), (w, h) = panel.corner, panel.size
                    x = rng.uniform(x0 + radius, x0 + w - radius)
                    y = rng.uniform(y0 + radius, y0 + h - radius)
                if free(x, y, radius):
                    placed.append((x, y, radius))
                    break
    for area in pebbles.areas:
        for _ in range(area.count):
            for _attempt in range(60):
                radius = rng.uniform(*pebbles.radius_mm)
                x, y = _inside(area.rect, radius, rng)
                if free(x, y, radius):
                    placed.append((x, y, radius))
                    break
    return placed


def _inside(rect: Rect, margin: float, rng: random.Random) -> tuple[float, float]:
    u = rng.uniform(margin, rect.size[0] - margin)
    v = rng.uniform(margin, rect.size[1] - margin)
    return rect.to_field(u, v)
