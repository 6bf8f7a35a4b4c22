"""brickclass: the front door of the classroom kit.

The command line (``brickclass``) and the classroom core (gradebook, roster,
assignments, batch grading, export) that the command line and the teacher's
app share. Nothing here imports a window or a terminal UI.

Everything of the kit imports as ``brickclass.*``: an installed wheel holds
``brickclass/simulator``, ``brickclass/robots``…; a checkout (or an unpacked
sdist) keeps those folders beside this one, so there they are found one level up.
"""

from pathlib import Path as _Path

__version__ = "0.1.0"

_checkout = _Path(__file__).resolve().parent.parent
if not (_Path(__file__).parent / "simulator").is_dir() and (_checkout / "simulator").is_dir():
    __path__.append(str(_checkout))
del _Path, _checkout
