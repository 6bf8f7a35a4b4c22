"""Which modules a Pybricks hub can import, and what to say when it can't.

One source of truth for the simulator's import guard and for
``brickclass check``. Facts from the Pybricks firmware (4.x):

- ``bricks/_common/mpconfigport.h`` enables math (renamed ``umath``, see the
  firmware CHANGELOG for 3.1.0a3), io, micropython, struct, sys, errno, json,
  random, select and gc on the SPIKE/Robot Inventor/Essential hubs, and turns
  off collections, array, cmath, sys.exit and the file system.
- The importer (``bricks/_common/micropython.c``, ``pb_builtin_import``)
  tries built-ins, then extensible built-ins, which answer to both spellings
  (``struct`` and ``ustruct``), then modules downloaded with the program.
- The maths module: firmware 3.x (MicroPython up to 1.20) registers it as
  ``umath`` only, so ``import math`` fails there; 4.x (MicroPython 1.26)
  registers ``math`` as an extensible module, so both spellings work.
  ``umath`` works on every Pybricks hub, so it is the one we allow.
- The ``pybricks`` package of a SPIKE Prime hub (``pybricks/pybricks.c`` and
  ``bricks/primehub_f4/mpconfigport.h``) has hubs, pupdevices, parameters,
  robotics, tools, iodevices, messaging and experimental, plus geometry kept
  as an alias of tools; there is no media, ev3devices or nxtdevices.
"""

from __future__ import annotations

# Which built-in modules a hub has: one table, shared with the hub process.
from brickclass.simulator.hub.hubfacts import HUB_BUILTIN_MODULES

# The Pybricks package itself; any submodule that exists may be imported.
PYBRICKS_PACKAGE = "pybricks"

# The modules of that package on a SPIKE Prime / Robot Inventor / Essential hub.
HUB_PYBRICKS_MODULES = frozenset({
    "pybricks", "pybricks.hubs", "pybricks.pupdevices", "pybricks.parameters", "pybricks.robotics",
    "pybricks.tools", "pybricks.iodevices", "pybricks.messaging", "pybricks.experimental", "pybricks.geometry",
})

# Modules pupils reach for that a hub does not have, with the hint key
# (in the ``hub`` catalogue) that says what to use instead.
MISSING_MODULE_HINTS: dict[str, str] = {
    "math": "hub.missing.math",
    "time": "hub.missing.time",
    "utime": "hub.missing.time",
    "os": "hub.missing.os",
    "uos": "hub.missing.os",
    "threading": "hub.missing.threading",
    "_thread": "hub.missing.threading",
    "asyncio": "hub.missing.asyncio",
    "uasyncio": "hub.missing.asyncio",
    "collections": "hub.missing.collections",
    "ucollections": "hub.missing.collections",
    "array": "hub.missing.generic",
    "cmath": "hub.missing.generic",
    "socket": "hub.missing.network",
    "usocket": "hub.missing.network",
    "requests": "hub.missing.network",
    "urllib": "hub.missing.network",
    "subprocess": "hub.missing.os",
    "shutil": "hub.missing.os",
    "pathlib": "hub.missing.os",
    "turtle": "hub.missing.generic",
    "tkinter": "hub.missing.generic",
    "numpy": "hub.missing.generic",
    "datetime": "hub.missing.time",
    "re": "hub.missing.generic",
    "copy": "hub.missing.generic",
    "itertools": "hub.missing.generic",
    "functools": "hub.missing.generic",
    "typing": "hub.missing.generic",
}

# Largest integer a hub holds: MicroPython small ints on a 32-bit hub, with
# long integers turned off (MICROPY_LONGINT_IMPL_NONE).
HUB_INT_MAX = 2**30 - 1
HUB_INT_MIN = -(2**30)


def is_hub_module(name: str) -> bool:
    """True when ``import name`` works on a hub (not counting the program's own files)."""
    top = name.split(".")[0]
    return top in HUB_BUILTIN_MODULES or top == PYBRICKS_PACKAGE


def missing_module_hint_key(name: str) -> str:
    """The catalogue key of the hint for a module the hub lacks."""
    return MISSING_MODULE_HINTS.get(name.split(".")[0], "hub.missing.generic")
