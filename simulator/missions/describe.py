"""A mission in words and characters: the map and the rules for the terminal."""

from __future__ import annotations

from dataclasses import replace

from brickclass.simulator.field import shape_contains
from brickclass.simulator.missions.model import Mission

# What each character of the map means, in drawing order (later wins).
LEGEND_KEYS = ("base", "guide", "panel", "crater", "obstacle", "start")
SYMBOLS = {"mat": ".", "base": "B", "guide": "-", "panel": "P", "crater": "o", "obstacle": "L", "start": "S",
           "zone": "Z"}


def text_map(mission: Mission, columns: int = 72) -> list[str]:
    """The field as rows of characters, north up, one character per cell."""
    width, height = mission.field.size
    cell_w = width / columns
    rows = max(4, round(height / (cell_w * 2)))  # terminal cells are about twice as tall as wide
    cell_h = height / rows
    lines = ["+" + "-" * columns + "+"]
    start_x, start_y, _ = mission.start
    for row in range(rows):
        y = height - (row + 0.5) * cell_h
        chars = []
        for column in range(columns):
            x = (column + 0.5) * cell_w
            chars.append(_symbol_at(mission, x, y, cell_h))
        if row == int((height - start_y) // cell_h):
            chars[min(columns - 1, int(start_x // cell_w))] = SYMBOLS["start"]
        lines.append("|" + "".join(chars) + "|")
    lines.append("+" + "-" * columns + "+")
    return lines


def _symbol_at(mission: Mission, x: float, y: float, cell: float) -> str:
    spec = mission.field
    for obstacle in spec.obstacles:
        if shape_contains(obstacle.shape, x, y):
            return SYMBOLS["obstacle"]
    for crater in spec.craters:
        if (x - crater.center[0]) ** 2 + (y - crater.center[1]) ** 2 <= crater.radius**2:
            return SYMBOLS["crater"]
    for panel in spec.panels:
        if panel.rect.contains(x, y):
            return SYMBOLS["panel"]
    for region in reversed(spec.regions):
        shape = region.shape
        if shape.kind == "line":
            # Thin lines would fall between the rows: draw them a cell wide.
            shape = replace(shape, width=max(shape.width, cell))
        if shape_contains(shape, x, y):
            if region.tag in SYMBOLS:
                return SYMBOLS[region.tag]
            if region.shape.kind == "line":
                return SYMBOLS["guide"]
            return SYMBOLS["zone"] if region.tag else "~"
    return SYMBOLS["mat"]
