"""Notice when a pupil saves their program (or their field), on every system, without a new dependency.

Polling, not OS events: the same code on Windows, macOS and Linux, and it
follows a file that an editor saves by writing a new file and renaming it
over the old one (a new inode each save) as well as one written in place.
A save counts once it has settled: the file is there and reads the same
twice in a row, so a run never starts on a half-written file, and an editor
that deletes before it renames just looks like a moment without the file.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

POLL_S = 0.25

Fingerprint = tuple[int, int, int, str]  # mtime_ns, size, inode, content hash


def fingerprint(path: Path) -> Fingerprint | None:
    """What the file is now, or None while it is missing or cannot be read."""
    try:
        stat = os.stat(path)
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino, digest)


class FileWatch:
    """``changed()`` says True once for each settled save of any of ``paths``."""

    def __init__(self, paths: Sequence[Path], *, poll_s: float = POLL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.paths = [Path(p) for p in paths]
        self.poll_s = poll_s
        self.clock = clock
        self._accepted = [fingerprint(p) for p in self.paths]
        self._candidate: list[Fingerprint | None] | None = None
        self._last_poll = -1e9

    def changed(self) -> bool:
        """Look at the files (at most every ``poll_s``); True when a save has settled."""
        now = self.clock()
        if now - self._last_poll < self.poll_s:
            return False
        self._last_poll = now
        current = [fingerprint(p) for p in self.paths]
        if current == self._accepted:
            self._candidate = None
            return False
        if any(print_ is None for print_ in current):
            return False  # mid-save: the old file is gone, the new one not yet there
        if current != self._candidate:
            self._candidate = current  # seen once: wait for it to read the same again
            return False
        self._accepted = current
        self._candidate = None
        return True

    def wait(self, sleep: Callable[[float], None] = time.sleep) -> None:
        """Block until a save has settled (Ctrl+C ends the wait with KeyboardInterrupt)."""
        while not self.changed():
            sleep(self.poll_s / 2)
