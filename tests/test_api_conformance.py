"""Our pybricks API matches the official stubs: every class, method, argument name and default.

The stubs (the `pybricks` package on PyPI, a test dependency) describe the API
of a real hub. Our package runs in the hub process, so its API is dumped by
``api_dump.py`` in a separate interpreter and compared here. Deliberate gaps
are listed in GAPS with the reason.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import pybricks._common as stub_common
import pybricks.hubs as stub_hubs
import pybricks.parameters as stub_parameters
import pybricks.pupdevices as stub_pupdevices
import pybricks.robotics as stub_robotics
import pybricks.tools as stub_tools

STUBS = {"hubs": stub_hubs, "pupdevices": stub_pupdevices, "parameters": stub_parameters,
         "robotics": stub_robotics, "tools": stub_tools}

# (module, name[, member]) -> why we do not have it.
GAPS = {
    ("tools", "DataLog"): "writes files on the hub; the simulator has no hub file system yet",
    ("hubs", "EV3Brick"): "EV3 runs ev3dev Pybricks, not the Powered Up firmware brickclass simulates",
}

# Arguments where we follow the firmware, not the stubs: (module, name, member, argument) -> why.
FIRMWARE_WINS = {
    ("tools", "run_task", "", "coroutine"): "the firmware's argument is run_task(task=None) (pb_module_tools.c)",
}

# Stub-only names that are not part of the pupil-facing API.
IGNORED = {"TYPE_CHECKING", "Number", "MaybeAwaitable", "MaybeAwaitableTuple", "MaybeAwaitableBool",
           "MaybeAwaitableInt", "MaybeAwaitableFloat", "Any", "Coroutine", "Optional", "Sequence", "Tuple",
           "Union", "Collection", "Iterable", "overload", "annotations", "Enum", "Callable", "Dict", "List",
           "Literal", "Awaitable", "Generator", "Type", "TypeVar", "Protocol", "Axis", "Button", "Color",
           "Direction", "Port", "Stop", "Side", "Icon", "Matrix", "vector", "cross", "LWP3Device"}


@pytest.fixture(scope="module")
def ours() -> dict:
    dump = Path(__file__).with_name("api_dump.py")
    completed = subprocess.run([sys.executable, "-I", "-S", str(dump)], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


ANY_DEFAULT = "?"


def same_default(stub: str | None, ours: str | None) -> bool:
    if stub == ANY_DEFAULT:
        return True
    if stub == "None" and ours == "<Matrix>":
        return True  # the stubs cannot build Axis.X/Y/Z, so their defaults read None
    return stub == ours


def stub_parameters_of(function) -> list[list[str | None]] | None:
    """Argument names and default reprs; overloaded methods give the union of their forms."""
    try:
        implementation = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    seen: dict[str, str | None] = {}
    for p in implementation.parameters.values():
        if p.name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        seen[p.name] = None if p.default is p.empty else _default_text(p.default)
    for overload in typing.get_overloads(function):
        for p in inspect.signature(overload).parameters.values():
            if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                seen.setdefault(p.name, ANY_DEFAULT)
    return [[name, default] for name, default in seen.items()]


def _default_text(value) -> str:
    if type(value).__name__ == "Color":
        return f"Color(h={value.h}, s={value.s}, v={value.v})"
    return repr(value)


def stub_members(cls) -> dict:
    members = {}
    for name, value in vars(cls).items():
        if name.startswith("_") and name != "__init__":
            continue
        members[name] = value
    for base in cls.__mro__[1:]:
        if base is object:
            continue
        for name, value in vars(base).items():
            if (not name.startswith("_") or name == "__init__") and name not in members:
                members[name] = value
    return members


def stub_api():
    """(module, name, member, parameters) for everything in the stubs."""
    for module_name, module in STUBS.items():
        for name, value in vars(module).items():
            if name.startswith("_") or name in IGNORED:
                continue
            if getattr(value, "__module__", module.__name__) not in (module.__name__, stub_common.__name__) and \
                    inspect.isclass(value):
                continue
            if inspect.isclass(value):
                yield module_name, name, None, None
                for member, member_value in stub_members(value).items():
                    if inspect.isfunction(member_value):
                        yield module_name, name, member, stub_parameters_of(member_value)
                    elif isinstance(member_value, property) or not callable(member_value):
                        if module_name == "hubs" and isinstance(member_value, object) and \
                                type(member_value).__module__ == stub_common.__name__:
                            for part_member, part_value in stub_members(type(member_value)).items():
                                if inspect.isfunction(part_value) and part_member != "__init__":
                                    yield module_name, name, f"{member}.{part_member}", stub_parameters_of(part_value)
                        else:
                            yield module_name, name, member, "attribute"
            elif inspect.isfunction(value):
                yield module_name, name, "", stub_parameters_of(value)


def find_ours(ours: dict, module: str, name: str, member: str | None):
    entry = ours.get(module, {}).get(name)
    if entry is None or member is None:
        return entry
    if member == "":
        # A function in the stubs may be a class here (multitask): compare its constructor.
        return entry.get("signature") if entry.get("kind") == "function" else entry.get("members", {}).get("__init__")
    if "." in member:
        part, method = member.split(".", 1)
        return entry.get("parts", {}).get(part, {}).get(method, "missing")
    return entry.get("members", {}).get(member, "missing")


def test_every_stub_class_method_and_argument_exists_in_ours(ours):
    problems = []
    checked = 0
    for module, name, member, params in stub_api():
        if (module, name) in GAPS or (module, name, member) in GAPS:
            continue
        checked += 1
        found = find_ours(ours, module, name, member)
        where = f"pybricks.{module}.{name}" + (f".{member}" if member else "")
        if found is None or found == "missing":
            problems.append(f"{where} is missing")
            continue
        if not isinstance(params, list) or not isinstance(found, list):
            continue
        our_params = {p[0]: p[1] for p in found if p[2] not in ("VAR_POSITIONAL", "VAR_KEYWORD")}
        for param, default in params:
            if (module, name, member, param) in FIRMWARE_WINS:
                continue
            if param not in our_params:
                problems.append(f"{where}: argument '{param}' is missing")
            elif not same_default(default, our_params[param]):
                problems.append(f"{where}: '{param}' defaults to {our_params[param] or '(nothing)'},"
                                f" the stubs to {default or '(nothing)'}")
    assert checked > 150, "the stubs walk found too little: is the pybricks stubs package installed?"
    assert not problems, "\n".join(problems)


def test_the_gap_list_only_names_things_that_really_exist_in_the_stubs():
    for module, name, *rest in list(GAPS) + list(FIRMWARE_WINS):
        assert hasattr(STUBS[module], name), f"{module}.{name} is not in the stubs any more: drop it from the list"
