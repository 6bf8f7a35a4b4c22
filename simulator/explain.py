"""Turn a program's error report into words a 12-year-old can act on.

The hub process reports errors as data (type, message, line); these pure
functions pick the explanation and one next step, in Swedish or English.
They work on a real hub's traceback text too (``parse_hub_traceback``), so
the same help appears whether the program ran in the simulator or on a hub.
Each explanation has a stable id, so the gradebook can count which ones
pupils meet.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import keyword
import re
from dataclasses import dataclass
from typing import Any

from brickclass.language import t
from brickclass.simulator.hub.modules import missing_module_hint_key


@dataclass(frozen=True)
class Explanation:
    id: str
    title: str
    hint: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "hint": self.hint}


def _names_in(source: str) -> set[str]:
    """Every name the program defines or imports (for "did you mean")."""
    names: set[str] = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return names
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


PYBRICKS_NAMES = {
    "Motor", "DCMotor", "DriveBase", "Car", "ColorSensor", "UltrasonicSensor", "ForceSensor",
    "ColorDistanceSensor", "PrimeHub", "InventorHub", "EssentialHub", "TechnicHub", "Port",
    "Direction", "Stop", "Color", "Button", "Side", "Axis", "Icon", "wait", "StopWatch",
    "multitask", "run_task", "vector", "Matrix",
}

# Where a name a pupil forgot to import lives.
IMPORT_HOME = {
    "Motor": "pybricks.pupdevices", "DCMotor": "pybricks.pupdevices", "ColorSensor": "pybricks.pupdevices",
    "UltrasonicSensor": "pybricks.pupdevices", "ForceSensor": "pybricks.pupdevices",
    "ColorDistanceSensor": "pybricks.pupdevices", "DriveBase": "pybricks.robotics", "Car": "pybricks.robotics",
    "PrimeHub": "pybricks.hubs", "InventorHub": "pybricks.hubs", "Port": "pybricks.parameters",
    "Direction": "pybricks.parameters", "Stop": "pybricks.parameters", "Color": "pybricks.parameters",
    "Button": "pybricks.parameters", "Icon": "pybricks.parameters", "Axis": "pybricks.parameters",
    "wait": "pybricks.tools", "StopWatch": "pybricks.tools", "multitask": "pybricks.tools",
    "run_task": "pybricks.tools",
}


def did_you_mean(name: str, candidates: set[str]) -> str | None:
    pool = {c for c in candidates if c != name and not c.startswith("_")}
    matches = difflib.get_close_matches(name, sorted(pool), n=1, cutoff=0.7)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        return lowered.get(name.lower())
    return matches[0]


def _explain_name_error(error: dict[str, Any], source: str, lang: str | None) -> Explanation:
    match = re.search(r"name '([^']+)'", error.get("message", ""))
    name = error.get("name") or (match.group(1) if match else "")
    if name in IMPORT_HOME and name not in _names_in(source):
        return Explanation("name-not-imported", t("explain.name.title", lang, name=name),
                           t("explain.name.import", lang, name=name, module=IMPORT_HOME[name]))
    candidates = _names_in(source) | PYBRICKS_NAMES | set(dir(builtins))
    guess = did_you_mean(name, candidates)
    if guess:
        return Explanation("name-misspelt", t("explain.name.title", lang, name=name),
                           t("explain.name.did_you_mean", lang, name=name, guess=guess))
    return Explanation("name-unknown", t("explain.name.title", lang, name=name),
                       t("explain.name.define", lang, name=name))


def _explain_attribute_error(error: dict[str, Any], source: str, lang: str | None) -> Explanation:
    message = error.get("message", "")
    match = re.search(r"'([^']+)' object has no attribute '([^']+)'", message)
    if match:
        kind, attribute = match.groups()
        guess = did_you_mean(attribute, _KNOWN_METHODS.get(kind, set()))
        if guess:
            return Explanation("attribute-misspelt", t("explain.attribute.title", lang, name=attribute, kind=kind),
                               t("explain.attribute.did_you_mean", lang, name=attribute, guess=guess))
        return Explanation("attribute-unknown", t("explain.attribute.title", lang, name=attribute, kind=kind),
                           t("explain.attribute.check", lang, kind=kind))
    return Explanation("attribute-unknown", t("explain.generic.title", lang, type="AttributeError"),
                       t("explain.attribute.check", lang, kind="?"))


_KNOWN_METHODS: dict[str, set[str]] = {
    "Motor": {"angle", "speed", "load", "stalled", "done", "reset_angle", "hold", "run", "run_time",
              "run_angle", "run_target", "run_until_stalled", "track_target", "dc", "stop", "brake",
              "settings", "close", "control", "model"},
    "DriveBase": {"straight", "turn", "arc", "curve", "move_by", "drive", "stop", "brake", "hold",
                  "distance", "angle", "state", "reset", "settings", "done", "stalled", "use_gyro",
                  "heading_control", "distance_control"},
    "ColorSensor": {"color", "hsv", "reflection", "ambient", "detectable_colors", "lights"},
    "UltrasonicSensor": {"distance", "presence", "lights"},
    "ForceSensor": {"force", "distance", "pressed", "touched"},
    "PrimeHub": {"battery", "buttons", "charger", "display", "imu", "light", "speaker", "system"},
    "IMU": {"up", "tilt", "acceleration", "angular_velocity", "heading", "reset_heading", "rotation",
            "orientation", "ready", "stationary", "settings"},
}


def _explain_type_error(error: dict[str, Any], source: str, lang: str | None) -> Explanation:
    message = error.get("message", "")
    if "can't be used in 'await' expression" in message or "isn't iterable" in message and "await" in source:
        return Explanation("await-not-awaitable", t("explain.await.bad.title", lang), t("explain.await.bad.hint", lang))
    if re.search(r"not supported between instances of '(Operation|Async)'|unsupported types? for .*'(Operation|Async)'", message) or "Operation" in message:
        return Explanation("await-forgotten", t("explain.await.forgot.title", lang), t("explain.await.forgot.hint", lang))
    if "argument" in message:
        return Explanation("wrong-arguments", t("explain.arguments.title", lang), t("explain.arguments.hint", lang, message=message))
    if "can't convert" in message:
        return Explanation("wrong-type", t("explain.convert.title", lang), t("explain.convert.hint", lang, message=message))
    return Explanation("type-error", t("explain.generic.title", lang, type="TypeError"),
                       t("explain.generic.hint", lang, message=message))


def explain(error: dict[str, Any] | None, source: str = "", lang: str | None = None) -> Explanation | None:
    """The explanation for one error report, or None when there was no error."""
    if not error:
        return None
    kind = error.get("type", "")
    message = str(error.get("message", ""))
    if kind == "SyntaxError":
        return Explanation("syntax", t("explain.syntax.title", lang), t("explain.syntax.hint", lang, message=message))
    if kind == "IndentationError":
        return Explanation("indentation", t("explain.indentation.title", lang), t("explain.indentation.hint", lang))
    if kind == "NameError":
        return _explain_name_error(error, source, lang)
    if kind == "ImportError":
        match = re.search(r"no module named '([^']+)'", message)
        if match:
            module = match.group(1)
            if module.startswith("pybricks."):
                return Explanation("import-pybricks", t("explain.import.title", lang, module=module),
                                   t("explain.import.pybricks", lang, module=module))
            return Explanation("import-missing", t("explain.import.title", lang, module=module),
                               t(missing_module_hint_key(module), lang, module=module))
        match = re.search(r"can't import name (\w+)", message)
        name = match.group(1) if match else "?"
        return Explanation("import-name", t("explain.import.name.title", lang, name=name),
                           t("explain.import.name.hint", lang, name=name))
    if kind == "OSError" and (error.get("errno") == 19 or "ENODEV" in message):
        return Explanation("enodev", t("explain.enodev.title", lang), t("explain.enodev.hint", lang))
    if kind == "OSError" and (error.get("errno") == 110 or "ETIMEDOUT" in message):
        return Explanation("etimedout", t("explain.etimedout.title", lang), t("explain.etimedout.hint", lang))
    if kind == "OSError" and (error.get("errno") == 16 or "EBUSY" in message):
        return Explanation("ebusy", t("explain.ebusy.title", lang), t("explain.ebusy.hint", lang))
    if kind == "OSError" and (error.get("errno") == 1 or "EPERM" in message):
        return Explanation("eperm", t("explain.eperm.title", lang), t("explain.eperm.hint", lang))
    if kind == "AttributeError":
        return _explain_attribute_error(error, source, lang)
    if kind == "TypeError":
        return _explain_type_error(error, source, lang)
    if kind == "ValueError":
        return Explanation("value", t("explain.value.title", lang), t("explain.value.hint", lang, message=message))
    if kind == "ZeroDivisionError":
        return Explanation("zero-division", t("explain.zero.title", lang), t("explain.zero.hint", lang))
    if kind in ("MemoryError", "OutOfMemory"):
        return Explanation("memory", t("explain.memory.title", lang), t("explain.memory.hint", lang))
    if kind == "RecursionError":
        return Explanation("recursion", t("explain.recursion.title", lang), t("explain.recursion.hint", lang))
    if kind == "Stuck":
        return Explanation("stuck", t("explain.stuck.title", lang), t("explain.stuck.hint", lang))
    if kind in ("Timeout", "WallClock"):
        return Explanation("time-up", t("explain.time.title", lang), t("explain.time.hint", lang))
    if kind in ("HubCrash", "ProtocolError"):
        return Explanation("crash", t("explain.crash.title", lang), t("explain.crash.hint", lang))
    if kind == "KeyboardInterrupt":
        return Explanation("interrupted", t("explain.interrupted.title", lang), t("explain.interrupted.hint", lang))
    if kind == "IndexError":
        return Explanation("index", t("explain.index.title", lang), t("explain.index.hint", lang))
    if kind == "KeyError":
        return Explanation("key", t("explain.key.title", lang), t("explain.key.hint", lang, message=message))
    if kind == "OverflowError":
        return Explanation("overflow", t("explain.overflow.title", lang), t("explain.overflow.hint", lang))
    return Explanation("other", t("explain.generic.title", lang, type=kind),
                       t("explain.generic.hint", lang, message=message))


_TRACEBACK_LINE = re.compile(r'File "([^"]+)", line (\d+)')
_EXCEPTION_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*(?:Error|Exception|Interrupt|Exit)):?\s?(.*)$")


def parse_hub_traceback(text: str) -> dict[str, Any] | None:
    """An error report from the traceback a real hub printed (or None)."""
    lines = text.strip().splitlines()
    if not any(line.startswith("Traceback") for line in lines):
        return None
    line_number = None
    for line in lines:
        found = _TRACEBACK_LINE.search(line)
        if found:
            line_number = int(found.group(2))
    for line in reversed(lines):
        found = _EXCEPTION_LINE.match(line.strip())
        if found:
            kind, message = found.groups()
            report: dict[str, Any] = {"type": kind, "message": message, "line": line_number}
            errno = re.search(r"\[Errno (\d+)\]", message)
            if errno:
                report["errno"] = int(errno.group(1))
            return report
    return None


def is_reserved(word: str) -> bool:
    return keyword.iskeyword(word)
