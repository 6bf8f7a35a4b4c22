"""The 5×5 light matrix of a SPIKE Prime / Robot Inventor hub, as the world keeps it.

What the firmware does (lib/pbio/src/light/light_matrix.c, pb_type_lightmatrix.c,
lib/pbio/sys/hmi_pup.c), in our words:

- Every pixel write goes through the orientation the program chose: with
  ``Side.LEFT`` up (the hub turned a quarter clockwise), the program's top row
  lands on the matrix's left-hand column, which is then on top, and so on.
  Changing the orientation changes nothing already lit; it applies to what is
  written next, including the next frame of a running animation.
- ``icon``, ``char``, ``number``, ``off`` and a new ``animate`` stop a running
  animation; ``pixel`` (and ``on``, pixel by pixel) stops it and darkens the whole
  matrix first.
- ``number`` shows two narrow digits (always two: 7 is "07"), a faint dot in the
  middle for a minus, ``>`` above 99 and ``<`` below -99.
- While a program runs and has not written to the matrix, the hub shows its
  "running" spinner: eight pixels around the top middle one fading in turn, new
  brightness every 40 ms, over the stop sign and slot dot it showed before.

An animation is kept as a timeline, not stepped: what is lit at any moment is
worked out from the world's clock when someone looks (the window, the trace).
Text is timed by the hub process, which sends each character and each dark gap
when it is due.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from brickclass.simulator.devices.font5x5 import glyph, two_digits

SIZE: Final = 5
Grid = tuple[tuple[int, ...], ...]
# A frame: the pixels it writes, as (row, column, brightness) before turning.
Writes = list[tuple[int, int, int]]

HUBS_WITH_A_MATRIX: Final = ("PrimeHub", "InventorHub")
# The faint middle dot that says a number is negative.
MINUS_BRIGHTNESS: Final = 50
# The hub's "program running" spinner: its ring of pixels and how often it changes.
SPINNER_RING: Final = ((0, 1), (0, 2), (0, 3), (1, 3), (2, 3), (2, 2), (2, 1), (1, 1))
SPINNER_MS: Final = 40
SPINNER_STEP: Final = 9
# The stop sign the hub shows between programs, and the dot of slot 0 under it.
IDLE_PIXELS = tuple((r, c) for r in range(3) for c in range(1, 4)) + ((4, 0),)


def has_matrix(hub_class: str) -> bool:
    return hub_class in HUBS_WITH_A_MATRIX


def turned(row: int, column: int, up: str) -> tuple[int, int]:
    """Where the program's (row, column) lands on the matrix with side ``up`` up."""
    last = SIZE - 1
    if up == "LEFT":
        return last - column, row
    if up == "RIGHT":
        return column, last - row
    if up in ("BOTTOM", "BACK"):
        return last - row, last - column
    return row, column  # TOP, FRONT


def number_rows(number: int) -> tuple[list[list[int]], bool]:
    """The rows ``display.number()`` shows, and whether the minus dot goes on top."""
    if number > 99:
        return glyph(">"), False
    if number < -99:
        return glyph("<"), False
    size = abs(number)
    return two_digits(size // 10, size % 10), number < 0


def spinner_frame(index: int) -> Writes:
    """The spinner's ``index``-th step: each ring pixel rises and falls in turn."""
    cycle = index * SPINNER_STEP
    writes = []
    for place, (row, column) in enumerate(SPINNER_RING):
        phase = (cycle + place * (255 // len(SPINNER_RING))) % 256
        brightness = 0 if phase > 200 else phase if phase < 100 else 200 - phase
        writes.append((row, column, brightness))
    return writes


@dataclass
class _Animation:
    """Frames written every ``interval_us`` from ``start_us``, in orientation ``up``.

    ``base`` is what the matrix held before the current frame was written
    over it; ``first`` is the first frame index written in ``up`` (earlier
    ones are already part of ``base``).
    """

    start_us: int
    interval_us: int
    frame: Callable[[int], Writes]
    up: str
    base: list[list[int]]
    first: int = 0
    spinner: bool = False

    def index_at(self, now_us: int) -> int:
        return max(0, now_us - self.start_us) // self.interval_us


class LightMatrix:
    """What the matrix shows, command by command, and at any moment in between."""

    def __init__(self) -> None:
        self.pixels = [[0] * SIZE for _ in range(SIZE)]
        self.up = "TOP"
        self._animation: _Animation | None = None

    # --- looking ---------------------------------------------------------------

    def shown(self, now_us: int) -> Grid:
        """Each pixel's brightness (0..100) at ``now_us``, top row first, as the hub sits."""
        animation = self._animation
        if animation is None:
            return tuple(tuple(row) for row in self.pixels)
        index = animation.index_at(now_us)
        grid = [list(row) for row in animation.base]
        if index >= animation.first:
            for row, column, brightness in animation.frame(index):
                r, c = turned(row, column, animation.up)
                grid[r][c] = brightness
        return tuple(tuple(row) for row in grid)

    # --- what the program asks -------------------------------------------------

    def orientation(self, up: str, now_us: int) -> None:
        animation = self._animation
        if animation is not None and up != animation.up:
            # What is lit stays; frames from the next one on are written turned.
            animation.base = [list(row) for row in self.shown(now_us)]
            animation.first = animation.index_at(now_us) + 1
            animation.up = up
        self.up = up

    def pixel(self, row: int, column: int, brightness: int) -> None:
        if self._animation is not None:
            self.off()
        if 0 <= row < SIZE and 0 <= column < SIZE:
            self._write(row, column, brightness)

    def image(self, rows: list[list[int]], now_us: int) -> None:
        self._stop(now_us)
        for r in range(SIZE):
            for c in range(SIZE):
                self._write(r, c, int(rows[r][c]))

    def char(self, char: str, now_us: int) -> None:
        self.image(glyph(char), now_us)

    def number(self, number: int, now_us: int) -> None:
        rows, negative = number_rows(number)
        self.image(rows, now_us)
        if negative:
            self._write(2, 2, MINUS_BRIGHTNESS)

    def off(self) -> None:
        self._animation = None
        self.pixels = [[0] * SIZE for _ in range(SIZE)]

    def animate(self, frames: list[list[list[int]]], interval_ms: int, now_us: int) -> None:
        self._stop(now_us)
        if not frames:
            return
        stored = [[[int(v) for v in row] for row in frame] for frame in frames]

        def frame(index: int) -> Writes:
            rows = stored[index % len(stored)]
            return [(r, c, rows[r][c]) for r in range(SIZE) for c in range(SIZE)]

        # With interval 0 the hub moves on whenever its background process
        # runs; we say every millisecond.
        self._start(frame, max(1, interval_ms) * 1000, now_us)

    # --- what the hub does by itself ----------------------------------------------

    def start_running(self, now_us: int) -> None:
        """A program starts: the stop sign (from before) with the spinner going round on it."""
        for row, column in IDLE_PIXELS:
            self._write(row, column, 100)
        self._write(1, 2, 0)
        self._start(spinner_frame, SPINNER_MS * 1000, now_us)
        assert self._animation is not None
        self._animation.spinner = True

    def program_ended(self, now_us: int) -> None:
        """Animations stop where they are. A program that never used the matrix
        leaves the hub's stop sign (its spinner is gone); otherwise what the
        program showed last stays, so the pupil can still see it."""
        animation = self._animation
        self._stop(now_us)
        if animation is not None and animation.spinner:
            self.pixels = [[0] * SIZE for _ in range(SIZE)]
            for row, column in IDLE_PIXELS:
                self._write(row, column, 100)

    # --- inside ------------------------------------------------------------------

    def _write(self, row: int, column: int, brightness: int) -> None:
        r, c = turned(row, column, self.up)
        self.pixels[r][c] = max(0, min(100, brightness))

    def _start(self, frame: Callable[[int], Writes], interval_us: int, now_us: int) -> None:
        self._animation = _Animation(now_us, interval_us, frame, self.up, [list(row) for row in self.pixels])

    def _stop(self, now_us: int) -> None:
        """End a running animation; what it showed at ``now_us`` stays lit."""
        if self._animation is not None:
            self.pixels = [list(row) for row in self.shown(now_us)]
            self._animation = None
