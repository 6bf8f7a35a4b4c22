"""Solar panels as solar cells, with moon dust as a layer on each cell, and pebbles as rocks.

A panel is drawn in its own frame (north up, before turning): an aluminium
frame round dark-blue cells, each cell with its silver bus bars and fine
fingers. Dust is a pale, grainy layer over a cell, as thick as the cell's
dust share says (the world keeps dust per cell; the brush takes it away cell
by cell as it passes). A panel is redrawn only when its dust has changed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from functools import lru_cache

import pygame

from brickclass.simulator.missions.model import Panel
from brickclass.simulator.render.ground import rgb, shade

Px = Callable[[float, float], tuple[int, int]]

FRAME = (186, 190, 198)
FRAME_DARK = (110, 114, 124)
BUS_BAR = (170, 180, 205)
PADDING = (255, 0, 254)  # a colour no panel has
# Moon dust: pale, warm grey powder, lighter than the regolith it blew off.
DUST = (196, 186, 168)
DUST_GRAIN = ((176, 166, 150), (214, 206, 190), (160, 150, 136))
ROCK_EDGE = (52, 46, 42)


def _cell_art(width: int, height: int, base: tuple[int, int, int]) -> pygame.Surface:
    """One clean solar cell: a dark-blue gradient, two bus bars, fine fingers across."""
    cell = pygame.Surface((width, height))
    top, bottom = shade(base, 1.25), shade(base, 0.8)
    for y in range(height):
        k = y / max(1, height - 1)
        cell.fill(tuple(int(a + (b - a) * k) for a, b in zip(top, bottom)), pygame.Rect(0, y, width, 1))
    for y in range(2, height, 4):
        pygame.draw.line(cell, shade(base, 1.5), (0, y), (width, y))
    for x in (width // 3, 2 * width // 3):
        pygame.draw.line(cell, BUS_BAR, (x, 0), (x, height), max(1, width // 40))
    return cell


@lru_cache(maxsize=256)
def _dust_art(width: int, height: int, seed: int) -> pygame.Surface:
    """A cell's worth of dust: powder with darker and lighter grains (seeded: the same each time)."""
    dust = pygame.Surface((width, height))
    dust.fill(DUST)
    rng = random.Random(seed)
    for _ in range(width * height // 7):
        dust.set_at((rng.randrange(width), rng.randrange(height)), rng.choice(DUST_GRAIN))
    return dust


class PanelArt:
    """One panel's picture, remade when its dust changes."""

    def __init__(self, panel: Panel, scale: float) -> None:
        self.panel = panel
        self.scale = scale
        columns, rows = panel.cells
        self.size = (max(2, round(panel.size[0] * scale)), max(2, round(panel.size[1] * scale)))
        self.edges_x = [round(c * self.size[0] / columns) for c in range(columns + 1)]
        self.edges_y = [round(r * self.size[1] / rows) for r in range(rows + 1)]
        self.clean = pygame.Surface(self.size)
        self.clean.fill(FRAME)
        blue = rgb(panel.color)
        self._dust: dict[tuple[int, int], pygame.Surface] = {}
        for row in range(rows):
            for column in range(columns):
                cell = self._cell_rect(column, row)
                if cell.width > 2 and cell.height > 2:
                    inner = cell.inflate(-2, -2)
                    self.clean.blit(_cell_art(inner.width, inner.height, blue), inner.topleft)
                # Copied: each cell sets its own see-through share.
                self._dust[(column, row)] = _dust_art(cell.width, cell.height, seed=(column * 31 + row * 7) % 5).copy()
        pygame.draw.rect(self.clean, FRAME_DARK, self.clean.get_rect(), 1)
        self._shown: tuple | None = None
        self._picture = self.clean

    def _cell_rect(self, column: int, row: int) -> pygame.Rect:
        # Row 0 is the panel's south row: at the bottom of its picture.
        rows = len(self.edges_y) - 1
        top = self.edges_y[rows - row - 1]
        bottom = self.edges_y[rows - row]
        return pygame.Rect(self.edges_x[column], top, self.edges_x[column + 1] - self.edges_x[column], bottom - top)

    def picture(self, amounts: list[list[float]]) -> pygame.Surface:
        """The panel with ``amounts`` of dust per cell (rows from the south), turned as it lies."""
        key = tuple(tuple(round(a, 2) for a in row) for row in amounts)
        if key == self._shown:
            return self._picture
        picture = self.clean.copy()
        for row, values in enumerate(amounts):
            for column, amount in enumerate(values):
                if amount <= 0.0:
                    continue
                dust = self._dust[(column, row)]
                # Even a full cell lets the cell's lines show faintly, so a pupil sees what is underneath.
                dust.set_alpha(int(40 + 190 * min(1.0, amount)))
                picture.blit(dust, self._cell_rect(column, row).topleft)
        if self.panel.angle % 360:
            # The corners a turn adds are filled with the colour key, so they stay see-through.
            picture.set_colorkey(PADDING)
            picture = pygame.transform.rotate(picture, -self.panel.angle)
        self._shown, self._picture = key, picture
        return picture

    def draw(self, surface: pygame.Surface, amounts: list[list[float]], px: Px) -> None:
        picture = self.picture(amounts)
        center = px(*self.panel.rect.center)
        surface.blit(picture, picture.get_rect(center=center))


def rock_sprite(seed: int, radius_px: float, color: tuple[int, int, int]) -> pygame.Surface:
    """A pebble seen from above: a lumpy outline, lit from the north-west, with a shadow.

    Drawn four times larger and scaled down, so even a 4-pixel rock has soft edges."""
    k = 4
    r = radius_px * k
    side = int(r * 2 + 4 * k)
    big = pygame.Surface((side, side), pygame.SRCALPHA)
    rng = random.Random(seed)
    corners = 8
    outline = []
    for i in range(corners):
        a = 2 * math.pi * (i + rng.uniform(-0.25, 0.25)) / corners
        d = r * rng.uniform(0.78, 1.05)
        outline.append((side / 2 + math.cos(a) * d, side / 2 + math.sin(a) * d))
    shadow = [(x + k * 1.5, y + k * 1.5) for x, y in outline]
    pygame.draw.polygon(big, (0, 0, 0, 90), shadow)
    pygame.draw.polygon(big, (*color, 255), outline)
    light = [(side / 2 + (x - side / 2) * 0.55 - r * 0.18, side / 2 + (y - side / 2) * 0.55 - r * 0.18)
             for x, y in outline]
    pygame.draw.polygon(big, (*shade(color, 1.3), 255), light)
    pygame.draw.polygon(big, (*ROCK_EDGE, 255), outline, max(1, k))
    return pygame.transform.smoothscale(big, (side // k, side // k))


class Rocks:
    """Sprites for the pebbles: a few shapes, reused by pebble number."""

    SHAPES = 8

    def __init__(self, radius_px: float, color: tuple[int, int, int]) -> None:
        self.sprites = [rock_sprite(seed, radius_px, color) for seed in range(self.SHAPES)]

    def draw(self, surface: pygame.Surface, pebbles: list[tuple[float, float]], px: Px) -> None:
        for index, (x, y) in enumerate(pebbles):
            sprite = self.sprites[index % self.SHAPES]
            surface.blit(sprite, sprite.get_rect(center=px(x, y)))
