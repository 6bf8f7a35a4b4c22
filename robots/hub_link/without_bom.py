"""A program goes to the hub without the BOM some Windows editors put in front of it.

pybricksdev reads the program and its own modules beside it as UTF-8 text and
hands them to mpy-cross, which takes a byte-order mark for part of the first
word: a file saved as "UTF-8 with BOM" fails on the hub with a SyntaxError on
line 1, or a NameError for an invisible name. The simulator and ``brickclass
check`` read such a file without its BOM; so does a hub, through this: when the
program or a module beside it starts with a BOM, they are sent from a
throw-away folder, without it. CRLF line endings need nothing (pybricksdev
reads text with universal newlines).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from brickclass.simulator.hub.hubfacts import BOM

# As many of the program's neighbours as the simulator takes along (simulator/run.py).
MAX_NEIGHBOURS = 32


def _starts_with_bom(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(BOM)) == BOM
    except OSError:
        return False


@contextmanager
def sendable(program: Path) -> Iterator[Path]:
    """The path to give pybricksdev: the program itself, or a copy of its folder's modules without BOMs."""
    neighbours = sorted(p for p in program.parent.glob("*.py") if p.name != program.name)[:MAX_NEIGHBOURS]
    files = [program, *neighbours]
    if not any(_starts_with_bom(path) for path in files):
        yield program
        return
    with tempfile.TemporaryDirectory(prefix="brickclass-hub-") as folder:
        for path in files:
            data = path.read_bytes()
            if data.startswith(BOM):
                data = data[len(BOM):]
            (Path(folder) / path.name).write_bytes(data)
        yield Path(folder) / program.name
