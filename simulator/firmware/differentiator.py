"""Speed from a motor's angle: the change over a window of recent control periods.

pbio's differentiator.c keeps the per-period angle changes in a ring and sums
them; keeping the angles themselves gives the same sum as one subtraction,
which matters when it runs for every motor every 5 ms. The observer records
one angle per period (Observer.update); ``speed`` looks back over any window.
"""

from __future__ import annotations

from typing import Final

from brickclass.simulator.firmware.errors import ErrorCode, PbioError

LOOP_TIME_MS: Final = 5
# Motor.speed() without a window looks back 100 ms.
DEFAULT_WINDOW: Final = 100 // LOOP_TIME_MS
# Room for windows up to three times the default.
HISTORY = DEFAULT_WINDOW * 3 + 1


class Differentiator:
    __slots__ = ("angles", "index")

    def __init__(self, angle: int) -> None:
        self.angles = [angle] * (HISTORY + 1)
        self.index = 0

    def reset(self, angle: int) -> None:
        self.angles[:] = [angle] * (HISTORY + 1)

    def speed(self, window_ms: int) -> int:
        """Speed (mdeg/s) over the window nearest ``window_ms``."""
        periods = (window_ms + LOOP_TIME_MS // 2) // LOOP_TIME_MS
        if periods == 0 or periods > HISTORY - 1:
            raise PbioError(ErrorCode.INVALID_ARG)
        moved = (self.angles[self.index] - self.angles[self.index - periods]) * (1000 // LOOP_TIME_MS)
        return moved // periods if moved >= 0 else -(-moved // periods)
