"""The hub process and the world agree from one source (simulator/hub/hubfacts.py)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from brickclass.simulator.hub import hubfacts
from brickclass.simulator.hub.modules import is_hub_module
from tests.hub_alone import run_on_desk

HUBFACTS = Path(hubfacts.__file__)


def test_hubfacts_needs_only_the_standard_library():
    """The hub process may import it: nothing of the world's, nothing installed."""
    tree = ast.parse(HUBFACTS.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


def test_the_hub_process_imports_exactly_the_modules_the_checker_allows():
    names = run_on_desk("from hubos import runtime\nprint(' '.join(sorted(runtime._HUB_MODULES)))\n").split()
    assert names == sorted(hubfacts.HUB_BUILTIN_MODULES)
    assert all(is_hub_module(name) for name in names)


def test_one_integer_square_root_for_the_firmware_and_the_move_hub():
    assert [hubfacts.isqrt(n) for n in (-4, 0, 1, 3, 4, 15, 16, 17, 10**12)] == [0, 0, 1, 1, 2, 3, 4, 4, 10**6]
    tilt = run_on_desk("from pybricks import _movehub_imu\nfrom hubfacts import isqrt\n"
                       "print(_movehub_imu.isqrt is isqrt)\n")
    assert tilt.strip() == "True"
