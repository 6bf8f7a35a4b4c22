"""Text on the side panels (window, replay, picture, editor): wrapping, cutting, stars."""

from __future__ import annotations

import math
from typing import Any

import pygame

BACKGROUND = (28, 30, 36)
TEXT = (225, 228, 235)
DIM = (150, 155, 165)
WARN = (250, 200, 80)
ERROR = (250, 120, 100)
STAR = (250, 200, 60)
STAR_EMPTY = (80, 82, 92)


def wrap(text: str, font: Any, width: int) -> list[str]:
    """Split ``text`` at spaces into lines no wider than ``width`` pixels (a long word keeps its line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and font.size(candidate)[0] > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def fit(text: str, font: Any, width: int) -> str:
    """``text`` cut with an ellipsis to fit ``width`` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"


def draw_stars(surface: pygame.Surface, earned: int, x: int, y: int, size: int = 22, of: int = 3) -> int:
    """``of`` five-pointed stars from (x, y), the first ``earned`` gold; returns the x after them.

    Drawn, not typed: the window's font has no star character."""
    for k in range(of):
        cx, cy = x + k * (size + 4) + size // 2, y + size // 2
        points = []
        for corner in range(10):
            r = size / 2 if corner % 2 == 0 else size / 5
            a = math.radians(-90 + corner * 36)
            points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        pygame.draw.polygon(surface, STAR if k < earned else STAR_EMPTY, points)
    return x + of * (size + 4)


class Column:
    """Lines of text down a panel, wrapped to its width."""

    def __init__(self, surface: pygame.Surface, x: int, y: int, width: int) -> None:
        self.surface = surface
        self.x = x
        self.y = y
        self.width = width

    def line(self, text: str, font: Any, color: tuple[int, int, int] = TEXT, *, cut: bool = False) -> int:
        lines = [fit(text, font, self.width)] if cut else wrap(text, font, self.width)
        for line in lines:
            self.surface.blit(font.render(line, True, color), (self.x, self.y))
            self.y += font.get_linesize()
        return self.y

    def gap(self, pixels: int) -> None:
        self.y += pixels
