"""The world's virtual clock.

Time only moves when the world steps; everything that reads time (the
simulated firmware, the sensors, the referee, the hub process via its replies)
reads this clock, which is what makes runs repeatable.
"""

from __future__ import annotations

from typing import Final

# The hub's control loop runs every 5 ms (PBIO_CONFIG_CONTROL_LOOP_TIME_MS).
TICK_US: Final = 5000


class VirtualClock:
    __slots__ = ("now_us",)

    def __init__(self) -> None:
        self.now_us = 0

    def ticks(self) -> int:
        """Firmware control time in 100 µs ticks."""
        return self.now_us // 100

    def ms(self) -> int:
        return self.now_us // 1000

    @property
    def seconds(self) -> float:
        return self.now_us / 1_000_000
