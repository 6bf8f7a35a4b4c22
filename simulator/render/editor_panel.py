"""The field editor's side panel: tools, what is chosen, time and points, the name, messages, keys.

Drawn fresh each frame from the editor's state; returns the buttons it drew,
so a click on the panel finds what it meant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pygame

from brickclass.language import current_language, t
from brickclass.simulator.missions.design import THINGS
from brickclass.simulator.render.text import DIM, ERROR, TEXT, WARN, Column

PANEL_WIDTH = 420
GOOD = (130, 220, 140)
ACTIVE = (70, 90, 150)
BUTTON = (58, 62, 74)
BUTTON_EDGE = (110, 116, 132)


@dataclass
class Button:
    rect: pygame.Rect
    action: Callable[[], None]


def _button(surface: pygame.Surface, font: Any, label: str, x: int, y: int, width: int,
            active: bool = False) -> pygame.Rect:
    rect = pygame.Rect(x, y, width, font.get_linesize() + 4)
    pygame.draw.rect(surface, ACTIVE if active else BUTTON, rect, border_radius=4)
    pygame.draw.rect(surface, BUTTON_EDGE, rect, 1, border_radius=4)
    text = font.render(label, True, TEXT)
    surface.blit(text, text.get_rect(midleft=(rect.left + 6, rect.centery)))
    return rect


def _stepper(surface: pygame.Surface, font: Any, label: str, x: int, y: int, width: int,
             lower: Callable[[], None], raise_: Callable[[], None]) -> tuple[int, list[Button]]:
    """``label  [−] [+]`` on one row; returns the y below and the two buttons."""
    side = font.get_linesize() + 4
    plus = pygame.Rect(x + width - side, y, side, side)
    minus = pygame.Rect(plus.left - side - 4, y, side, side)
    for rect, sign in ((minus, "−"), (plus, "+")):
        pygame.draw.rect(surface, BUTTON, rect, border_radius=4)
        pygame.draw.rect(surface, BUTTON_EDGE, rect, 1, border_radius=4)
        mark = font.render(sign, True, TEXT)
        surface.blit(mark, mark.get_rect(center=rect.center))
    text = font.render(label, True, DIM)
    surface.blit(text, (x, y + 2))
    return y + side + 3, [Button(minus, lower), Button(plus, raise_)]


def _chosen(editor: Any) -> list[str]:
    ref = editor.selected
    if ref is None:
        return [t("field.editor.nothing")]
    design = editor.design
    if ref not in design.things():
        return [t("field.editor.nothing")]
    item = design.item(ref)
    lines = [t("field.editor.selected", thing=t(f"field.thing.{ref.thing}"))]
    if ref.thing == "panel":
        columns, rows = item.get("cells", [4, 2])
        lines.append(t("field.editor.panel_cells", columns=columns, rows=rows))
    return lines


def draw_panel(editor: Any, surface: pygame.Surface, left: int) -> list[Button]:
    font = pygame.font.Font(None, 22)
    big = pygame.font.Font(None, 30)
    width = PANEL_WIDTH - 28
    x = left + 14
    column = Column(surface, x, 12, width)
    buttons: list[Button] = []
    design = editor.design
    column.line(t("field.editor.title", file=editor.path.name), big)
    # The name: click it (or press N) to type a new one.
    lang = current_language()
    title = design.data.get("title", {}).get(lang, "")
    if editor.typing is not None:
        column.line(t("field.editor.typing"), font, WARN)
        rect = _button(surface, font, editor.typing + "_", x, column.y, width, active=True)
    else:
        rect = _button(surface, font, t("field.editor.name", name=title), x, column.y, width)

    def start_typing() -> None:
        editor.typing = ""

    buttons.append(Button(rect, start_typing))
    column.y = rect.bottom + 8
    column.line(t("field.editor.tools"), font, TEXT)
    tool_w = (width - 6) // 2
    for index, thing in enumerate(THINGS):
        bx = x + (index % 2) * (tool_w + 6)
        by = column.y + (index // 2) * (font.get_linesize() + 8)
        rect = _button(surface, font, f"{index + 1}  {t(f'field.thing.{thing}')}", bx, by, tool_w,
                       active=editor.tool == thing)

        def choose(thing: str = thing) -> None:
            editor.tool = thing
            editor.selected = None

        buttons.append(Button(rect, choose))
    column.y += ((len(THINGS) + 1) // 2) * (font.get_linesize() + 8) + 4
    column.line(t("field.editor.select"), font, DIM)
    column.gap(4)
    for line in _chosen(editor):
        column.line(line, font, TEXT)
    ref = editor.selected
    if ref is not None and ref.thing == "pebbles" and ref in design.things():
        count = int(design.item(ref).get("count", 6))
        column.y, pair = _stepper(surface, font, t("field.editor.pebble_count", count=count), x, column.y, width,
                                  lambda: design.set_count(ref, -1), lambda: design.set_count(ref, 1))
        buttons += pair
    column.gap(8)
    column.line(t("field.editor.settings"), font, TEXT)
    seconds = int(design.data.get("time_limit_s", 150))
    column.y, pair = _stepper(surface, font, t("field.editor.time_limit", seconds=seconds), x, column.y, width,
                              lambda: design.set_time_limit(-10), lambda: design.set_time_limit(10))
    buttons += pair
    for item in design.data.get("scoring", {}).get("items", []):
        label = item.get("label", {}).get(lang, item.get("id", ""))
        item_id = str(item.get("id"))
        column.y, pair = _stepper(surface, font, f"{int(item.get('points', 0)):+d}  {label}", x, column.y, width,
                                  partial(design.set_points, item_id, -1), partial(design.set_points, item_id, 1))
        buttons += pair
    column.gap(8)
    # What happened last, and whether the field is saved.
    text, how = editor.message
    if text:
        column.line(text, font, {"good": GOOD, "bad": ERROR}.get(how, DIM))
    if editor.problem is not None:
        column.line(editor.problem.describe(lang), font, ERROR)
    elif design.dirty and how != "bad":
        column.line(t("field.editor.not_saved"), font, WARN)
    # The keys, at the bottom.
    from brickclass.simulator.render.text import wrap

    lines = wrap(t("field.editor.help"), font, width)
    y = surface.get_height() - 8 - len(lines) * font.get_linesize()
    for line in lines:
        surface.blit(font.render(line, True, DIM), (x, y))
        y += font.get_linesize()
    return buttons
