"""Dependencies run one way: language → simulator → lessons → classroom core → the edges.

Each rule is checked on the code itself (every import statement, wherever it
sits in a module) and, for what a run pulls in, in a fresh process. A new
import that breaks the layering fails here, with the file and line.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Folder in the repository → the name it imports as.
PACKAGES = {"brickclass": "brickclass", "simulator": "brickclass.simulator", "robots": "brickclass.robots",
            "lessons": "brickclass.lessons", "tui": "brickclass.tui", "conformance": "brickclass.conformance"}

# Layers, lowest first; a module may import its own layer and the ones below it.
ORDER = ("language", "hub facts", "simulator", "lessons", "hub link", "classroom", "window", "app", "command line",
         "conformance")


def layer(module: str) -> str | None:
    """The layer a module of ours belongs to (None for a module that is not ours)."""
    if module != "brickclass" and not module.startswith("brickclass."):
        return None
    parts = module.split(".")[1:]
    match parts:
        case []:
            return "language"  # the package's own __init__ imports nothing
        case ["language", *_]:
            return "language"
        case ["simulator", "hub", "hubfacts"]:
            return "hub facts"
        case ["simulator", "hub", ("hubos" | "site"), *_] | ["simulator", "hub", "boot"]:
            return "hub process"
        case ["simulator", "render", *_]:
            return "window"
        case ["simulator", *_] | ["robots"] | ["robots", "models"]:
            return "simulator"
        case ["robots", "hub_link", *_]:
            return "hub link"
        case ["lessons", *_]:
            return "lessons"
        case ["classroom", *_]:
            return "classroom"
        case ["tui", *_]:
            return "app"
        case ["cli"] | ["__main__"] | ["commands", *_]:
            return "command line"
        case ["conformance", *_]:
            return "conformance"
    raise AssertionError(f"{module}: no layer; add it to tests/test_layers.py")


# What the world may take from the hub process's side: the wire format both ends speak
# (standard library only, like hubfacts).
WIRE = {"brickclass.simulator.hub.hubos.protocol"}
# The command line is the front door: it may open the window and start the app.
EDGE_MAY_START = {"command line": {"window", "app"}}


@dataclass(frozen=True)
class Import:
    source: str  # the module that imports
    target: str  # the module it names
    where: str  # file:line

    def __str__(self) -> str:
        return f"{self.where}: {self.source} imports {self.target}"


def _module_name(path: Path) -> str:
    folder = path.relative_to(ROOT).parts[0]
    rest = path.relative_to(ROOT / folder).with_suffix("").parts
    name = ".".join([PACKAGES[folder], *rest])
    return name.removesuffix(".__init__")


def _imports() -> list[Import]:
    found = []
    for folder in PACKAGES:
        for path in (ROOT / folder).rglob("*.py"):
            source = _module_name(path)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    # Relative imports stay inside their own package (the hub process's own software).
                    continue
                else:
                    continue
                for name in names:
                    found.append(Import(source, name, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


IMPORTS = _imports()


def _ours(target: str) -> bool:
    """A module name of ours that exists (``from x import name`` also lists x.name, which may be a function)."""
    if target != "brickclass" and not target.startswith("brickclass."):
        return False
    parts = target.split(".")[1:]
    folder = {"simulator", "robots", "lessons", "tui", "conformance"}
    base = ROOT / parts[0] if parts and parts[0] in folder else ROOT / "brickclass"
    rest = parts[1:] if parts and parts[0] in folder else parts
    path = base.joinpath(*rest) if rest else base
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file() or path.is_dir()


def test_every_module_imports_only_its_own_layer_and_the_ones_below():
    wrong = []
    for item in IMPORTS:
        if not _ours(item.target):
            continue
        source, target = layer(item.source), layer(item.target)
        if source == "hub process":
            continue
        if target == "hub process":
            if item.target not in WIRE:
                wrong.append(f"{item} (the hub process's software is the sandbox's, not the world's)")
            continue
        if target in EDGE_MAY_START.get(source, ()):
            continue
        if ORDER.index(target) > ORDER.index(source):
            wrong.append(f"{item} ({source} may not import {target})")
    assert wrong == []


def test_the_edges_do_not_import_each_other_backwards():
    edges = ("window", "app")
    wrong = [str(item) for item in IMPORTS if _ours(item.target)
             and layer(item.source) in edges and layer(item.target) in (*edges, "command line")
             and layer(item.source) != layer(item.target)]
    assert wrong == []


def test_the_language_package_imports_nothing_of_ours():
    wrong = [str(item) for item in IMPORTS
             if layer(item.source) == "language" and _ours(item.target) and layer(item.target) != "language"]
    assert wrong == []


def test_the_teacher_app_talks_only_to_the_classroom_core():
    allowed_layers = {"language", "classroom", "app"}
    wrong = [str(item) for item in IMPORTS if layer(item.source) == "app"
             and ((_ours(item.target) and layer(item.target) not in allowed_layers)
                  or item.target.split(".")[0] in ("sqlite3", "subprocess", "pymunk", "pygame"))]
    assert wrong == []


def test_the_hub_process_imports_only_the_standard_library_and_its_own_software():
    own = {"hubos", "pybricks", "micropython", "umath", "urandom", "ustruct", "usys", "uerrno", "uio", "ujson",
           "uselect", "_hub_gc", "hubfacts"}
    wrong = []
    for item in IMPORTS:
        if layer(item.source) != "hub process":
            continue
        top = item.target.split(".")[0]
        if top in own or top in sys.stdlib_module_names or top == "__future__":
            continue
        wrong.append(str(item))
    assert wrong == []


def test_hub_facts_is_standard_library_only():
    wrong = [str(item) for item in IMPORTS if layer(item.source) == "hub facts"
             and item.target.split(".")[0] not in sys.stdlib_module_names and item.target != "__future__"]
    assert wrong == []


def _modules_after(code: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


@pytest.mark.parametrize("code", [
    # A headless run, start to end.
    "from pathlib import Path; import tempfile\n"
    "from brickclass.simulator.run import RunOptions, run_program\n"
    "d = Path(tempfile.mkdtemp()); p = d / 'p.py'; p.write_text('print(1)')\n"
    "assert run_program(RunOptions(program=p)).status == 'finished'",
    # The classroom core, grading a lesson and reading a gradebook.
    "import brickclass.classroom.api, brickclass.classroom.grading, brickclass.classroom.judging",
])
def test_a_headless_run_and_the_classroom_core_import_no_window_and_no_terminal_ui(code):
    loaded = _modules_after(code)
    assert not {name for name in loaded if name.split(".")[0] in ("pygame", "textual")}
    assert "brickclass.simulator.render" not in loaded


def test_a_pupil_program_cannot_reach_the_world_modules(tmp_path):
    code = """
for name in ("brickclass", "brickclass.simulator.world", "pymunk", "pygame", "textual", "sqlite3"):
    try:
        __import__(name)
        print("reached", name)
    except ImportError:
        pass
print("done")
"""
    from tests.runner import run_source

    result = run_source(tmp_path, code)
    assert result.status == "finished", result.error
    assert result.stdout.split() == ["done"]
