"""Will this program run on a hub? Checks before a program goes to a real hub (or into a batch).

1. It must compile with the MicroPython cross-compiler at the hub firmware's
   bytecode version (mpy-cross v6, MPY ABI 6, as pybricksdev uses for Pybricks 3.x/4.x).
2. It may import only what a hub has (pybricks, umath, urandom, …) or the
   program's own files next to it.
3. Its integer constants must fit: the hub firmware has no long integers
   (``MICROPY_LONGINT_IMPL_NONE``), so 2**40 is an OverflowError on the hub.

Each finding has a line and a hint in the pupil's language.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brickclass.i18n import t
from simulator.hub.modules import HUB_INT_MAX, HUB_INT_MIN, is_hub_module, missing_module_hint_key

PYBRICKS_MODULES = {"pybricks", "pybricks.hubs", "pybricks.pupdevices", "pybricks.parameters", "pybricks.robotics",
                    "pybricks.tools", "pybricks.iodevices", "pybricks.geometry", "pybricks.media", "pybricks.messaging"}


@dataclass(frozen=True)
class Finding:
    line: int | None
    kind: str  # syntax | module | integer
    message: str
    hint: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "kind": self.kind, "message": self.message, "hint": self.hint}


def compile_for_hub(source: str, filename: str) -> tuple[bytes | None, str]:
    """(mpy bytes or None, the compiler's complaint)."""
    import mpy_cross_v6

    process, mpy = mpy_cross_v6.mpy_cross_compile(filename, source)
    if process.returncode == 0 and mpy is not None:
        return mpy, ""
    return None, (process.stderr or b"").decode("utf-8", "replace")


_LINE = re.compile(r'line (\d+)')

_SAFE_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Pow: operator.pow,
             ast.LShift: operator.lshift, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}


def _constant_int(node: ast.AST) -> int | None:
    """The value of an integer expression made only of literals (like 2**40), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _constant_int(node.operand)
        return None if value is None else -value
    if isinstance(node, ast.BinOp) and type(node.op) in _SAFE_OPS:
        left, right = _constant_int(node.left), _constant_int(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, (ast.Pow, ast.LShift)) and not 0 <= right <= 256:
            return None
        try:
            return _SAFE_OPS[type(node.op)](left, right)
        except (ZeroDivisionError, OverflowError, ValueError):
            return None
    return None


def check_source(source: str, filename: str = "program.py", folder: Path | None = None,
                 lang: str | None = None) -> list[Finding]:
    findings: list[Finding] = []
    _, complaint = compile_for_hub(source, filename)
    python_line: int | None = None
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as exc:
        tree = None
        # CPython knows better where the mistake is (an unclosed bracket, say).
        python_line = exc.lineno
    if complaint:
        match = _LINE.search(complaint)
        message = complaint.strip().splitlines()[-1] if complaint.strip() else "SyntaxError"
        line = python_line if tree is None and python_line else (int(match.group(1)) if match else None)
        findings.append(Finding(line, "syntax", message, t("check.syntax", lang)))
    if tree is None:
        return findings
    local = {p.stem for p in folder.glob("*.py")} if folder is not None else set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top == "pybricks":
                if name not in PYBRICKS_MODULES:
                    findings.append(Finding(node.lineno, "module", f"no module named '{name}'",
                                            t("explain.import.pybricks", lang, module=name)))
            elif not is_hub_module(name) and top not in local:
                findings.append(Finding(node.lineno, "module", f"no module named '{name}'",
                                        t(missing_module_hint_key(name), lang, module=name)))
        if isinstance(node, (ast.BinOp, ast.Constant, ast.UnaryOp)):
            value = _constant_int(node)
            if value is not None and not HUB_INT_MIN <= value <= HUB_INT_MAX:
                findings.append(Finding(getattr(node, "lineno", None), "integer",
                                        f"{value} does not fit in a hub's integers",
                                        t("check.integer", lang, low=HUB_INT_MIN, high=HUB_INT_MAX)))
    # One finding per line and kind: 2**40 should not also report its parts.
    unique: dict[tuple[int | None, str], Finding] = {}
    for finding in sorted(findings, key=lambda f: (f.line or 0, f.kind)):
        unique.setdefault((finding.line, finding.kind), finding)
    return list(unique.values())


def check_file(path: Path, lang: str | None = None) -> list[Finding]:
    source = path.read_text(encoding="utf-8")
    return check_source(source, path.name, path.parent, lang)
