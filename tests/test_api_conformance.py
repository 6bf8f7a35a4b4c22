"""A pupil's program finds the same pybricks API in the simulator as on a hub.

The official stubs (the ``pybricks`` package from PyPI, a test dependency)
describe the hub's API. Every public class, method, function, attribute,
argument name, argument order and default they list for
``pybricks.hubs``, ``pupdevices``, ``parameters``, ``robotics``, ``tools``,
``iodevices`` and ``messaging`` must exist in ours, unless GAPS says why not, or
FIRMWARE_WINS says where the firmware itself differs from the stubs.

Our package can only be imported by a hub process, and its top-level name
clashes with the stubs', so it is described by a separate interpreter set up
like the hub process (isolated, with the hub's import path and a stand-in for
the link to the world that answers every request with nothing), which prints
what it finds as JSON.
"""

from __future__ import annotations

import ast
import copy
import importlib.metadata
import inspect
import json
import re
import textwrap
import typing
from dataclasses import dataclass
from typing import Any

import pytest

from tests.hub_alone import run_on_desk

import pybricks.hubs as stub_hubs
import pybricks.iodevices as stub_iodevices
import pybricks.messaging as stub_messaging
import pybricks.parameters as stub_parameters
import pybricks.pupdevices as stub_pupdevices
import pybricks.robotics as stub_robotics
import pybricks.tools as stub_tools

STUBS = {
    "hubs": stub_hubs,
    "pupdevices": stub_pupdevices,
    "parameters": stub_parameters,
    "robotics": stub_robotics,
    "tools": stub_tools,
    "iodevices": stub_iodevices,
    "messaging": stub_messaging,
}

_NOT_ON_POWERED_UP = "EV3/NXT only: the Powered Up firmware brickclass simulates has no such class"

# (module, name[, member]) -> why ours does not have it. A whole class or function
# is named by (module, name); a member by (module, name, member).
GAPS: dict[tuple[str, ...], str] = {
    ("hubs", "EV3Brick"): "EV3 runs its own Pybricks build; brickclass simulates the Powered Up hubs",
    ("tools", "DataLog"): "writes a file on the hub; the simulated hub has no file system",
    ("parameters", "Port", "S1"): "EV3/NXT sensor port; Powered Up hubs have only lettered ports",
    ("parameters", "Port", "S2"): "EV3/NXT sensor port; Powered Up hubs have only lettered ports",
    ("parameters", "Port", "S3"): "EV3/NXT sensor port; Powered Up hubs have only lettered ports",
    ("parameters", "Port", "S4"): "EV3/NXT sensor port; Powered Up hubs have only lettered ports",
    ("iodevices", "LUMPDevice"): _NOT_ON_POWERED_UP,
    ("iodevices", "DCMotor"): _NOT_ON_POWERED_UP,
    ("iodevices", "AnalogSensor"): _NOT_ON_POWERED_UP,
    ("iodevices", "I2CDevice"): _NOT_ON_POWERED_UP,
}
# Only in the 4.1 stubs (the newest, which pip installs on Python 3.12+; 3.11 gets 4.0):
# they count when the installed stubs have them.
_IMAGE = "EV3/NXT screen graphics: PYBRICKS_PY_PARAMETERS_IMAGE is 0 in every Powered Up hub's firmware"
_SINCE_STUBS_4_1: dict[tuple[str, ...], str] = {
    ("hubs", "NXTBrick"): "NXT runs its own Pybricks build; brickclass simulates the Powered Up hubs",
    ("parameters", "Image"): _IMAGE,
    ("parameters", "Font"): _IMAGE,
    ("parameters", "ImageFile"): "EV3 image files (PYBRICKS_PY_PARAMETERS_IMAGE_FILE is on for the EV3 only)",
    ("iodevices", "PlayStationController"): "new in the 4.1 stubs, but the firmware we follow (2ced53d2f) has no "
                                            "such class (pb_module_iodevices.c); importing it fails as on that hub",
    ("messaging", "HubNetwork"): "new in the 4.1 stubs, for the EV3; the firmware we follow (2ced53d2f) has no "
                                 "such class on any hub",
}
GAPS.update({key: why for key, why in _SINCE_STUBS_4_1.items() if hasattr(STUBS.get(key[0]), key[1])})
_NO_REMOTE = "no Bluetooth device ever connects in the simulator, so this part cannot be reached (OSError ENODEV)"
for _part in ("buttons.pressed", "light.on", "light.off"):
    GAPS[("pupdevices", "Remote", _part)] = _NO_REMOTE
del _part
GAPS[("iodevices", "XboxController", "buttons.pressed")] = _NO_REMOTE
_EV3_MAILBOXES = ("EV3 only: mailboxes use classic Bluetooth (RFCOMM), which the Powered Up firmware leaves out "
                  "(PYBRICKS_PY_MESSAGING_RFCOMM is 0; pb_module_messaging.c)")
for _name in ("Connection", "Mailbox", "LogicMailbox", "NumericMailbox", "TextMailbox",
              "BluetoothMailboxServer", "BluetoothMailboxClient"):
    GAPS[("messaging", _name)] = _EV3_MAILBOXES
del _name
GAPS[("messaging", "AppData")] = ("exchanges data with the Pybricks Code app on a computer (vision processors); "
                                  "a simulated run has no such app")

# (module, name, member, argument) -> where the firmware differs from the stubs, and ours follows it.
FIRMWARE_WINS: dict[tuple[str, str, str, str], str] = {
    ("tools", "run_task", "", "coroutine"): "the firmware's argument is run_task(task=None) (pb_module_tools.c)",
    ("tools", "cross", "", "a"): "cross() takes positional arguments only (MP_DEFINE_CONST_FUN_OBJ_2)",
    ("tools", "cross", "", "b"): "cross() takes positional arguments only (MP_DEFINE_CONST_FUN_OBJ_2)",
    ("pupdevices", "ColorSensor", "lights.on", "brightness"):
        "the firmware's default brightness is 100 (pb_type_lightarray.c); the stubs make it required",
    ("pupdevices", "UltrasonicSensor", "lights.on", "brightness"):
        "the firmware's default brightness is 100 (pb_type_lightarray.c); the stubs make it required",
    ("messaging", "BLERadio", "__init__", "observe_channels"):
        "the firmware's default is the empty tuple (pb_type_ble_radio.c); the stubs write []",
    ("messaging", "BLERadio", "observe", "channel"):
        "observe() takes its channel by position only (MP_DEFINE_CONST_FUN_OBJ_2, pb_type_ble_radio.c)",
    ("messaging", "BLERadio", "signal_strength", "channel"):
        "signal_strength() takes its channel by position only (MP_DEFINE_CONST_FUN_OBJ_2, pb_type_ble_radio.c)",
}

# The hubs' own parts (pb_type_lightmatrix.c, pb_type_imu.c, pb_type_system.c).
for _hub in ("PrimeHub", "InventorHub"):
    FIRMWARE_WINS[("hubs", _hub, "display.animate", "matrices")] = \
        "the firmware names the frames 'icons': animate(icons, interval) (pb_type_lightmatrix.c)"
for _hub in ("PrimeHub", "InventorHub", "EssentialHub", "TechnicHub"):
    FIRMWARE_WINS[("hubs", _hub, "imu.rotation", "axis")] = \
        "the firmware's axis defaults to None and then raises TypeError('Axis must be Matrix.') (pb_type_imu.c)"
for _hub in ("PrimeHub", "InventorHub", "EssentialHub", "TechnicHub", "CityHub", "MoveHub"):
    FIRMWARE_WINS[("hubs", _hub, "system.set_stop_button", "button")] = \
        "set_stop_button() takes its button by position only (MP_DEFINE_CONST_FUN_OBJ_1, pb_type_system.c)"
del _hub

ANY = "<any>"  # the stubs leave the default open (an @overload, or "...")


# --- our API, described by a hub-like interpreter ------------------------------------

DUMP_SCRIPT = r"""
import inspect, json, sys

import importlib
from pybricks import _hubs
from pybricks.parameters import Axis, Port

MODULES = ("hubs", "pupdevices", "parameters", "robotics", "tools", "iodevices", "messaging")


def default_text(value):
    if value is inspect.Parameter.empty:
        return None
    for axis in ("X", "Y", "Z"):
        if value is getattr(Axis, axis):
            return "Axis." + axis
    return repr(value)


def signature(function):
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    return [[p.name, default_text(p.default), p.kind.name] for p in parameters if p.name != "self"]


def describe_members(obj):
    members = {}
    for name in dir(obj):
        if name.startswith("_") and name != "__init__":
            continue
        try:
            value = inspect.getattr_static(obj, name)
        except AttributeError:
            value = getattr(obj, name)
        if isinstance(value, (staticmethod, classmethod)):
            value = getattr(obj, name)
        if inspect.isfunction(value) or inspect.ismethod(value):
            members[name] = signature(value)
        else:
            members[name] = "attribute"
    return members


def build(module_name, cls):
    # An instance, to see the parts a hub object gets when it is made (buttons, control...).
    if module_name == "hubs":
        return cls()
    if module_name == "robotics" and cls.__name__ == "DriveBase":
        from pybricks.pupdevices import Motor
        return cls(Motor(Port.A), Motor(Port.B), 56, 112)
    if module_name == "pupdevices":
        for args, kwargs in (((Port.A,), {}), ((), {"connect": False})):
            try:
                return cls(*args, **kwargs)
            except Exception:
                pass
    return None


def describe_parts(instance):
    parts = {}
    for name in dir(instance):
        if name.startswith("_"):
            continue
        try:
            value = getattr(instance, name)
        except Exception as error:
            parts[name] = "unreachable: " + type(error).__name__
            continue
        if type(value).__module__.startswith("pybricks") and not callable(value):
            parts[name] = describe_members(type(value))
    return parts


def describe(module_name, value):
    if inspect.isclass(value):
        entry = {"kind": "class", "members": describe_members(value)}
        instance = build(module_name, value)
        if instance is not None:
            for name in dir(instance):
                if not name.startswith("_"):
                    entry["members"].setdefault(name, "attribute")
            entry["parts"] = describe_parts(instance)
        return entry
    if inspect.isfunction(value):
        return {"kind": "function", "signature": signature(value)}
    return {"kind": "object", "members": describe_members(value)}


api = {}
for module_name in MODULES:
    try:
        module = importlib.import_module("pybricks." + module_name)
    except ImportError:
        continue
    entries = {}
    for name in dir(module):
        if not name.startswith("_"):
            entries[name] = describe(module_name, getattr(module, name))
    if module_name == "hubs":
        # The hub's firmware exports only its own class; the others exist for other hubs.
        for name, cls in _hubs.ALL_HUBS.items():
            entries[name] = describe(module_name, cls)
    api[module_name] = entries
json.dump(api, sys.stdout)
"""


@pytest.fixture(scope="module")
def ours() -> dict[str, Any]:
    return json.loads(run_on_desk(DUMP_SCRIPT))


# --- the stubs' API ------------------------------------------------------------------


@dataclass
class StubArgument:
    name: str
    default: str | None  # source text; None when the argument is required
    positional: bool  # may be given by position
    keyword: bool  # may be given by name


@dataclass
class StubSignature:
    arguments: list[StubArgument]
    varargs: bool  # takes any number of positional arguments (hub_menu, multitask)


def _source_defaults(function: Any) -> dict[str, str]:
    """The default of each argument as written in the stub's source."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return {}
    node = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    args = node.args
    positional = args.posonlyargs + args.args
    defaults = {a.arg: ast.unparse(d) for a, d in zip(positional[len(positional) - len(args.defaults):], args.defaults)}
    defaults.update({a.arg: ast.unparse(d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    # Stubs sometimes import Stop as _Stop and so on: the name is what matters.
    return {name: re.sub(r"^_(?=[A-Z])", "", text) for name, text in defaults.items()}


def stub_signature(function: Any) -> StubSignature:
    implementation = inspect.signature(function)
    overloads = typing.get_overloads(function)
    keyword_names = {p.name for p in implementation.parameters.values()
                     if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    if not overloads:
        texts = _source_defaults(function)
        arguments = []
        varargs = False
        for p in implementation.parameters.values():
            if p.name == "self" or p.kind is p.VAR_KEYWORD:
                continue
            if p.kind is p.VAR_POSITIONAL:
                varargs = True
                continue
            default = None if p.default is p.empty else texts.get(p.name, repr(p.default))
            arguments.append(StubArgument(p.name, ANY if default == "..." else default,
                                          p.kind is not p.KEYWORD_ONLY, p.kind is not p.POSITIONAL_ONLY))
        return StubSignature(arguments, varargs)
    # Overloaded: the overloads are the API; any of their arguments may be left out.
    longest = max(overloads, key=lambda o: len(inspect.signature(o).parameters))
    arguments = []
    seen = set()
    for overload in [longest] + overloads:
        for p in inspect.signature(overload).parameters.values():
            if p.name == "self" or p.name in seen or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            seen.add(p.name)
            arguments.append(StubArgument(p.name, ANY, p.kind is not p.KEYWORD_ONLY,
                                          p.name in keyword_names and p.kind is not p.POSITIONAL_ONLY))
    return StubSignature(arguments, False)


def _public_members(cls: type) -> dict[str, Any]:
    """Public members (and __init__) defined by the stubs' classes in cls's hierarchy."""
    if issubclass(cls, stub_parameters.Enum):
        return {name: "attribute" for name in cls.__members__}
    members: dict[str, Any] = {}
    for base in cls.__mro__:
        if not base.__module__.startswith("pybricks"):
            continue
        for name, value in vars(base).items():
            if (not name.startswith("_") or name == "__init__") and name not in members:
                members[name] = value
    return members


def _is_part(value: Any) -> bool:
    return not inspect.isclass(value) and type(value).__module__.startswith("pybricks") and \
        not isinstance(value, (stub_parameters.Color, property)) and not callable(value)


@dataclass
class StubEntry:
    module: str
    name: str
    member: str | None  # None: the class or function itself; "": a module-level function
    signature: StubSignature | None  # None for attributes and classes

    @property
    def where(self) -> str:
        return f"pybricks.{self.module}.{self.name}" + (f".{self.member}" if self.member else "")


def stub_api() -> list[StubEntry]:
    entries = []
    for module_name, module in STUBS.items():
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(value):
                entries.append(StubEntry(module_name, name, "", stub_signature(value)))
            elif inspect.isclass(value):
                entries.append(StubEntry(module_name, name, None, None))
                for member, member_value in _public_members(value).items():
                    if inspect.isfunction(member_value):
                        entries.append(StubEntry(module_name, name, member, stub_signature(member_value)))
                        continue
                    entries.append(StubEntry(module_name, name, member, None))
                    if _is_part(member_value):
                        for method, function in _public_members(type(member_value)).items():
                            if inspect.isfunction(function) and method != "__init__":
                                entries.append(StubEntry(module_name, name, f"{member}.{method}",
                                                         stub_signature(function)))
    return entries


# --- comparing -----------------------------------------------------------------------


def find_ours(api: dict[str, Any], entry: StubEntry) -> Any:
    """Our counterpart: a dict for a class, a signature list, "attribute", or None when missing."""
    found = api.get(entry.module, {}).get(entry.name)
    if found is None or entry.member is None:
        return found
    if entry.member == "":
        # A stub function may be a class here (multitask): then its constructor counts.
        return found.get("signature") if found["kind"] == "function" else found["members"].get("__init__")
    if "." in entry.member:
        part, method = entry.member.split(".", 1)
        described = found.get("parts", {}).get(part)
        return described.get(method) if isinstance(described, dict) else None
    return found.get("members", {}).get(entry.member)


def compare_signature(entry: StubEntry, ours: list[list[Any]]) -> list[str]:
    """What a program written for the stubs' signature would trip over in ours."""
    problems = []
    where = entry.where
    by_name = {name: (default, kind) for name, default, kind in ours}
    our_positional = [name for name, _, kind in ours if kind in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
    stub = entry.signature
    assert stub is not None
    stub_names = {a.name for a in stub.arguments}
    for argument in stub.arguments:
        exempt = (entry.module, entry.name, entry.member or "", argument.name) in FIRMWARE_WINS
        if argument.name not in by_name:
            if not exempt:
                problems.append(f"{where}: argument '{argument.name}' is missing")
            continue
        default, kind = by_name[argument.name]
        if exempt:
            continue
        if argument.keyword and kind == "POSITIONAL_ONLY":
            problems.append(f"{where}: '{argument.name}' cannot be given by name here")
        if argument.positional and kind == "KEYWORD_ONLY":
            problems.append(f"{where}: '{argument.name}' must be given by name here")
        if argument.default != ANY and argument.default != default:
            problems.append(f"{where}: '{argument.name}' defaults to {default or '(required)'}, "
                            f"the stubs say {argument.default or '(required)'}")
    # Each positional argument of the stubs must sit at the same place in ours
    # (one the firmware names differently keeps its place and is not checked).
    stub_order = [a.name for a in stub.arguments if a.positional]
    checked = [(index, name) for index, name in enumerate(stub_order)
               if (entry.module, entry.name, entry.member or "", name) not in FIRMWARE_WINS]
    if checked and all(name in our_positional for _, name in checked) and \
            any(index >= len(our_positional) or our_positional[index] != name for index, name in checked):
        problems.append(f"{where}: positional order is {our_positional}, the stubs say {stub_order}")
    if stub.varargs and not any(kind == "VAR_POSITIONAL" for _, _, kind in ours):
        problems.append(f"{where}: does not take any number of arguments")
    for name, default, kind in ours:
        if default is None and kind not in ("VAR_POSITIONAL", "VAR_KEYWORD") and name not in stub_names and \
                not any(key[:3] == (entry.module, entry.name, entry.member or "") for key in FIRMWARE_WINS):
            problems.append(f"{where}: ours requires '{name}', which the stubs do not have")
    return problems


def gap_for(entry: StubEntry) -> str | None:
    keys = [(entry.module, entry.name)]
    if entry.member:
        keys.append((entry.module, entry.name, entry.member))
        if "." in entry.member:
            keys.append((entry.module, entry.name, entry.member.split(".")[0]))
    return next((GAPS[key] for key in keys if key in GAPS), None)


def conformance_problems(api: dict[str, Any]) -> tuple[list[str], int]:
    problems = []
    checked = 0
    for entry in stub_api():
        if gap_for(entry) is not None:
            continue
        checked += 1
        found = find_ours(api, entry)
        if found is None or (isinstance(found, str) and found.startswith("unreachable")):
            problems.append(f"{entry.where} is missing")
        elif entry.signature is not None:
            if not isinstance(found, list):
                problems.append(f"{entry.where} is not a method here")
            else:
                problems.extend(compare_signature(entry, found))
    return problems, checked


# --- tests -----------------------------------------------------------------------------


def test_stubs_are_the_api_version_the_simulator_follows():
    version = importlib.metadata.version("pybricks")
    assert version.startswith(("4.0.", "4.1.")), \
        f"the stubs are {version}; the simulated firmware is 4.1 in the making (2ced53d2f, after v4.1.0b2)"


def test_every_stub_class_method_argument_and_default_exists_in_ours(ours):
    problems, checked = conformance_problems(ours)
    assert checked > 300, f"only {checked} things checked: is the pybricks stubs package installed?"
    assert not problems, "\n".join(problems)


def test_the_check_notices_a_removed_method_a_renamed_argument_and_a_changed_default(ours):
    broken = copy.deepcopy(ours)
    del broken["pupdevices"]["Motor"]["members"]["run_target"]
    straight = broken["robotics"]["DriveBase"]["members"]["straight"]
    straight[0][0] = "length"
    beep = broken["hubs"]["PrimeHub"]["parts"]["speaker"]["beep"]
    beep[0][1] = "440"
    del broken["parameters"]["Icon"]["members"]["HEART"]
    problems, _ = conformance_problems(broken)
    text = "\n".join(problems)
    assert "pybricks.pupdevices.Motor.run_target is missing" in text
    assert "pybricks.robotics.DriveBase.straight: argument 'distance' is missing" in text
    assert "pybricks.hubs.PrimeHub.speaker.beep: 'frequency' defaults to 440, the stubs say 500" in text
    assert "pybricks.parameters.Icon.HEART is missing" in text


def test_the_check_notices_a_swapped_argument_order_and_a_keyword_only_argument(ours):
    broken = copy.deepcopy(ours)
    run_angle = broken["pupdevices"]["Motor"]["members"]["run_angle"]
    run_angle[0], run_angle[1] = run_angle[1], run_angle[0]
    wait_param = broken["tools"]["wait"]["signature"][0]
    wait_param[2] = "KEYWORD_ONLY"
    problems, _ = conformance_problems(broken)
    text = "\n".join(problems)
    assert "pybricks.pupdevices.Motor.run_angle: positional order" in text
    assert "pybricks.tools.wait: 'time' must be given by name here" in text


def test_every_gap_is_still_in_the_stubs_and_still_missing_here(ours):
    entries = {(e.module, e.name) + ((e.member,) if e.member else ()) for e in stub_api()}
    for key in GAPS:
        assert key in entries, f"{key} is not in the stubs any more: drop it from GAPS"
        probe = StubEntry(key[0], key[1], key[2] if len(key) > 2 else None, None)
        found = find_ours(ours, probe)
        assert found is None or (isinstance(found, str) and found.startswith("unreachable")), \
            f"{key} exists in ours now: drop it from GAPS"
    for module, name, _member, _argument in FIRMWARE_WINS:
        assert hasattr(STUBS[module], name), f"{module}.{name} is not in the stubs any more"



THIS_HUB_SCRIPT = r"""
from hubos import config
config.configure({hub_class!r}, "Pybricks Hub")
from pybricks import hubs
from pybricks.hubs import ThisHub
hub = ThisHub()
print(ThisHub.__name__, ThisHub is getattr(hubs, {hub_class!r}), type(hub) is ThisHub)
print(",".join(sorted(name for name in dir(hubs) if not name.startswith("_"))))
"""


@pytest.mark.parametrize("hub_class", ["PrimeHub", "InventorHub", "EssentialHub", "TechnicHub", "CityHub", "MoveHub",
                                       "VirtualHub"])
def test_this_hub_is_the_running_hubs_own_class_on_every_hub(hub_class):
    """pb_module_hubs.c: ThisHub is the firmware's hub class, so `hub = ThisHub()` fits any hub."""
    made, exported = run_on_desk(THIS_HUB_SCRIPT.format(hub_class=hub_class)).splitlines()
    assert made == f"{hub_class} True True"
    # Besides ThisHub, only the hub's own class (and the Prime hub's other name).
    alias = {"PrimeHub": ["InventorHub"], "InventorHub": ["PrimeHub"]}.get(hub_class, [])
    assert exported.split(",") == sorted(["ThisHub", hub_class, *alias])
