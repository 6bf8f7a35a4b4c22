"""A pupil's file as a hub gets it: UTF-8 text, a BOM left out, any line ending a newline.

pybricksdev reads a program (and its own modules) as UTF-8 text before it
compiles it for the hub, in text mode, so CRLF line endings from Windows
editors are fine. A UTF-8 BOM it would pass on to mpy-cross, which takes it
for part of the first word; so every part of brickclass that reads a pupil's
file (the hub process, ``brickclass check``, ``brickclass hub``) reads it
without the BOM. A file in another encoding (Notepad's "ANSI", Windows-1252)
cannot go to a hub at all: ``NotUtf8`` names the first line that is not UTF-8.

Standard library only: the hub process reads pupils' files with this too.
"""

from __future__ import annotations

import codecs
import io

BOM = codecs.BOM_UTF8

_open_file = io.open  # the hub process takes builtins.open away from the pupil's program


class NotUtf8(ValueError):
    """A program file that is not UTF-8 text: a hub reads nothing else."""

    def __init__(self, file: str, line: int, byte: int) -> None:
        super().__init__("{} line {}: byte 0x{:02x} is not UTF-8".format(file, line, byte))
        self.file = file
        self.line = line
        self.byte = byte


def program_text(path: str, shown: str) -> str:
    """The text of the file at ``path`` (``shown`` is its name in messages). Raises OSError or NotUtf8."""
    with _open_file(path, "rb") as handle:
        data = handle.read()
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(shown, data.count(b"\n", 0, exc.start) + 1, data[exc.start]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
