"""Whether the simulator's hot modules run compiled, and the way back to their pure Python.

The build compiles the hot modules with mypyc when it can (setup.py) and
leaves ``_compiled.json`` beside them: which sources were compiled, with the
hash of each. When that file is missing nothing was compiled. The pure
sources run instead of the compiled modules

- when ``BRICKCLASS_PURE_PYTHON=1`` is set (to compare, or to debug), or
- when a source no longer matches what was compiled: a developer edited it
  in an editable install (only those are checked, in under a millisecond).
  Then a warning says so, and how to rebuild.

Compiled and pure give the same results bit for bit; only the speed differs.
This module is never compiled itself.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

PURE_SWITCH = "BRICKCLASS_PURE_PYTHON"
PACKAGE = "brickclass.simulator"
_HERE = Path(__file__).resolve().parent
MANIFEST = _HERE / "_compiled.json"
REBUILD = "python -m pip install -e ."


@dataclass(frozen=True)
class Status:
    """How the simulator runs in this process."""

    compiled: bool
    modules: int  # how many modules run compiled
    why_pure: str  # "" when compiled: "not built", "asked", or the first edited source


def _module_name(source: str) -> str:
    dotted = source[: -len(".py")].replace("/", ".")
    if dotted.endswith("__init__"):
        dotted = dotted[: -len(".__init__")]
    return f"{PACKAGE}.{dotted}"


class _PureSources:
    """Finds the compiled modules' .py sources before the import system finds their compiled files."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources

    def find_spec(self, fullname: str, path: object = None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None:
            return None
        package_dirs = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, source, submodule_search_locations=package_dirs)


def _read_manifest() -> tuple[dict[str, str], bool]:
    """The compiled sources with their hashes, and whether this is an editable install's build."""
    try:
        data = json.loads(MANIFEST.read_text(encoding="utf-8"))
        return {str(name): str(digest) for name, digest in data["sources"].items()}, bool(data["editable"])
    except (OSError, ValueError, KeyError, AttributeError):
        return {}, False


def _first_edited(sources: dict[str, str]) -> str:
    for name, digest in sources.items():
        try:
            if hashlib.sha256((_HERE / name).read_bytes()).hexdigest() != digest:
                return name
        except OSError:
            return name
    return ""


def _decide() -> Status:
    sources, editable = _read_manifest()
    if not sources:
        return Status(False, 0, "not built")
    if os.environ.get(PURE_SWITCH) == "1":
        why = "asked"
    else:
        edited = _first_edited(sources) if editable else ""
        if not edited:
            return Status(True, len(sources), "")
        why = f"{edited} was edited"
        warnings.warn(f"brickclass: {why} since the simulator was compiled; running it as pure Python "
                      f"(slower, same results). Rebuild with: {REBUILD}", RuntimeWarning, stacklevel=3)
    # Every compiled module or none: the compiled ones call each other directly.
    sys.meta_path.insert(0, _PureSources({_module_name(name): _HERE / name for name in sources}))
    return Status(False, 0, why)


STATUS = _decide()
