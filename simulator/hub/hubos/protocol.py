"""The lock-step conversation between the hub process and the world process.

Messages are JSON objects over the hub process's standard input and output
(pipes exist on every system), each framed by its length: four bytes,
big-endian, then that many bytes of UTF-8 JSON. The hub process only ever
*asks* (a request) and the world always *answers* (one reply per request), so
neither side can run ahead of the other.

Before the first request the world sends one start message (``start``: the
program's file name, the seed, the hub's class and name), once the hub process
is fenced in; the pupil's program does not run before it arrives.

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

This module is imported by both processes, so it uses only the standard
library. Reading blocks: the world's time limits live outside the channel (its
watchdog ends the hub process, and then an empty frame, ``END_FRAME``, ends the
conversation; see ``simulator/hub_process.py``).
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

# A hostile program could announce an endless message; cap what one may be.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024

_HEADER = struct.Struct(">I")
HEADER_BYTES = _HEADER.size
# An empty message: the conversation is over (no real message is empty).
END_FRAME = _HEADER.pack(0)

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
_decode = json.JSONDecoder().decode
_pack = _HEADER.pack
_unpack_from = _HEADER.unpack_from


class ChannelClosed(Exception):
    """The other process closed its end (it ended or crashed)."""


class ProtocolError(Exception):
    """Something arrived that is not a message of this protocol."""


class Channel:
    """Length-framed JSON messages over a pair of pipe file descriptors."""

    __slots__ = ("_rfd", "_wfd", "_buffer")

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._rfd = read_fd
        self._wfd = write_fd
        self._buffer = b""

    def send(self, message: dict[str, Any]) -> None:
        body = _encode(message).encode("utf-8")
        data = _pack(len(body)) + body
        try:
            written = os.write(self._wfd, data)
            while written < len(data):  # a big message goes in several pieces
                written += os.write(self._wfd, data[written:])
        except OSError as exc:  # BrokenPipeError, or EINVAL on Windows
            raise ChannelClosed() from exc

    def receive(self) -> dict[str, Any]:
        """The next message; waits for it as long as it takes."""
        buffer = self._buffer
        while True:
            if len(buffer) >= HEADER_BYTES:
                size = _unpack_from(buffer)[0]
                if size == 0:
                    self._buffer = buffer[HEADER_BYTES:]
                    raise ChannelClosed()
                if size > MAX_MESSAGE_BYTES:
                    raise ProtocolError("message too long")
                end = HEADER_BYTES + size
                if len(buffer) >= end:
                    body = buffer[HEADER_BYTES:end]
                    self._buffer = buffer[end:]
                    break
            try:
                chunk = os.read(self._rfd, 1 << 16)
            except OSError as exc:
                raise ChannelClosed() from exc
            if not chunk:
                self._buffer = buffer
                raise ChannelClosed()
            buffer = buffer + chunk if buffer else chunk
        try:
            message = _decode(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ProtocolError("not a JSON message") from exc
        if not isinstance(message, dict):
            raise ProtocolError("a message must be a JSON object")
        return message

    def close(self) -> None:
        for fd in (self._rfd, self._wfd):
            try:
                os.close(fd)
            except OSError:
                pass
