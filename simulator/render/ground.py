"""What never moves on the field, drawn once: the mat (a colour with a little
regolith grain, or the printed picture), craters, the base, printed lines and
zones, and what stands on the table (the lander, walls, blocks, rocks).

Light falls from the north-west, as in most maps: rims and tops are lighter
on that side, shadows fall to the south-east. Sizes are field millimetres
times the painter's scale, so the window, replays and pictures look alike.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from functools import lru_cache

import pygame

from brickclass.simulator.missions.model import Crater, Field, Obstacle, Region, Shape

Px = Callable[[float, float], tuple[int, int]]
Color = tuple[int, int, int]

INK = (30, 30, 34)
STRIPE_DARK = (40, 40, 40)
STRIPE_LIGHT = (240, 200, 40)
GOLD_FOIL = (214, 170, 52)
GOLD_DARK = (140, 104, 24)
LANDER_TOP = (236, 236, 240)
WALL = (118, 106, 94)


def rgb(color: tuple[float, float, float]) -> Color:
    return tuple(max(0, min(255, int(round(c * 255)))) for c in color)  # type: ignore[return-value]


def shade(color: Color, factor: float) -> Color:
    return tuple(max(0, min(255, int(c * factor))) for c in color)  # type: ignore[return-value]


def paint_mat(surface: pygame.Surface, area: pygame.Rect, spec: Field) -> None:
    """The bare mat: the floor picture stretched over the field, or its colour with a fine grain."""
    if spec.floor is not None:
        picture = pygame.image.load(spec.floor.path).convert() if pygame.display.get_surface() else \
            pygame.image.load(spec.floor.path)
        surface.blit(pygame.transform.smoothscale(picture, area.size), area.topleft)
        return
    tile = _grain(rgb(spec.mat))
    clip = surface.get_clip()
    surface.set_clip(area)
    for x in range(area.left, area.right, GRAIN_TILE):
        for y in range(area.top, area.bottom, GRAIN_TILE):
            surface.blit(tile, (x, y))
    surface.set_clip(clip)


GRAIN_TILE = 160


@lru_cache(maxsize=8)
def _grain(base: Color) -> pygame.Surface:
    """Regolith grain: a seeded sprinkle of slightly lighter and darker specks (the same
    every time), faint enough that the mat's colour is what the eye reads."""
    tile = pygame.Surface((GRAIN_TILE, GRAIN_TILE))
    tile.fill(base)
    rng = random.Random(7)
    tones = [shade(base, k) for k in (0.93, 0.95, 1.05, 1.07)]
    for _ in range(GRAIN_TILE * GRAIN_TILE // 60):
        tile.set_at((rng.randrange(GRAIN_TILE), rng.randrange(GRAIN_TILE)), rng.choice(tones))
    return tile


def paint_crater(surface: pygame.Surface, crater: Crater, mat: Color, scale: float, px: Px) -> None:
    crater_at(surface, px(*crater.center), max(3, int(crater.radius * scale)), mat)


def crater_at(surface: pygame.Surface, center: tuple[int, int], r: int, mat: Color) -> None:
    """A bowl with a raised rim, lit from the north-west: dark inside near side, lit far side."""
    cx, cy = center
    rim = max(2, r // 8)
    pygame.draw.circle(surface, shade(mat, 1.14), (cx - 1, cy - 1), r + rim)
    pygame.draw.circle(surface, shade(mat, 0.9), (cx + 1, cy + 1), r + rim - 1, max(1, r // 10))
    pygame.draw.circle(surface, shade(mat, 0.62), (cx, cy), r)
    lit = int(r * 0.78)
    pygame.draw.circle(surface, shade(mat, 0.82), (cx + r - lit - 1, cy + r - lit - 1), lit)
    pygame.draw.circle(surface, shade(mat, 0.5), (cx, cy), r, 1)


def paint_region(surface: pygame.Surface, region: Region, scale: float, px: Px,
                 font: pygame.font.Font | None, lang: str) -> None:
    color = rgb(region.color)
    draw_shape(surface, region.shape, color, scale, px)
    if region.tag == "base":
        _hazard_edge(surface, region.shape, scale, px)
    if region.label is not None and font is not None and region.shape.kind != "line":
        # The name near the top, where the robot standing in the middle leaves it readable.
        text = font.render(region.label.get(lang).upper(), True, shade(color, 0.5))
        x0, y0, x1, y1 = region.shape.bounds()
        left, top = px(x0, y1)
        right, bottom = px(x1, y0)
        band = max(3, int(22 * 1.4 * scale)) if region.tag == "base" else 2
        surface.blit(text, text.get_rect(midtop=((left + right) // 2, top + band + 2)))


def _hazard_edge(surface: pygame.Surface, shape: Shape, scale: float, px: Px) -> None:
    """A landing pad's striped edge, yellow and black, inside the pad's outline."""
    if shape.kind in ("circle", "line"):
        return
    band_mm = 22.0
    size = surface.get_size()
    band = pygame.Surface(size, pygame.SRCALPHA)
    draw_shape(band, shape, (255, 255, 255, 255), scale, px)  # type: ignore[arg-type]
    draw_shape(band, _inset(shape, band_mm * 1.4), (0, 0, 0, 0), scale, px)  # type: ignore[arg-type]
    stripes = pygame.Surface(size, pygame.SRCALPHA)
    stripes.fill((*STRIPE_LIGHT, 255))
    width = max(3, int(band_mm * scale))
    height = size[1]
    for x in range(-height, size[0], width * 2):
        pygame.draw.polygon(stripes, (*STRIPE_DARK, 255), [(x, height), (x + width, height), (x + width + height, 0),
                                                          (x + height, 0)])
    stripes.blit(band, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    surface.blit(stripes, (0, 0))


def draw_shape(surface: pygame.Surface, shape: Shape, color: Color, scale: float, px: Px, outline: int = 0) -> None:
    if shape.kind == "circle":
        pygame.draw.circle(surface, color, px(*shape.center), max(1, int(shape.radius * scale)), outline)
    elif shape.kind == "line":
        points = [px(*p) for p in shape.points]
        width = max(1, int(shape.width * scale))
        pygame.draw.lines(surface, color, False, points, width)
        for point in points:  # round joints, so a bent line has no notches
            pygame.draw.circle(surface, color, point, width // 2)
    else:
        pygame.draw.polygon(surface, color, [px(*p) for p in shape.points], outline)


def paint_obstacle(surface: pygame.Surface, obstacle: Obstacle, scale: float, px: Px) -> None:
    shape = obstacle.shape
    if obstacle.look == "lander" and shape.kind == "circle":
        paint_lander(surface, px(*shape.center), max(6, int(shape.radius * scale)))
        return
    # A shadow to the south-east, longer for a taller thing.
    shadow = max(2, int(obstacle.height_mm * scale * 0.08))
    shifted: Px = lambda x, y: (px(x, y)[0] + shadow, px(x, y)[1] + shadow)  # noqa: E731
    shadow_layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    draw_shape(shadow_layer, shape, (0, 0, 0), scale, shifted)
    shadow_layer.set_alpha(70)
    surface.blit(shadow_layer, (0, 0))
    color = rgb(obstacle.color) if obstacle.look != "wall" else WALL
    draw_shape(surface, shape, color, scale, px)
    if obstacle.look == "rock":
        draw_shape(surface, shape, shade(color, 0.6), scale, px, outline=2)
        return
    # The top face, inset and lighter: a thing that stands up off the mat.
    inset = _inset(shape, 8 / max(scale, 1e-6) * 0.5)
    draw_shape(surface, inset, shade(color, 1.12), scale, px)
    draw_shape(surface, shape, shade(color, 0.55), scale, px, outline=2)


def _inset(shape: Shape, mm: float) -> Shape:
    if shape.kind == "circle":
        return Shape("circle", center=shape.center, radius=max(1.0, shape.radius - mm))
    cx = sum(p[0] for p in shape.points) / len(shape.points)
    cy = sum(p[1] for p in shape.points) / len(shape.points)
    points = []
    for x, y in shape.points:
        d = math.hypot(x - cx, y - cy) or 1.0
        k = max(0.0, (d - mm) / d)
        points.append((cx + (x - cx) * k, cy + (y - cy) * k))
    return Shape("polygon", tuple(points))


def paint_lander(surface: pygame.Surface, center: tuple[int, int], r: int) -> None:
    """A moon lander seen from above: four legs with foot pads, a gold-foil body, a hatch and a dish."""
    cx, cy = center
    leg = max(1, r // 12)
    shadow = pygame.Surface((2 * r, 2 * r), pygame.SRCALPHA)
    pygame.draw.circle(shadow, (0, 0, 0, 60), (r, r), int(r * 0.7))
    surface.blit(shadow, (cx - r + r // 8, cy - r + r // 8))
    for k in range(4):
        a = math.radians(45 + 90 * k)
        foot = (cx + int(math.cos(a) * r * 0.92), cy + int(math.sin(a) * r * 0.92))
        pygame.draw.line(surface, (120, 120, 128), center, foot, max(2, leg * 2))
        pygame.draw.circle(surface, (190, 190, 198), foot, max(2, r // 7))
        pygame.draw.circle(surface, INK, foot, max(2, r // 7), 1)
    body = [(cx + math.cos(math.radians(22.5 + 45 * k)) * r * 0.62,
             cy + math.sin(math.radians(22.5 + 45 * k)) * r * 0.62) for k in range(8)]
    pygame.draw.polygon(surface, GOLD_FOIL, body)
    # Crinkles in the foil.
    for k in range(0, 8, 2):
        pygame.draw.line(surface, GOLD_DARK, center, body[k], 1)
    pygame.draw.polygon(surface, GOLD_DARK, body, 2)
    pygame.draw.circle(surface, LANDER_TOP, center, max(3, int(r * 0.3)))
    pygame.draw.circle(surface, INK, center, max(3, int(r * 0.3)), 1)
    dish = (cx - int(r * 0.32), cy - int(r * 0.32))
    pygame.draw.circle(surface, (250, 250, 250), dish, max(2, r // 6))
    pygame.draw.circle(surface, INK, dish, max(2, r // 6), 1)
    pygame.draw.line(surface, INK, dish, (dish[0] - r // 10, dish[1] - r // 10), 1)
