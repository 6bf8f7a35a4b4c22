"""A program's printed output as text, from the pieces a hub sends over the radio.

The hub sends stdout in packets of at most one Bluetooth write; a packet may
end in the middle of a UTF-8 character ("på" is three bytes) or between the
``\\r`` and ``\\n`` of MicroPython's line ending. The caller gets whole
characters and ``\\n`` line endings, as soon as they are complete.
"""

from __future__ import annotations

import codecs
import re

from brickclass.robots.hub_link.base import OutputSink

OUTPUT_KEPT = 16_000  # characters of the output's end kept for the outcome (a traceback fits easily)

# What the firmware prints when a program ends (bricks/_common/micropython.c, print_final_exception).
STOPPED_MESSAGE = "The program was stopped ("
TRACEBACK_START = "Traceback (most recent call last):"
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(Error|Exception|Interrupt|Exit)\b")


class ProgramOutput:
    """Collects stdout bytes from a hub and hands whole text to ``on_output`` as it arrives."""

    def __init__(self, on_output: OutputSink, keep: int = OUTPUT_KEPT) -> None:
        self._on_output = on_output
        self._keep = keep
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._held_cr = False
        self._tail = ""

    def feed(self, data: bytes | bytearray) -> None:
        self._emit(self._decoder.decode(bytes(data)))

    def close(self) -> None:
        """No more output: pass on anything held back."""
        text = self._decoder.decode(b"", final=True)
        if self._held_cr:
            text = "\r" + text
            self._held_cr = False
        if text:
            self._send(text)

    @property
    def text(self) -> str:
        return self._tail

    def _emit(self, text: str) -> None:
        if self._held_cr:
            text = "\r" + text
            self._held_cr = False
        if text.endswith("\r"):
            # It may be the first half of "\r\n"; wait for the next piece.
            text = text[:-1]
            self._held_cr = True
        text = text.replace("\r\n", "\n")
        if text:
            self._send(text)

    def _send(self, text: str) -> None:
        self._tail = (self._tail + text)[-self._keep:]
        self._on_output(text)


def how_it_ended(output: str, stop_requested: bool) -> tuple[str, str | None]:
    """(status, stopped_on) from the end of the output, as the firmware reports an ending."""
    if stop_requested:
        return "stopped", "computer"
    lines = [line for line in output.splitlines() if line.strip()]
    if lines and lines[-1].startswith(STOPPED_MESSAGE):
        return "stopped", "hub"
    if TRACEBACK_START in output:
        after = output[output.rindex(TRACEBACK_START):].splitlines()[1:]
        if any(_EXCEPTION_LINE.match(line) for line in after):
            return "error", None
    return "finished", None
