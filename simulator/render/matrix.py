"""The hub's 5×5 light matrix drawn as it looks on a SPIKE Prime hub.

A dark face with a grid of square pixels: a pixel that is off is a dark
square, a lit one glows warm white, brighter the higher its brightness. The
same drawing serves the side panel (upright, in a square on screen), the hub
on the desk and the hub on top of the rover (turned with the robot).
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

FACE = (16, 16, 19)  # the matrix's dark face
UNLIT = (44, 44, 50)  # a pixel that is off
LIT = (255, 240, 208)  # warm white, full brightness
GLOW = (255, 214, 150)  # the soft halo round a lit pixel (panel size only)
# Layout in shares of one pixel: the gap between pixels and the face's margin.
GAP = 0.3
MARGIN = 0.45
SPAN = 5 + 4 * GAP + 2 * MARGIN  # the face's side, in pixels
# A small turned matrix is drawn this many times larger, then scaled down.
_SUPERSAMPLE = 4

Grid = Sequence[Sequence[int]]

# How fast each colour channel (red, green, blue) rises with brightness: red
# first, so a dim pixel glows amber as a dimmed LED does, never grey.
_RISE = (0.6, 0.75, 1.0)


def pixel_color(brightness: int) -> tuple[int, int, int]:
    """The colour of a pixel at ``brightness`` (0..100): dark grey up to warm white."""
    share = max(0, min(100, brightness)) / 100.0
    return tuple(int(round(unlit + (lit - unlit) * share ** rise))  # type: ignore[return-value]
                 for unlit, lit, rise in zip(UNLIT, LIT, _RISE))


def _pixel_box(row: int, column: int) -> tuple[float, float, float, float]:
    """A pixel's square on the face: left, top, right, bottom in shares of the face."""
    left = (MARGIN + column * (1 + GAP)) / SPAN
    top = (MARGIN + row * (1 + GAP)) / SPAN
    return left, top, left + 1 / SPAN, top + 1 / SPAN


def draw_matrix(surface: pygame.Surface, grid: Grid, rect: pygame.Rect, halo: bool = True) -> None:
    """Draw ``grid`` upright in the square ``rect`` (the side panel, the desk hub)."""
    side = min(rect.width, rect.height)
    face = pygame.Rect(0, 0, side, side)
    face.center = rect.center
    pygame.draw.rect(surface, FACE, face, border_radius=max(2, side // 14))
    glow = pygame.Surface(face.size, pygame.SRCALPHA) if halo and side >= 60 else None
    boxes = []
    for row in range(5):
        for column in range(5):
            left, top, right, bottom = _pixel_box(row, column)
            box = pygame.Rect(face.left + round(left * side), face.top + round(top * side), 0, 0)
            box.width = face.left + round(right * side) - box.left
            box.height = face.top + round(bottom * side) - box.top
            brightness = grid[row][column]
            boxes.append((box, brightness))
            if glow is not None and brightness > 0:
                spread = max(2, box.width // 6)
                around = box.move(-face.left, -face.top).inflate(2 * spread, 2 * spread)
                pygame.draw.rect(glow, (*GLOW, int(40 * brightness / 100)), around, border_radius=spread)
    if glow is not None:
        surface.blit(glow, face.topleft)
    for box, brightness in boxes:
        pygame.draw.rect(surface, pixel_color(brightness), box, border_radius=max(0, box.width // 8))


def draw_matrix_turned(surface: pygame.Surface, grid: Grid, center: tuple[int, int], side_px: float,
                       clockwise_deg: float) -> None:
    """Draw ``grid`` ``side_px`` wide round ``center``, its top turned ``clockwise_deg``
    from straight up (the hub lying on a robot that drives about). Drawn large and
    scaled down, so even a small matrix keeps its grid and turns smoothly."""
    big = max(8, round(side_px)) * _SUPERSAMPLE
    face = pygame.Surface((big, big), pygame.SRCALPHA)
    draw_matrix(face, grid, face.get_rect(), halo=False)
    square = round(clockwise_deg / 90.0) * 90.0
    if abs(clockwise_deg - square) < 1.5:
        # A robot driving along the table is a hair off square: draw it square,
        # crisp, rather than with stair-stepped edges.
        clockwise_deg = square
    shown = pygame.transform.rotozoom(face, -clockwise_deg, 1 / _SUPERSAMPLE)
    surface.blit(shown, shown.get_rect(center=center))


HUB_BODY = (234, 234, 238)
HUB_EDGE = (150, 150, 158)
BUTTON_OFF = (200, 200, 205)
# The hub's face in the side panel: width, height in pixels.
HUB_FACE_PX = (112, 146)


def draw_hub_face(surface: pygame.Surface, grid: Grid, light: tuple[int, int, int] | None,
                  top_right: tuple[int, int]) -> pygame.Rect:
    """The top of the hub as a pupil sees it on the table: the light matrix and,
    below it, the button lit in the status light's colour. Returns the area drawn."""
    width, height = HUB_FACE_PX
    body = pygame.Rect(top_right[0] - width, top_right[1], width, height)
    pygame.draw.rect(surface, HUB_BODY, body, border_radius=14)
    pygame.draw.rect(surface, HUB_EDGE, body, 1, border_radius=14)
    pad = 8
    draw_matrix(surface, grid, pygame.Rect(body.left + pad, body.top + pad, width - 2 * pad, width - 2 * pad))
    centre = (body.centerx, body.top + width + (height - width) // 2 - 1)
    radius = (height - width) // 2 - 5
    pygame.draw.circle(surface, light if light is not None else BUTTON_OFF, centre, radius)
    pygame.draw.circle(surface, HUB_EDGE, centre, radius, 1)
    return body
