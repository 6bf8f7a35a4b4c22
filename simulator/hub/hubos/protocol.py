"""The lock-step conversation between the hub process and the world process.

Messages are objects (dicts) over the hub process's standard input and output
(pipes exist on every system), each framed by its length: four bytes,
big-endian, then that many bytes. The hub process only ever *asks* (a
request) and the world always *answers* (one reply per request), so neither
side can run ahead of the other.

Requests are UTF-8 JSON: they come from the pupil's program, so the world
reads them with a parser that builds nothing but plain data, and checks every
field (``simulator/session.py``). Replies come from the world, which the hub
process trusts, in ``marshal``'s format: both processes run the same Python,
and it reads and writes several times faster than JSON. The world sends
only what JSON could carry (lists, not tuples; string keys), so a reply
reads the same either way.

Before the first request the world sends one start message (``start``: the
program's file name, the seed, the hub's class and name), once the hub process
is fenced in; the pupil's program does not run before it arrives.

A request may carry:
  ``t``        the hub's local clock (µs) when it was sent; the world first
               advances to this time.
  ``out``      text the program printed since the last request.
  ``r``        how often the program read each sensor (by id) since the last request.
  ``q``        queued commands ``[t_us, obj, method, args]`` that return
               nothing and cannot fail, applied in order at their own times.
  ``call``     one command ``[obj, method, args]`` whose result (or error)
               comes back as ``ret`` / ``err``.
  ``until``    conditions ``[kind, obj]``; the world advances tick by tick
               until one holds (``hit`` = its index) or ``deadline`` passes.
  ``deadline`` advance at most to this time (µs).
  ``end``      the program has ended: ``{"status": ..., "error": ...}``.

  ``w``        ids of objects whose readings the program now wants (it
               read them for the first time); the world sends readings of
               those objects only.

A reply carries ``t`` (world time, µs, which becomes the hub's clock),
``dev`` (the readings of each wanted object whose readings changed since the
last reply), ``valid`` (until when an object's readings hold, where that
changed), and optionally ``ret``, ``err``, ``hit`` and ``stop`` (the world
wants the program to stop: the stop button, or time is up).

This module is imported by both processes, so it uses only the standard
library. Reading blocks: the world's time limits live outside the channel (its
watchdog ends the hub process, and then an empty frame, ``END_FRAME``, ends the
conversation; see ``simulator/hub_process.py``).
"""

from __future__ import annotations

import json
import marshal
import os
import struct

# For the type checker only: the hub process starts without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
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
_MARSHAL_VERSION = 4


class ChannelClosed(Exception):
    """The other process closed its end (it ended or crashed)."""


class ProtocolError(Exception):
    """Something arrived that is not a message of this protocol."""


def json_bytes(message: dict[str, Any]) -> bytes:
    return _encode(message).encode("utf-8")


def json_message(body: bytes) -> dict[str, Any]:
    try:
        message = _decode(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError("not a JSON message") from exc
    if not isinstance(message, dict):
        raise ProtocolError("a message must be a JSON object")
    return message


def marshal_bytes(message: dict[str, Any]) -> bytes:
    return marshal.dumps(message, _MARSHAL_VERSION)


def marshal_message(body: bytes) -> dict[str, Any]:
    try:
        message = marshal.loads(body)
    except (EOFError, ValueError, TypeError) as exc:
        raise ProtocolError("not a world message") from exc
    if not isinstance(message, dict):
        raise ProtocolError("a message must be an object")
    return message


class Channel:
    """Length-framed messages over a pair of pipe file descriptors (JSON both ways unless told)."""

    __slots__ = ("_rfd", "_wfd", "_buffer", "_to_bytes", "_from_bytes")

    def __init__(self, read_fd: int, write_fd: int, *,
                 sends: Callable[[dict[str, Any]], bytes] = json_bytes,
                 receives: Callable[[bytes], dict[str, Any]] = json_message) -> None:
        self._rfd = read_fd
        self._wfd = write_fd
        self._buffer = b""
        self._to_bytes = sends
        self._from_bytes = receives

    @classmethod
    def world_end(cls, read_fd: int, write_fd: int) -> Channel:
        """The world's end: reads JSON requests, sends marshal replies."""
        return cls(read_fd, write_fd, sends=marshal_bytes, receives=json_message)

    @classmethod
    def hub_end(cls, read_fd: int, write_fd: int) -> Channel:
        """The hub process's end: sends JSON requests, reads marshal replies."""
        return cls(read_fd, write_fd, sends=json_bytes, receives=marshal_message)

    def send(self, message: dict[str, Any]) -> None:
        body = self._to_bytes(message)
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
        return self._from_bytes(body)

    def close(self) -> None:
        for fd in (self._rfd, self._wfd):
            try:
                os.close(fd)
            except OSError:
                pass
