"""The field editor: a pupil's moon drawn as the run will see it, changed with the mouse and keys.

An edge like the window: it turns clicks and keys into steps of a
``FieldDesign`` (``simulator/missions/design.py``), which holds the field as
mission-file data with undo, checks it as a run would load it and saves it
without ever losing the file that was there. The picture is the same painter
the window uses, so what a pupil places is what their rover will meet.
The side panel (``editor_panel.py``) has the tools, the time and points, the
name, what went wrong in the pupil's language, and the keys.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pygame

from brickclass.language import OsReason, t
from brickclass.robots.models import RobotSpec
from brickclass.simulator.field import scatter_pebbles
from brickclass.simulator.missions.design import THINGS, FieldDesign, Ref, snap
from brickclass.simulator.missions.errors import MissionFileError
from brickclass.simulator.missions.model import Mission
from brickclass.simulator.render.draw import FieldPainter, Scene2D
from brickclass.simulator.render.editor_panel import PANEL_WIDTH, Button, draw_panel
from brickclass.simulator.render.text import BACKGROUND

SCALE = 0.5
FPS = 60
SELECTED = (255, 214, 40)
HANDLE = (255, 255, 255)
AREA_EDGE = (90, 70, 50)
TURN_DEG = 15.0
NUDGE_MM = 10.0
DRAG_GRID_MM = 5.0


class Editor:
    def __init__(self, design: FieldDesign, path: Path, robot: RobotSpec) -> None:
        pygame.init()
        self.design = design
        self.path = Path(path)
        self.robot = robot
        self.tool: str | None = None
        self.selected: Ref | None = None
        self.closed = False
        self.typing: str | None = None  # the name being typed, while typing
        self.message: tuple[str, str] = ("", "dim")  # text, and how to show it (dim, good, bad)
        self.problem: MissionFileError | None = None
        self.buttons: list[Button] = []
        # While dragging: what, where the mouse went down, which point of a line (or None),
        # and where the thing's middle was then.
        self._drag: tuple[Ref, tuple[float, float], int | None, tuple[float, float]] | None = None
        self._dragged = False
        self._warned_unsaved = False
        self.mission: Mission | None = None
        self.painter: FieldPainter | None = None
        self._stale = True
        self._refresh()
        assert self.painter is not None, "a field that does not load is not opened (load_design checks it)"
        width, height = self.painter.size
        self.canvas: pygame.Surface = pygame.Surface((width + PANEL_WIDTH, max(height, 760)))
        self.display: pygame.Surface = pygame.display.set_mode(self.canvas.get_size(), pygame.RESIZABLE)
        pygame.display.set_caption(t("field.editor.title", file=self.path.name))
        pygame.key.set_repeat(350, 60)

    # --- the field as the run will see it -------------------------------------------------

    def _refresh(self) -> None:
        """Check the design and repaint it (a broken design keeps the last good picture)."""
        self._stale = False
        try:
            mission = self.design.check(self.path)
        except MissionFileError as exc:
            self.problem = exc
            return
        self.problem = None
        if self.mission is None or mission.field != self.mission.field:
            self.painter = FieldPainter(mission, self.robot, SCALE)
        self.mission = mission

    def scene(self) -> Scene2D:
        assert self.mission is not None
        spec = self.mission.field
        return Scene2D(pose=self.mission.start, arm_deg=90.0, brush_down=False,
                       pebbles=[(x, y) for x, y, _ in scatter_pebbles(spec, 0)],
                       dust=[[[panel.dust] * panel.cells[0] for _ in range(panel.cells[1])] for panel in spec.panels])

    def to_mm(self, pos: tuple[int, int]) -> tuple[float, float]:
        """A point of the canvas in field millimetres (x east, y north)."""
        assert self.painter is not None
        from brickclass.simulator.render.draw import WALL_PX

        height = self.design.size[1]
        return ((pos[0] - WALL_PX) / SCALE, height - (pos[1] - WALL_PX) / SCALE)

    def _canvas_pos(self, pos: tuple[int, int]) -> tuple[int, int]:
        """The display may be resized: map its pixels back to the canvas."""
        dw, dh = self.display.get_size()
        cw, ch = self.canvas.get_size()
        return (int(pos[0] * cw / max(1, dw)), int(pos[1] * ch / max(1, dh)))

    def _on_field(self, pos: tuple[int, int]) -> bool:
        assert self.painter is not None
        return pos[0] < self.painter.size[0] and pos[1] < self.painter.size[1]

    # --- input -------------------------------------------------------------------------------

    def step(self) -> None:
        """Handle what has happened since the last frame and draw the next one."""
        for event in pygame.event.get():
            self.handle(event)
        self.draw()

    def run(self) -> None:
        clock = pygame.time.Clock()
        while not self.closed:
            self.step()
            clock.tick(FPS)

    def handle(self, event: Any) -> None:
        if event.type == pygame.QUIT:
            self._close()
        elif event.type == pygame.VIDEORESIZE:
            self.display = pygame.display.set_mode(event.size, pygame.RESIZABLE)
        elif event.type == pygame.TEXTINPUT and self.typing is not None:
            self.typing = (self.typing + event.text)[:60]
        elif event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._press(self._canvas_pos(event.pos))
        elif event.type == pygame.MOUSEMOTION and self._drag is not None:
            self._move(self._canvas_pos(event.pos))
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self._drag = None

    def _key(self, event: Any) -> None:
        key, mods = event.key, event.mod
        ctrl = bool(mods & (pygame.KMOD_CTRL | pygame.KMOD_META))
        shift = bool(mods & pygame.KMOD_SHIFT)
        if self.typing is not None:
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.design.set_name(self.typing)
                self.typing = None
                self._changed()
            elif key == pygame.K_ESCAPE:
                self.typing = None
            elif key == pygame.K_BACKSPACE:
                self.typing = self.typing[:-1]
            return
        if ctrl and key == pygame.K_s:
            self.save()
        elif ctrl and (key == pygame.K_y or (key == pygame.K_z and shift)):
            self._say("field.editor.redone" if self.design.redo() else "field.editor.nothing_to_undo")
            self._after_undo()
        elif ctrl and key == pygame.K_z:
            self._say("field.editor.undone" if self.design.undo() else "field.editor.nothing_to_undo")
            self._after_undo()
        elif ctrl:
            return
        elif pygame.K_1 <= key <= pygame.K_7:
            self.tool = THINGS[key - pygame.K_1]
            self.selected = None
        elif key == pygame.K_ESCAPE:
            if self.tool is not None or self.selected is not None:
                self.tool = self.selected = None
            else:
                self._close()
        elif key == pygame.K_n:
            self.typing = ""
        elif self.selected is None:
            return
        elif key in (pygame.K_DELETE, pygame.K_BACKSPACE):
            if self.design.delete(self.selected):
                self.selected = None
                self._changed()
            else:
                self._say("field.editor.start_stays", "bad")
        elif key == pygame.K_r:
            self.design.rotate(self.selected, -TURN_DEG if shift else TURN_DEG)
            self._changed()
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_MINUS, pygame.K_KP_MINUS):
            step = -1 if key in (pygame.K_MINUS, pygame.K_KP_MINUS) else 1
            self.design.resize(self.selected, step, other_way=shift)
            self._changed()
        elif key == pygame.K_a and self.selected.thing == "guide":
            self.design.add_point(self.selected)
            self._changed()
        elif key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            far = NUDGE_MM * (5 if shift else 1)
            dx = {pygame.K_LEFT: -far, pygame.K_RIGHT: far}.get(key, 0.0)
            dy = {pygame.K_DOWN: -far, pygame.K_UP: far}.get(key, 0.0)
            self.design.begin()
            self.design.move(self.selected, dx, dy)
            self._changed()

    def _press(self, pos: tuple[int, int]) -> None:
        for button in self.buttons:
            if button.rect.collidepoint(pos):
                button.action()
                self._changed()
                return
        if not self._on_field(pos):
            return
        at = self.to_mm(pos)
        if self.tool is not None:
            self.selected = self.design.add(self.tool, at)
            self.tool = None
            self._changed()
            return
        # A guide line's ends (and bends) can be dragged one by one.
        if self.selected is not None and self.selected.thing == "guide":
            for index, point in enumerate(self.design.item(self.selected)["points"]):
                if abs(point[0] - at[0]) <= 24 and abs(point[1] - at[1]) <= 24:
                    self._start_drag(self.selected, at, index)
                    return
        self.selected = self.design.hit(*at, slack=8)
        if self.selected is not None:
            self._start_drag(self.selected, at, None)

    def _start_drag(self, ref: Ref, at: tuple[float, float], point: int | None) -> None:
        self._drag = (ref, at, point, self.design.center(ref))
        self._dragged = False

    def _move(self, pos: tuple[int, int]) -> None:
        assert self._drag is not None
        ref, down, point, was = self._drag
        at = self.to_mm(pos)
        if not self._dragged:
            self.design.begin()  # the whole drag is one step to undo
            self._dragged = True
        if point is None:
            # Where the middle goes, on a 5 mm grid; the thing follows the mouse without drifting.
            x = snap(was[0] + at[0] - down[0], DRAG_GRID_MM)
            y = snap(was[1] + at[1] - down[1], DRAG_GRID_MM)
            now = self.design.center(ref)
            self.design.move(ref, x - now[0], y - now[1])
        else:
            self.design.move_point(ref, point, (snap(at[0], DRAG_GRID_MM), snap(at[1], DRAG_GRID_MM)))
        self._changed()

    def _after_undo(self) -> None:
        self.selected = None
        self._changed()

    def _changed(self) -> None:
        self._stale = True
        self._warned_unsaved = False
        if self.message[1] != "bad":
            self.message = ("", "dim")

    def _say(self, key: str, how: str = "dim", **values: Any) -> None:
        self.message = (t(key, **values), how)

    def _close(self) -> None:
        if self.design.dirty and not self._warned_unsaved:
            self._warned_unsaved = True
            self._say("field.editor.unsaved_quit", "bad")
            return
        self.closed = True

    def save(self) -> bool:
        """Save if the field checks out; otherwise say what is wrong and keep the file as it was."""
        try:
            self.design.save(self.path)
        except MissionFileError as exc:
            self.problem = exc
            self.message = (t("field.editor.cannot_save"), "bad")
            return False
        except OSError as exc:
            self.message = (f"{t('field.editor.cannot_save')} {OsReason.of(exc)}", "bad")
            return False
        self._say("field.editor.saved", "good", file=self.path.name)
        return True

    # --- drawing -------------------------------------------------------------------------------

    def draw(self) -> None:
        if self._stale:
            self._refresh()
        assert self.painter is not None
        canvas = self.canvas
        canvas.fill(BACKGROUND)
        self.painter.draw(canvas, self.scene())
        self._pebble_areas(canvas)
        if self.selected is not None and self._exists(self.selected):
            self._highlight(canvas, self.selected)
        self.buttons = draw_panel(self, canvas, self.painter.size[0])
        size = self.display.get_size()
        shown = canvas if size == canvas.get_size() else pygame.transform.smoothscale(canvas, size)
        self.display.blit(shown, (0, 0))
        pygame.display.flip()

    def _pebble_areas(self, surface: pygame.Surface) -> None:
        """Pebble areas are not printed on the mat: the editor shows where they are with a dotted edge."""
        assert self.painter is not None
        for ref in self.design.things():
            if ref.thing != "pebbles":
                continue
            corners = [self.painter.to_px(*p) for p in self.design.outline(ref)]
            for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1]):
                steps = max(1, int(max(abs(bx - ax), abs(by - ay)) // 6))
                for k in range(0, steps, 2):
                    start = (ax + (bx - ax) * k / steps, ay + (by - ay) * k / steps)
                    end = (ax + (bx - ax) * (k + 1) / steps, ay + (by - ay) * (k + 1) / steps)
                    pygame.draw.line(surface, AREA_EDGE, start, end, 2)

    def _exists(self, ref: Ref) -> bool:
        return ref in self.design.things()

    def _highlight(self, surface: pygame.Surface, ref: Ref) -> None:
        assert self.painter is not None
        points = [self.painter.to_px(*p) for p in self.design.outline(ref)]
        blink = int(time.monotonic() * 3) % 2 == 0
        if ref.thing == "guide":
            for point in points:
                pygame.draw.circle(surface, SELECTED, point, 7, 2)
                pygame.draw.circle(surface, HANDLE, point, 3)
            return
        if "radius" in self.design.item(ref) or ref.thing == "start":
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            center = ((min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2)
            pygame.draw.circle(surface, SELECTED, center, (max(xs) - min(xs)) // 2 + 4, 2 if blink else 3)
            return
        pygame.draw.polygon(surface, SELECTED, points, 2 if blink else 3)

