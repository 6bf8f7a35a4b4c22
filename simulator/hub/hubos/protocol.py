"""The lock-step conversation between the hub process and the world process.

Messages are JSON objects, one per line, over two pipes. The hub process
only ever *asks* (a request) and the world always *answers* (one reply per
request), so neither side can run ahead of the other.

A request may carry:
  ``t``        the hub's local clock (µs) when it was sent; the world first
               advances to this time.
  ``out``      text the program printed since the last request.
  ``r``        ids of the sensors the program read since the last request.
  ``q``        queued commands ``[t_us, obj, method, args]`` that return
               nothing and cannot fail, applied in order at their own times.
  ``call``     one command ``[obj, method, args]`` whose result (or error)
               comes back as ``ret`` / ``err``.
  ``until``    conditions ``[kind, obj]``; the world advances tick by tick
               until one holds (``hit`` = its index) or ``deadline`` passes.
  ``deadline`` advance at most to this time (µs).
  ``end``      the program has ended: ``{"status": ..., "error": ...}``.

A reply carries ``t`` (world time, µs, which becomes the hub's clock),
``dev`` (fresh readings per object), ``valid`` (until when each object's
readings hold), and optionally ``ret``, ``err``, ``hit`` and ``stop`` (the
world wants the program to stop: the stop button, or time is up).

This module is imported by both processes, so it uses only the standard library.
"""

from __future__ import annotations

import json
import os
import select
from typing import Any

# A hostile program could send an endless line; cap what one message may be.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
_decode = json.JSONDecoder().decode


class ChannelClosed(Exception):
    """The other process closed its end (it ended or crashed)."""


class ChannelTimeout(Exception):
    """Nothing arrived in time."""


class ProtocolError(Exception):
    """Something arrived that is not a message of this protocol."""


class Channel:
    """Newline-delimited JSON messages over a pair of pipe file descriptors."""

    __slots__ = ("_rfd", "_wfd", "_buffer", "_lines")

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._rfd = read_fd
        self._wfd = write_fd
        self._buffer = b""
        self._lines: list[bytes] = []

    def send(self, message: dict[str, Any]) -> None:
        data = (_encode(message) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            try:
                written = os.write(self._wfd, view)
            except BrokenPipeError as exc:
                raise ChannelClosed() from exc
            view = view[written:]

    def receive(self, timeout: float | None = None) -> dict[str, Any]:
        """The next message; waits at most ``timeout`` seconds (None: forever)."""
        while not self._lines:
            if timeout is not None:
                ready, _, _ = select.select([self._rfd], [], [], timeout)
                if not ready:
                    raise ChannelTimeout()
            try:
                chunk = os.read(self._rfd, 1 << 16)
            except OSError as exc:
                raise ChannelClosed() from exc
            if not chunk:
                raise ChannelClosed()
            self._buffer += chunk
            if b"\n" in self._buffer:
                *complete, self._buffer = self._buffer.split(b"\n")
                self._lines.extend(complete)
            if len(self._buffer) > MAX_MESSAGE_BYTES:
                raise ProtocolError("message too long")
        line = self._lines.pop(0)
        try:
            message = _decode(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ProtocolError("not a JSON message") from exc
        if not isinstance(message, dict):
            raise ProtocolError("a message must be a JSON object")
        return message

    def pending(self) -> bool:
        """True when a message can be received without waiting."""
        if self._lines:
            return True
        ready, _, _ = select.select([self._rfd], [], [], 0)
        return bool(ready)

    def close(self) -> None:
        for fd in (self._rfd, self._wfd):
            try:
                os.close(fd)
            except OSError:
                pass
