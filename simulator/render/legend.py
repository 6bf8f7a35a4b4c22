"""A small legend for pictures of the field: a swatch of each thing on it, named in the reader's language.

Each swatch is drawn with the same art as the field, so the legend shows
exactly what the picture shows.
"""

from __future__ import annotations

import pygame

from brickclass.language import t
from brickclass.simulator.missions.model import Mission
from brickclass.simulator.render.ground import STRIPE_DARK, STRIPE_LIGHT, crater_at, paint_lander, rgb
from brickclass.simulator.render.panels import _cell_art, _dust_art, rock_sprite

SWATCH = (30, 18)
# In the order a pupil meets them on the moon.
ITEMS = ("panel", "dust", "pebble", "crater", "lander", "base", "guide", "path", "rover")


def legend_items(mission: Mission) -> list[str]:
    """The things this mission's field has (a legend names only what the picture shows)."""
    spec = mission.field
    present = {
        "panel": bool(spec.panels),
        "dust": any(panel.dust > 0 for panel in spec.panels),
        "pebble": spec.pebbles is not None and spec.pebbles.total > 0,
        "crater": bool(spec.craters),
        "lander": any(obstacle.look == "lander" for obstacle in spec.obstacles),
        "base": any(region.tag == "base" for region in spec.regions),
        "guide": any(region.shape.kind == "line" for region in spec.regions),
        "path": True,
        "rover": True,
    }
    return [item for item in ITEMS if present[item]]


def swatch(item: str, mission: Mission) -> pygame.Surface:
    w, h = SWATCH
    mat = rgb(mission.field.mat)
    surface = pygame.Surface(SWATCH)
    surface.fill(mat)  # the things lie on the mat, as in the picture
    if item == "panel":
        color = rgb(mission.field.panels[0].color) if mission.field.panels else (20, 40, 90)
        surface.fill((186, 190, 198))
        surface.blit(_cell_art(w - 2, h - 2, color), (1, 1))
    elif item == "dust":
        surface.blit(_dust_art(w, h, seed=3), (0, 0))
    elif item == "pebble":
        for k, x in enumerate((8, 20)):
            rock = rock_sprite(k, 5, rgb(mission.field.pebbles.color) if mission.field.pebbles else (140, 130, 120))
            surface.blit(rock, rock.get_rect(center=(x, h // 2)))
    elif item == "crater":
        crater_at(surface, (w // 2, h // 2), h // 2 - 3, mat)
    elif item == "lander":
        paint_lander(surface, (w // 2, h // 2), h // 2 + 1)
    elif item == "base":
        surface.fill(STRIPE_LIGHT)
        for x in range(-h, w, 8):
            pygame.draw.polygon(surface, STRIPE_DARK, [(x, h), (x + 4, h), (x + 4 + h, 0), (x + h, 0)])
        pygame.draw.rect(surface, (216, 194, 122), pygame.Rect(5, 4, w - 10, h - 8))
    elif item == "guide":
        pygame.draw.line(surface, (20, 20, 20), (0, h // 2), (w, h // 2), 6)
    elif item == "path":
        pygame.draw.line(surface, (230, 120, 30), (0, h // 2), (w, h // 2), 2)
    elif item == "rover":
        body = pygame.Rect(4, 2, w - 8, h - 4)
        pygame.draw.rect(surface, (238, 238, 242), body)
        pygame.draw.rect(surface, (40, 40, 46), body, 1)
        for y in (1, h - 4):
            pygame.draw.rect(surface, (28, 28, 30), pygame.Rect(w // 2 - 5, y, 10, 3))
    return surface


def draw_legend(surface: pygame.Surface, mission: Mission, x: int, y: int, font: pygame.font.Font,
                color: tuple[int, int, int], lang: str | None = None) -> int:
    """The legend in two columns from (x, y); returns the y below it."""
    items = legend_items(mission)
    column_w = 180
    row_h = max(SWATCH[1] + 6, font.get_linesize() + 4)
    for index, item in enumerate(items):
        cx = x + (index % 2) * column_w
        cy = y + (index // 2) * row_h
        surface.blit(swatch(item, mission), (cx, cy))
        label = font.render(t(f"sim.legend.{item}", lang), True, color)
        surface.blit(label, (cx + SWATCH[0] + 8, cy + (SWATCH[1] - label.get_height()) // 2))
    return y + ((len(items) + 1) // 2) * row_h
