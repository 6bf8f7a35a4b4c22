"""One hub process: started fenced in, spoken to over its standard input and output, ended with all it started.

The same code on Windows, macOS and Linux; only the fence differs
(``sandbox.containment_for``). The world owns both ends of the conversation's
pipes: the hub process gets the far ends as its standard input and output,
and the world keeps a spare write end of the pipe it reads from. A thread
waits for the process to end and then writes ``END_FRAME`` there, after
everything the process wrote; so the world's blocking read always ends when
the hub process does, even when a child the program started still holds the
pipe open, and without a ``select`` (which Windows has only for sockets).

Standard error is kept, capped, to explain a crash.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path
from typing import Any

from brickclass.simulator.hub.hubos.protocol import END_FRAME, Channel, ChannelClosed
from brickclass.simulator.sandbox import Containment, byte_compile_hub, hub_command, hub_environment

STDERR_CAP_BYTES = 16384


class _Drain(threading.Thread):
    """Reads what the hub process writes to its standard error (capped)."""

    def __init__(self, stream: Any, cap: int = STDERR_CAP_BYTES) -> None:
        super().__init__(daemon=True, name="hub-stderr")
        self.stream = stream
        self.cap = cap
        self.data = bytearray()

    def run(self) -> None:
        try:
            while chunk := self.stream.read(4096):
                if len(self.data) < self.cap:
                    self.data.extend(chunk[: self.cap - len(self.data)])
        except (OSError, ValueError):
            pass


class HubProcess:
    """``start`` it, talk over the channel it returns, then ``end`` it and ``close`` it."""

    def __init__(self, workdir: Path, containment: Containment) -> None:
        self.workdir = workdir
        self.containment = containment
        self.process: subprocess.Popen[bytes] | None = None
        self.channel: Channel | None = None
        self._wake_fd: int | None = None
        self._ended = threading.Event()
        self._waiter: threading.Thread | None = None
        self._drain: _Drain | None = None

    def start(self, start_message: dict[str, Any]) -> Channel:
        """Start the hub process, fence it in, then tell it what to run."""
        to_hub_read, to_hub_write = os.pipe()
        from_hub_read, from_hub_write = os.pipe()
        world_pid = os.getpid() if self.containment.hub_watches_world else None
        byte_compile_hub()
        try:
            self.process = subprocess.Popen(
                hub_command(world_pid=world_pid),
                cwd=self.workdir,
                env=hub_environment(self.workdir),
                stdin=to_hub_read,
                stdout=from_hub_write,
                stderr=subprocess.PIPE,
                **self.containment.popen_options(),
            )
        except BaseException:
            for fd in (to_hub_read, to_hub_write, from_hub_read, from_hub_write):
                os.close(fd)
            raise
        os.close(to_hub_read)
        # The world keeps this write end: the ending of the process is written into it.
        self._wake_fd = from_hub_write
        self.channel = Channel.world_end(from_hub_read, to_hub_write)
        self._drain = _Drain(self.process.stderr)
        self._drain.start()
        self._waiter = threading.Thread(target=self._wait_for_end, name="hub-end", daemon=True)
        self._waiter.start()
        try:
            self.containment.adopt(self.process)
        except OSError:
            self.kill()
            raise
        try:
            self.channel.send({"start": start_message})
        except ChannelClosed:
            pass  # it has ended already: the world's read finds END_FRAME
        return self.channel

    def _wait_for_end(self) -> None:
        assert self.process is not None and self._wake_fd is not None
        self.process.wait()
        self._ended.set()
        try:
            # After everything the process wrote: no request comes after this.
            os.write(self._wake_fd, END_FRAME)
        except OSError:
            pass  # the world has closed its end already

    def overrun(self) -> str | None:
        """A limit the operating system did not hold that the process went past (for the watchdog)."""
        return None if self.process is None else self.containment.overrun(self.process)

    def kill(self) -> None:
        """End the hub process and everything it started, now."""
        if self.process is not None:
            self.containment.kill_all(self.process)

    def end(self, grace_s: float = 0.5) -> None:
        """Give the process a moment to end on its own, then end it and all it started."""
        if self.process is None:
            return
        self._ended.wait(grace_s)
        # Always clear everything: children a program started may still be there
        # after the hub process itself has ended.
        self.kill()
        self._ended.wait(5.0)
        if self._waiter is not None:
            self._waiter.join(timeout=0.5)

    def close(self) -> None:
        """Let go of the pipes and the fence (after ``end``, once nobody reads the channel)."""
        self.containment.close()
        if self.channel is not None:
            # A waiter still writing into a full pipe gets an error now, and finishes.
            self.channel.close()
        if self._waiter is not None:
            self._waiter.join(timeout=1.0)
        if self._wake_fd is not None and not (self._waiter is not None and self._waiter.is_alive()):
            os.close(self._wake_fd)
            self._wake_fd = None
        if self._drain is not None:
            self._drain.join(timeout=0.5)
            if not self._drain.is_alive() and self.process is not None and self.process.stderr is not None:
                self.process.stderr.close()

    def crash_text(self) -> str:
        """The end of what the process wrote to standard error (why it crashed, if it did)."""
        data = bytes(self._drain.data) if self._drain is not None else b""
        return data.decode("utf-8", "replace").strip()[-2000:]
