"""The simulator's window: the field, the robot, the program's output and the score.

The window belongs to the world process, so it keeps drawing while the pupil's
program is busy (or stuck: it says so). Virtual time is paced to the wall
clock times the chosen speed; keys change the speed, pause, or stop the run.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import pygame

from brickclass.language import t
from brickclass.language.score import line_text
from brickclass.simulator.render.draw import FieldPainter, scene_from_world
from brickclass.simulator.render.matrix import draw_hub_face
from brickclass.simulator.run import Run, RunOptions, RunResult, ending

SCALE = 0.5
PANEL_WIDTH = 380
FPS = 60
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 64.0)
BACKGROUND = (28, 30, 36)
TEXT = (225, 228, 235)
DIM = (150, 155, 165)


class Window:
    def __init__(self, run: Run, speed: float) -> None:
        pygame.init()
        self.run = run
        world = run.world
        self.painter = FieldPainter(world.mission, world.robot_spec, SCALE)
        width, height = self.painter.size
        # Everything is drawn at one size onto a canvas, then scaled to the window,
        # so the window can be resized freely.
        self.canvas = pygame.Surface((width + PANEL_WIDTH, max(height, 600)))
        self.display = pygame.display.set_mode(self.canvas.get_size(), pygame.RESIZABLE)
        self.screen = self.canvas
        pygame.display.set_caption(f"brickclass — {world.mission.title.get(_lang())}")
        self.font = pygame.font.Font(None, 22)
        self.big = pygame.font.Font(None, 30)
        self.speed = min(SPEEDS, key=lambda s: abs(s - speed))
        self.paused = False
        self.output: list[str] = [""]
        self.path: list[tuple[float, float]] = []
        self.wall_start = time.monotonic()
        self.sim_start = 0.0
        self.last_frame = 0.0
        self.waiting_since: float | None = None
        self.closed = False
        self.restart = False
        # The area at the top right of the panel the hub's face takes, if drawn;
        # text beside it keeps clear of it.
        self._beside: pygame.Rect | None = None

    # --- hooks called by the run ----------------------------------------------------

    def on_print(self, text: str) -> None:
        lines = (self.output[-1] + text).split("\n")
        self.output[-1:] = lines
        del self.output[:-200]

    def on_tick(self, world: Any) -> None:
        self.waiting_since = None
        if world.clock.now_us % 50_000 == 0:
            self.path.append(world.pose()[:2])
        # Hold virtual time back to wall time × speed.
        while True:
            self._events(world)
            ahead = (world.clock.seconds - self.sim_start) / self.speed - (time.monotonic() - self.wall_start)
            now = time.monotonic()
            if now - self.last_frame >= 1 / FPS:
                self.draw(world)
            if self.paused or ahead > 0.002:
                time.sleep(min(0.005, max(ahead, 0.001)) if not self.paused else 0.01)
                if self.closed:
                    return
                continue
            return

    def on_idle(self, world: Any) -> None:
        if self.waiting_since is None:
            self.waiting_since = time.monotonic()
        self._events(world)
        if time.monotonic() - self.last_frame >= 1 / FPS:
            self.draw(world)

    # --- input ----------------------------------------------------------------------------

    def _events(self, world: Any) -> None:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.closed = True
                world.request_stop("button")
            elif event.type == pygame.VIDEORESIZE:
                self.display = pygame.display.set_mode(event.size, pygame.RESIZABLE)
            elif event.type == pygame.KEYDOWN:
                if event.key == pygame.K_ESCAPE:
                    self.closed = True
                    world.request_stop("button")
                elif event.key == pygame.K_r:
                    self.restart = True
                    world.request_stop("button")
                elif event.key == pygame.K_SPACE:
                    self.paused = not self.paused
                    self._restart_pacing(world)
                elif event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
                    self._change_speed(world, 1)
                elif event.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
                    self._change_speed(world, -1)
                elif event.unicode:
                    # Keys typed into the window reach the program's stdin.
                    world.devices.stdin.feed(event.unicode.encode("utf-8", "ignore"))

    def _change_speed(self, world: Any, step: int) -> None:
        index = SPEEDS.index(self.speed) + step
        self.speed = SPEEDS[max(0, min(len(SPEEDS) - 1, index))]
        self._restart_pacing(world)

    def _restart_pacing(self, world: Any) -> None:
        self.wall_start = time.monotonic()
        self.sim_start = world.clock.seconds

    # --- drawing ------------------------------------------------------------------------

    def draw(self, world: Any, result: RunResult | None = None) -> None:
        self.last_frame = time.monotonic()
        screen = self.screen
        screen.fill(BACKGROUND)
        scene = scene_from_world(world, self.path)
        self.painter.draw(screen, scene)
        x = self.painter.size[0] + 16
        y = 14
        # A hub with a light matrix: its face at the top right, the text beside it.
        self._beside = None
        if scene.display is not None:
            self._beside = draw_hub_face(screen, scene.display, scene.light, (screen.get_width() - 12, y))
        y = self._text(t("sim.window.time", seconds=f"{world.clock.seconds:6.2f}"), x, y, self.big)
        y = self._text(t("sim.window.speed", speed=f"{self.speed:g}"), x, y, color=DIM)
        if self.paused:
            y = self._text(t("sim.window.paused"), x, y, color=(250, 200, 80))
        if self.waiting_since is not None and time.monotonic() - self.waiting_since > 1.0:
            y = self._text(t("sim.window.busy"), x, y, color=(250, 140, 80))
        score = world.referee.result()
        if score.max_points:
            y += 6
            y = self._text(t("sim.window.score", score=score.points, max_score=score.max_points), x, y, self.big)
            for line in score.breakdown:
                y = self._text(line_text(line), x, y, color=DIM)
        readings = _sensor_lines(world)
        if readings:
            y += 6
            y = self._text(t("sim.window.sensors"), x, y)
            for line in readings:
                y = self._text(line, x, y, color=DIM)
        if self._beside is not None:
            y = max(y, self._beside.bottom + 4)
        y += 8
        y = self._text(t("sim.window.output"), x, y)
        room = (screen.get_height() - y - 40) // 20
        for line in self.output[-room:] if room > 0 else []:
            # Program output keeps its own lines (cut, not wrapped), so the room count holds.
            y = self._text(_fit(line, self.font, self._room(x)), x, y, color=DIM, wrap=False)
        # The bottom of the panel fills upwards: keys, then how the run ended, then its error.
        bottom = self._lines_above([t("sim.window.keys")], x, screen.get_height() - 8, DIM)
        if result is not None:
            status = t(f"sim.status.{ending(result.status, result.notes)}", seconds=f"{result.sim_time_s:.2f}")
            bottom = self._lines_above([status], x, bottom - 10, (250, 200, 80))
            if result.error:
                self._lines_above(_error_lines(result), x, bottom - 4, (250, 120, 100))
        self.present()

    def present(self) -> None:
        size = self.display.get_size()
        if size == self.canvas.get_size():
            self.display.blit(self.canvas, (0, 0))
        else:
            self.display.blit(pygame.transform.smoothscale(self.canvas, size), (0, 0))
        pygame.display.flip()

    def _lines_above(self, texts: list[str], x: int, bottom: int, color: tuple[int, int, int]) -> int:
        """Draw ``texts``, wrapped to the panel, so that they end at ``bottom``; returns their top."""
        lines = [line for text in texts for line in _wrap(text, self.font, self._room(x))]
        top = bottom - len(lines) * self.font.get_linesize()
        for index, line in enumerate(lines):
            self.screen.blit(self.font.render(line, True, color), (x, top + index * self.font.get_linesize()))
        return top

    def _text(self, text: str, x: int, y: int, font: Any = None, color: tuple[int, int, int] = TEXT,
              wrap: bool = True) -> int:
        """Draw ``text`` at ``y``, wrapped to the panel; returns the y below it."""
        font = font or self.font
        for line in _wrap(text, font, self._room(x, y)) if wrap else [text]:
            self.screen.blit(font.render(line, True, color), (x, y))
            y += font.get_linesize()
        return y

    def _room(self, x: int, y: int | None = None) -> int:
        """How wide text starting at ``x`` may be (beside the hub's face, if ``y`` is beside it)."""
        beside = self._beside
        if beside is not None and y is not None and y < beside.bottom:
            return beside.left - x - 12
        return self.screen.get_width() - x - 12

    def linger(self, world: Any, result: RunResult) -> None:
        """Show the final field and score until the pupil closes the window."""
        while not self.closed and not self.restart:
            for event in pygame.event.get():
                if event.type == pygame.QUIT or (event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_q)):
                    self.closed = True
                elif event.type == pygame.KEYDOWN and event.key == pygame.K_r:
                    self.restart = True
                elif event.type == pygame.VIDEORESIZE:
                    self.display = pygame.display.set_mode(event.size, pygame.RESIZABLE)
            self.draw(world, result)
            time.sleep(1 / 30)


def _sensor_lines(world: Any) -> list[str]:
    """One line per sensor the program uses: port and its latest values."""
    lines = []
    for sensor in world.devices.sensors:
        values = sensor.values
        spec = sensor.port.spec
        if spec.device in ("color", "colordistance"):
            text = t("sim.window.color", reflection=values.get("reflection", 0), h=values.get("hsv", [0])[0])
        elif spec.device == "ultrasonic":
            text = t("sim.window.distance", distance=values.get("distance", 2000))
        else:
            text = t("sim.window.force", force=values.get("force", 0))
        lines.append(f"{sensor.port.name}: {text}")
    return lines


def _error_lines(result: RunResult) -> list[str]:
    """The error in the pupil's words, wrapped for the side panel."""
    import textwrap

    from brickclass.simulator.explain import explain

    error = result.error or {}
    try:
        source = open(result_source_path(result), encoding="utf-8").read()
    except OSError:
        source = ""
    explanation = explain(error, source)
    title = explanation.title(_lang()) if explanation else str(error.get("type"))
    where = t("sim.line", line=error["line"]) if error.get("line") else ""
    lines = textwrap.wrap(t("sim.error", title=title, where=where), 46)
    if explanation:
        lines += textwrap.wrap(explanation.text(_lang()), 46)
    return lines[:8]


def result_source_path(result: RunResult) -> str:
    return str(getattr(result, "program", "") or "")


def _lang() -> str:
    from brickclass.language import current_language

    return current_language()


def run_in_window(options: RunOptions, speed: float = 1.0, *, linger: bool = True,
                  screenshot: str | None = None) -> RunResult:
    """Run a program with the window open; returns the same result as a headless run."""
    holder: dict[str, Window] = {}

    def tick(world: Any) -> None:
        holder["window"].on_tick(world)

    def idle(world: Any) -> None:
        holder["window"].on_idle(world)

    def printed(text: str) -> None:
        holder["window"].on_print(text)
        # The terminal gets the output too, so it can be copied afterwards.
        sys.stdout.write(text)
        sys.stdout.flush()

    while True:
        run = Run(options, tick_hook=tick, idle_hook=idle, print_hook=printed)
        window = Window(run, speed)
        holder["window"] = window
        try:
            result = run.execute()
            result.program = str(options.program)  # type: ignore[attr-defined]
            if screenshot is not None:
                window.draw(run.world, result)
                pygame.image.save(window.canvas, screenshot)
            if linger and not window.closed and not window.restart:
                window.linger(run.world, result)
            if not window.restart:
                return result
            speed = window.speed
        finally:
            if not window.restart:
                pygame.display.quit()


def _wrap(text: str, font: Any, width: int) -> list[str]:
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


def _fit(text: str, font: Any, width: int) -> str:
    """``text`` cut with an ellipsis to fit ``width`` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"
