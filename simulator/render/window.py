"""The simulator's window: the field, the robot, the program's output and the score.

The window belongs to the world process, so it keeps drawing while the pupil's
program is busy (or stuck: it says so). Virtual time is paced to the wall
clock times the chosen speed; keys change the speed, pause, or stop the run.

With a ``changed`` callback (``brickclass sim FILE --watch``) the window
stays open from run to run: each save of the program starts the run again on
the same mission and seed, and a program that cannot start (a syntax error, a
crash, a file half saved) is shown in the window until the next save.
The window only reads the world; the world is the one place a run's state lives.
"""

from __future__ import annotations

import sys
import textwrap
import time
from collections.abc import Callable
from typing import Any

import pygame

from brickclass.language import current_language, number, t
from brickclass.language.score import line_text
from brickclass.simulator.render.draw import FieldPainter, scene_from_world
from brickclass.simulator.render.matrix import draw_hub_face
from brickclass.simulator.render.text import BACKGROUND, DIM, ERROR, TEXT, WARN, draw_stars, fit, wrap
from brickclass.simulator.run import Run, RunOptions, RunResult, SetupError, ending

SCALE = 0.5
PANEL_WIDTH = 380
FPS = 60
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 64.0)
# How often a watching window looks at the program file (wall seconds).
WATCH_EVERY_S = 0.25


class Window:
    def __init__(self, run: Run, speed: float, changed: Callable[[], bool] | None = None) -> None:
        pygame.init()
        self.changed = changed
        self.speed = min(SPEEDS, key=lambda s: abs(s - speed))
        self.font = pygame.font.Font(None, 22)
        self.big = pygame.font.Font(None, 30)
        self.closed = False
        self.restart = False
        self.saved = False  # the watched file was saved: run it again
        self.painter: FieldPainter | None = None
        self.display: pygame.Surface | None = None
        # Time spent drawing the last frames (seconds), for the 60 fps budget.
        self.frame_times: list[float] = []
        self.attach(run)

    def attach(self, run: Run) -> None:
        """Follow a new run (the first, or the next after a restart or a save)."""
        self.run = run
        world = run.world
        if self.painter is None or self.painter.mission != world.mission or self.painter.robot != world.robot_spec:
            self.painter = FieldPainter(world.mission, world.robot_spec, SCALE)
            width, height = self.painter.size
            # Everything is drawn at one size onto a canvas, then scaled to the window,
            # so the window can be resized freely.
            self.canvas = pygame.Surface((width + PANEL_WIDTH, max(height, 600)))
            if self.display is None or self.display.get_size() == self.canvas.get_size():
                self.display = pygame.display.set_mode(self.canvas.get_size(), pygame.RESIZABLE)
            pygame.display.set_caption(f"brickclass — {world.mission.title.get(current_language())}")
        self.screen = self.canvas
        self.paused = False
        self.output: list[str] = [""]
        self.path: list[tuple[float, float]] = []
        self.wall_start = time.monotonic()
        self.sim_start = 0.0
        self.last_frame = 0.0
        self.last_look = time.monotonic()
        self.waiting_since: float | None = None
        self.restart = False
        self.saved = False
        self._error_lines: list[str] = []
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

    def _look_for_save(self) -> bool:
        """True when the watched file was saved (looked at a few times a second)."""
        if self.changed is None or time.monotonic() - self.last_look < WATCH_EVERY_S:
            return False
        self.last_look = time.monotonic()
        if self.changed():
            self.saved = True
        return self.saved

    def _events(self, world: Any) -> None:
        if self._look_for_save():
            world.request_stop("button")
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
        started = time.perf_counter()
        self.last_frame = time.monotonic()
        screen = self.screen
        screen.fill(BACKGROUND)
        scene = scene_from_world(world, self.path)
        assert self.painter is not None
        self.painter.draw(screen, scene)
        x = self.painter.size[0] + 16
        y = 12
        # A hub with a light matrix: its face at the top right, the text beside it.
        self._beside = None
        if scene.display is not None:
            self._beside = draw_hub_face(screen, scene.display, scene.light, (screen.get_width() - 12, y))
        y = self._text(world.mission.title.get(current_language()), x, y, self.big)
        y = self._text(t("sim.window.time", seconds=number(world.clock.seconds, decimals=2).rjust(6)), x, y, self.big)
        y = self._text(t("sim.window.speed", speed=f"{self.speed:g}"), x, y, color=DIM)
        if self.changed is not None:
            y = self._text(t("sim.watch.watching"), x, y, color=DIM)
        if self.paused:
            y = self._text(t("sim.window.paused"), x, y, color=WARN)
        if self.waiting_since is not None and time.monotonic() - self.waiting_since > 1.0:
            y = self._text(t("sim.window.busy"), x, y, color=(250, 140, 80))
        score = world.referee.result()
        if score.max_points:
            y += 6
            after = self._text(t("sim.window.score", score=score.points, max_score=score.max_points), x, y, self.big)
            if result is not None:
                stars_x = x + self.big.size(t("sim.window.score", score=score.points,
                                               max_score=score.max_points))[0] + 12
                draw_stars(screen, score.stars, stars_x, y, size=18)
            y = after
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
            y = self._text(fit(line, self.font, self._room(x)), x, y, color=DIM, wrapped=False)
        # The bottom of the panel fills upwards: keys, then how the run ended, then its error.
        bottom = self._lines_above([t("sim.window.keys")], x, screen.get_height() - 8, DIM)
        if result is not None:
            ended = ending(result.status, result.notes)
            status = t(f"sim.status.{ended}", seconds=number(result.sim_time_s, decimals=2))
            bottom = self._lines_above([status], x, bottom - 10, WARN)
            if result.error:
                self._lines_above(self._error_lines, x, bottom - 4, ERROR)
        self.present()
        self.frame_times.append(time.perf_counter() - started)
        del self.frame_times[:-600]

    def present(self) -> None:
        assert self.display is not None
        size = self.display.get_size()
        if size == self.canvas.get_size():
            self.display.blit(self.canvas, (0, 0))
        else:
            self.display.blit(pygame.transform.smoothscale(self.canvas, size), (0, 0))
        pygame.display.flip()

    def show_problem(self, message: str) -> None:
        """A run that could not start (the file is missing, the mission is broken): say so over the field."""
        screen = self.screen
        x = (self.painter.size[0] if self.painter else 0) + 16
        screen.fill(BACKGROUND, pygame.Rect(x - 16, 0, screen.get_width(), screen.get_height()))
        y = self._text(t("sim.watch.cannot_start"), x, 14, self.big, color=ERROR)
        self._text(message, x, y + 6, color=TEXT)
        self._lines_above([t("sim.watch.waiting"), t("sim.window.keys")], x, screen.get_height() - 8, DIM)
        self.present()

    def _lines_above(self, texts: list[str], x: int, bottom: int, color: tuple[int, int, int]) -> int:
        """Draw ``texts``, wrapped to the panel, so that they end at ``bottom``; returns their top."""
        lines = [line for text in texts for line in wrap(text, self.font, self._room(x))]
        top = bottom - len(lines) * self.font.get_linesize()
        for index, line in enumerate(lines):
            self.screen.blit(self.font.render(line, True, color), (x, top + index * self.font.get_linesize()))
        return top

    def _text(self, text: str, x: int, y: int, font: Any = None, color: tuple[int, int, int] = TEXT,
              wrapped: bool = True) -> int:
        """Draw ``text`` at ``y``, wrapped to the panel; returns the y below it."""
        font = font or self.font
        for line in wrap(text, font, self._room(x, y)) if wrapped else [text]:
            self.screen.blit(font.render(line, True, color), (x, y))
            y += font.get_linesize()
        return y

    def _room(self, x: int, y: int | None = None) -> int:
        """How wide text starting at ``x`` may be (beside the hub's face, if ``y`` is beside it)."""
        beside = self._beside
        if beside is not None and y is not None and y < beside.bottom:
            return beside.left - x - 12
        return self.screen.get_width() - x - 12

    def finished(self, result: RunResult, source: str) -> None:
        """The run is over: keep its error in words (from the program as it was run)."""
        self._error_lines = _error_lines(result, source) if result.error else []

    def linger(self, world: Any, result: RunResult) -> None:
        """Show the final field and score until the pupil closes the window, restarts, or saves again."""
        self._hold(lambda: self.draw(world, result))

    def wait_for_save(self, message: str) -> None:
        """Show why the run could not start until the file is saved again or the window closed."""
        self._hold(lambda: self.show_problem(message))

    def _hold(self, show: Callable[[], None]) -> None:
        """Keep showing something between runs: until closed, R, or (watching) a save."""
        while not self.closed and not self.restart and not self.saved:
            if self._look_for_save():
                return
            for event in pygame.event.get():
                quit_key = event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_q)
                if event.type == pygame.QUIT or quit_key:
                    self.closed = True
                elif event.type == pygame.KEYDOWN and event.key == pygame.K_r:
                    self.restart = True
                elif event.type == pygame.VIDEORESIZE:
                    self.display = pygame.display.set_mode(event.size, pygame.RESIZABLE)
            show()
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


def _error_lines(result: RunResult, source: str) -> list[str]:
    """The error in the pupil's words, wrapped for the side panel."""
    from brickclass.simulator.explain import explain

    error = result.error or {}
    explanation = explain(error, source)
    title = explanation.title(current_language()) if explanation else str(error.get("type"))
    where = t("sim.line", line=error["line"]) if error.get("line") else ""
    lines = textwrap.wrap(t("sim.error", title=title, where=where), 46)
    if explanation:
        lines += textwrap.wrap(explanation.text(current_language()), 46)
    return lines[:8]


def _read(path: Any) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return ""


def run_in_window(options: RunOptions, speed: float = 1.0, *, linger: bool = True,
                  screenshot: str | None = None, changed: Callable[[], bool] | None = None,
                  on_result: Callable[[RunResult | None, str], None] | None = None) -> RunResult | None:
    """Run a program with the window open; returns the same result as a headless run.

    With ``changed`` (watching), the window stays open and runs the program again after
    each save, until it is closed; ``on_result`` hears of every run (its result and the
    program as it ran, or None and why it could not start). Returns the last result
    (None if no run could start)."""
    holder: dict[str, Window] = {}
    last: RunResult | None = None

    def tick(world: Any) -> None:
        holder["window"].on_tick(world)

    def idle(world: Any) -> None:
        holder["window"].on_idle(world)

    def printed(text: str) -> None:
        holder["window"].on_print(text)
        # The terminal gets the output too, so it can be copied afterwards.
        sys.stdout.write(text)
        sys.stdout.flush()

    try:
        while True:
            try:
                run = Run(options, tick_hook=tick, idle_hook=idle, print_hook=printed)
                if "window" in holder:
                    holder["window"].attach(run)
                else:
                    holder["window"] = Window(run, speed, changed)
                window = holder["window"]
                source = _read(options.program)
                result = run.execute()
            except SetupError as exc:
                if changed is None or "window" not in holder:
                    raise
                window = holder["window"]
                if on_result is not None:
                    on_result(None, str(exc))
                window.wait_for_save(str(exc))
                if window.closed:
                    return last
                window.restart = window.saved = False
                continue
            last = result
            result.program = str(options.program)  # type: ignore[attr-defined]
            window.finished(result, source)
            if on_result is not None:
                on_result(result, source)
            if screenshot is not None:
                window.draw(run.world, result)
                pygame.image.save(window.canvas, screenshot)
            if window.closed:
                return result
            if not window.restart and not window.saved:
                if not linger and changed is None:
                    return result
                window.linger(run.world, result)
            if not window.restart and not window.saved:
                return result
            speed = window.speed
    finally:
        pygame.display.quit()
