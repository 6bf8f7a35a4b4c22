"""What compiles for a hub but still fails on it: the rules ``brickclass check`` applies to a program's syntax tree.

mpy-cross accepts any MicroPython syntax, but the hub's firmware leaves out
parts of Python (``bricks/_common/mpconfigport.h`` of pybricks-micropython):

- modules it does not have (``brickclass.simulator.hub.modules`` lists what it has);
- big integers (``MICROPY_LONGINT_IMPL_NONE``): only small ints, 31 bits;
- ``property``, ``filter``, ``frozenset`` (``MICROPY_PY_BUILTINS_* 0``),
  ``sys.exit`` and ``sys.modules`` (``MICROPY_PY_SYS_EXIT/MODULES 0``),
  ``__file__`` (``MICROPY_PY___FILE__ 0``);
- files: ``open`` always raises ENOENT (``bricks/_common/micropython.c``);
- relative imports raise NotImplementedError (``pb_builtin_import``);
- ``print`` takes only ``sep``, ``end`` and ``file``; ``exit()``/``quit()``
  are not MicroPython built-ins.

Each rule returns ``Spotted`` items: where, which rule, and the facts its
message needs; ``brickclass.classroom.checker`` turns them into words.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from brickclass.simulator.hub.modules import (
    HUB_INT_MAX,
    HUB_INT_MIN,
    HUB_PYBRICKS_MODULES,
    PYBRICKS_PACKAGE,
    is_hub_module,
)

# Built-in names a pupil may use from CPython habit that the hub does not have.
MISSING_BUILTINS = {"property", "filter", "frozenset", "open", "exit", "quit", "__file__"}
MISSING_SYS_ATTRIBUTES = {"exit", "modules"}
PRINT_KEYWORDS = {"sep", "end", "file"}
SYS_MODULES = {"sys", "usys"}


@dataclass(frozen=True)
class Spotted:
    line: int | None
    kind: str  # module | integer | feature
    rule: str  # stable id, e.g. "module", "pybricks-module", "relative-import", "integer", "builtin", "sys", "print"
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LocalImport:
    """A module the program imports that is not built into the hub: its own file, if there is one."""

    name: str
    line: int


_FOLD: dict[type[ast.operator], Callable[[int, int], int]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Pow: operator.pow,
    ast.LShift: operator.lshift, ast.RShift: operator.rshift, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.BitOr: operator.or_, ast.BitAnd: operator.and_, ast.BitXor: operator.xor,
}
# Folding stops here: anything this wide is far past a hub's 31 bits anyway,
# and a pupil (or a prankster) writing 10**10**10 must not stall the checker.
_FOLD_LIMIT_BITS = 256


class _TooWide(Exception):
    pass


def constant_int(node: ast.AST) -> int | None:
    """The value of an integer expression made only of literals (like ``2**40``), else None.

    Raises ``_TooWide`` for a value wider than ``_FOLD_LIMIT_BITS``.
    """
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, int) and not isinstance(node.value, bool) else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Invert)):
        value = constant_int(node.operand)
        if value is None:
            return None
        return -value if isinstance(node.op, ast.USub) else (~value if isinstance(node.op, ast.Invert) else value)
    if isinstance(node, ast.BinOp) and type(node.op) in _FOLD:
        left, right = constant_int(node.left), constant_int(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Pow):
            if right < 0:
                return None  # a float on the hub
            if abs(left) > 1 and right * abs(left).bit_length() > _FOLD_LIMIT_BITS:
                raise _TooWide
        if isinstance(node.op, (ast.LShift, ast.RShift)) and right < 0:
            return None
        if isinstance(node.op, ast.LShift):
            if left and right + abs(left).bit_length() > _FOLD_LIMIT_BITS:
                raise _TooWide
        try:
            value = _FOLD[type(node.op)](left, right)
        except (ZeroDivisionError, ValueError):
            return None
        if value.bit_length() > _FOLD_LIMIT_BITS:
            raise _TooWide
        return value
    return None


def _bound_names(tree: ast.AST) -> set[str]:
    """Names the program defines itself (so its own ``open`` or ``filter`` is not the missing built-in)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def _imports(tree: ast.AST) -> Iterator[Spotted | LocalImport]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            yield Spotted(node.lineno, "feature", "relative-import")
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            if node.module in SYS_MODULES:
                for alias in node.names:
                    if alias.name in MISSING_SYS_ATTRIBUTES:
                        yield Spotted(node.lineno, "feature", "sys", {"name": alias.name})
        else:
            continue
        for name in names:
            if name.split(".")[0] == PYBRICKS_PACKAGE:
                if name not in HUB_PYBRICKS_MODULES:
                    yield Spotted(node.lineno, "module", "pybricks-module", {"module": name})
            elif not is_hub_module(name):
                yield LocalImport(name, node.lineno)


def _sys_aliases(tree: ast.AST) -> set[str]:
    return {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
            for alias in node.names if alias.name in SYS_MODULES}


def _features(tree: ast.AST) -> Iterator[Spotted]:
    own = _bound_names(tree)
    sys_names = _sys_aliases(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in MISSING_BUILTINS \
                and node.id not in own:
            yield Spotted(node.lineno, "feature", "builtin", {"name": node.id})
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in sys_names \
                and node.attr in MISSING_SYS_ATTRIBUTES:
            yield Spotted(node.lineno, "feature", "sys", {"name": node.attr})
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print" \
                and "print" not in own:
            for keyword in node.keywords:
                if keyword.arg is not None and keyword.arg not in PRINT_KEYWORDS:
                    yield Spotted(node.lineno, "feature", "print", {"name": keyword.arg})


def _integers(node: ast.AST, source: str) -> Iterator[Spotted]:
    """Whole constant expressions out of the hub's range: the compiler folds ``-2**30`` into one in-range number."""
    if isinstance(node, (ast.BinOp, ast.Constant, ast.UnaryOp)):
        too_wide = False
        try:
            value = constant_int(node)
        except _TooWide:
            value, too_wide = None, True
        if value is not None or too_wide:
            if too_wide or not HUB_INT_MIN <= value <= HUB_INT_MAX:  # type: ignore[operator]
                number = ast.get_source_segment(source, node) or str(value)
                yield Spotted(getattr(node, "lineno", None), "integer", "integer",
                              {"number": number, "too_wide": too_wide})
            return
    for child in ast.iter_child_nodes(node):
        yield from _integers(child, source)


def inspect_tree(tree: ast.AST, source: str) -> tuple[list[Spotted], list[LocalImport]]:
    """What in one file would fail on a hub, and the non-hub modules it imports (the program's own, or missing)."""
    spotted: list[Spotted] = []
    local: list[LocalImport] = []
    for item in _imports(tree):
        (local if isinstance(item, LocalImport) else spotted).append(item)  # type: ignore[arg-type]
    spotted.extend(_features(tree))
    spotted.extend(_integers(tree, source))
    return spotted, local
