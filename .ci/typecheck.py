"""Type-check the library code with mypy, each file under the name it installs as.

The folders stay at the top of the repository and install as ``brickclass.*``
(setup.py maps them), a layout mypy's own file discovery cannot name; so this
hands mypy every module with its installed name. Settings come from
``[tool.mypy]`` in pyproject.toml. Run from the repository's root:
``python .ci/typecheck.py``; the exit code is 1 when mypy finds anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mypy import build
from mypy.errors import CompileError
from mypy.main import process_options
from mypy.modulefinder import BuildSource

ROOT = Path(__file__).resolve().parents[1]
# Folder → the package it installs as (the same mapping as setup.py).
PACKAGES = {"brickclass": "brickclass", "simulator": "brickclass.simulator", "robots": "brickclass.robots",
            "lessons": "brickclass.lessons", "tui": "brickclass.tui", "conformance": "brickclass.conformance"}


def _skipped(relative: Path) -> bool:
    # The hub process's own software runs in the sandbox under other names (hubos, pybricks);
    # lesson folders hold pupils' programs, not library code.
    # The wire format both processes speak (hubos/protocol.py) is checked as the world imports it.
    if relative.parts == ("hub", "hubos", "protocol.py"):
        return False
    return (relative.parts[:2] in (("hub", "site"), ("hub", "hubos")) or relative.parts[:2] == ("hub", "boot.py")
            or any(part[:1].isdigit() for part in relative.parts[:-1]))


def sources() -> list[BuildSource]:
    found = []
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT / folder)
            if _skipped(relative):
                continue
            module = ".".join([package, *relative.with_suffix("").parts]).removesuffix(".__init__")
            found.append(BuildSource(str(path), module, None))
    return found


def main() -> int:
    _, options = process_options(["--config-file", str(ROOT / "pyproject.toml"), "-c", "pass"])
    try:
        result = build.build(sources(), options)
    except CompileError as exc:
        print("\n".join(exc.messages))
        return 2
    for line in result.errors:
        print(line)
    errors = sum(": error:" in line for line in result.errors)
    print(f"mypy: {errors} errors in {len(sources())} modules")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
