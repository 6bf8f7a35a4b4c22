"""Turn a program's error report into an explanation a 12-year-old can act on.

The hub process reports errors as data (type, message, line); these pure
functions pick the explanation that fits and one next step. An explanation is
data too: a stable id (so the gradebook can count which ones pupils meet), and
the catalogue keys and values of its words, which each edge puts into the
reader's language (``title(lang)``, ``text(lang)``). They work on a real hub's
traceback text too (``parse_hub_traceback``), so the same help appears whether
the program ran in the simulator or on a hub.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from brickclass.language import t
from brickclass.simulator.hub.modules import missing_module_hint_key


@dataclass(frozen=True)
class Explanation:
    """What went wrong and what to do next, as keys and values; words come from ``title`` and ``text``."""

    id: str
    title_key: str
    text_key: str
    values: dict[str, Any] = field(default_factory=dict, compare=False)

    def title(self, lang: str | None = None) -> str:
        return t(self.title_key, lang, **self.values)

    def text(self, lang: str | None = None) -> str:
        """The next step for the pupil (a value that describes itself, such as why a run never started, in ``lang``)."""
        return t(self.text_key, lang, **self.values)

    def to_json(self) -> dict[str, Any]:
        values = {name: value.to_json() if hasattr(value, "to_json") else value for name, value in self.values.items()}
        return {"id": self.id, "title_key": self.title_key, "text_key": self.text_key, "values": values}


def _explanation(explanation_id: str, title: str, text: str, **values: Any) -> Explanation:
    return Explanation(explanation_id, f"explain.{title}", f"explain.{text}", values)


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


def _explain_name_error(error: dict[str, Any], source: str) -> Explanation:
    match = re.search(r"name '([^']+)'", str(error.get("message", "")))
    name = error.get("name") or (match.group(1) if match else "")
    if name in IMPORT_HOME and name not in _names_in(source):
        return _explanation("name-not-imported", "name.title", "name.import", name=name, module=IMPORT_HOME[name])
    candidates = _names_in(source) | PYBRICKS_NAMES | set(dir(builtins))
    guess = did_you_mean(name, candidates)
    if guess:
        return _explanation("name-misspelt", "name.title", "name.did_you_mean", name=name, guess=guess)
    return _explanation("name-unknown", "name.title", "name.define", name=name)


# An attribute of a class (the parameters are classes: Port.G), or of an object (robot.straigth).
_NO_ATTRIBUTE = (
    (re.compile(r"type object '([^']+)' has no attribute '([^']+)'"), "attribute.class_title",
     "attribute.class_did_you_mean"),
    (re.compile(r"'([^']+)' object has no attribute '([^']+)'"), "attribute.title", "attribute.did_you_mean"),
)


def _explain_attribute_error(error: dict[str, Any]) -> Explanation:
    message = str(error.get("message", ""))
    for pattern, title, guess_text in _NO_ATTRIBUTE:
        match = pattern.search(message)
        if match is None:
            continue
        kind, attribute = match.groups()
        guess = did_you_mean(attribute, _KNOWN_METHODS.get(kind, set()))
        if guess:
            return _explanation("attribute-misspelt", title, guess_text, name=attribute, kind=kind, guess=guess)
        if kind == "Port":
            return _explanation("port-unknown", title, "attribute.port", name=attribute, kind=kind)
        return _explanation("attribute-unknown", title, "attribute.check", name=attribute, kind=kind)
    return _explanation("attribute-unknown", "generic.title", "attribute.check_any", type="AttributeError")


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
    # The parameters are classes: Port.A, Direction.CLOCKWISE, Stop.HOLD…
    "Port": {"A", "B", "C", "D", "E", "F"},
    "Direction": {"CLOCKWISE", "COUNTERCLOCKWISE"},
    "Stop": {"COAST", "COAST_SMART", "BRAKE", "HOLD", "NONE"},
    "Color": {"BLACK", "GRAY", "WHITE", "RED", "ORANGE", "BROWN", "YELLOW", "GREEN", "CYAN", "BLUE", "VIOLET",
              "MAGENTA", "NONE"},
    "Button": {"LEFT", "RIGHT", "CENTER", "UP", "DOWN", "BLUETOOTH", "LEFT_PLUS", "LEFT_MINUS", "RIGHT_PLUS",
               "RIGHT_MINUS"},
    "Side": {"TOP", "BOTTOM", "FRONT", "BACK", "LEFT", "RIGHT"},
    "Axis": {"X", "Y", "Z"},
}


def _explain_type_error(error: dict[str, Any], source: str) -> Explanation:
    message = str(error.get("message", ""))
    if "can't be used in 'await' expression" in message or "isn't iterable" in message and "await" in source:
        return _explanation("await-not-awaitable", "await.bad.title", "await.bad.hint")
    if re.search(r"not supported between instances of '(Operation|Async)'|unsupported types? for .*'(Operation|Async)'",
                 message) or "Operation" in message:
        return _explanation("await-forgotten", "await.forgot.title", "await.forgot.hint")
    if "argument" in message:
        return _explanation("wrong-arguments", "arguments.title", "arguments.hint", message=message)
    if "can't convert" in message:
        return _explanation("wrong-type", "convert.title", "convert.hint", message=message)
    return _explanation("type-error", "generic.title", "generic.hint", type="TypeError", message=message)


def _is_about_indentation(message: str) -> bool:
    """CPython's and MicroPython's words for wrong indentation (a hub may call it a SyntaxError)."""
    return "indent" in message.lower()


# Errors explained by their type alone: id, and the catalogue table of the title and the hint.
_BY_TYPE: dict[str, tuple[str, str]] = {
    "ValueError": ("value", "value"),
    "ZeroDivisionError": ("zero-division", "zero"),
    "MemoryError": ("memory", "memory"),
    "OutOfMemory": ("memory", "memory"),
    "RecursionError": ("recursion", "recursion"),
    "Stuck": ("stuck", "stuck"),
    "Timeout": ("time-up", "time"),
    "WallClock": ("time-up", "time"),
    "HubCrash": ("crash", "crash"),
    "ProtocolError": ("crash", "crash"),
    "KeyboardInterrupt": ("interrupted", "interrupted"),
    "IndexError": ("index", "index"),
    "KeyError": ("key", "key"),
    "OverflowError": ("overflow", "overflow"),
}
# OSError numbers a pupil meets, with their names (the text the hub prints) and explanations.
_OS_ERRORS = ((19, "ENODEV", "enodev"), (110, "ETIMEDOUT", "etimedout"), (16, "EBUSY", "ebusy"), (1, "EPERM", "eperm"))


def explain(error: dict[str, Any] | None, source: str = "") -> Explanation | None:
    """The explanation for one error report (with the program's source, for "did you mean"), or None."""
    if not error:
        return None
    kind = str(error.get("type", ""))
    message = str(error.get("message", ""))
    if kind in ("IndentationError", "TabError") or (kind == "SyntaxError" and _is_about_indentation(message)):
        return _explanation("indentation", "indentation.title", "indentation.hint")
    if kind == "SyntaxError":
        return _explanation("syntax", "syntax.title", "syntax.hint", message=message)
    if kind == "NameError":
        return _explain_name_error(error, source)
    if kind == "ImportError":
        return _explain_import_error(message)
    if kind == "OSError":
        for number, name, explanation_id in _OS_ERRORS:
            if error.get("errno") == number or name in message:
                return _explanation(explanation_id, f"{explanation_id}.title", f"{explanation_id}.hint")
    if kind == "AttributeError":
        return _explain_attribute_error(error)
    if kind == "TypeError":
        return _explain_type_error(error, source)
    if kind == "SetupError":
        return _explain_setup_error(error, message)
    if kind == "NotUtf8":
        return _explanation("not-utf8", "not_utf8.title", "not_utf8.hint", line=error.get("line") or "?")
    if kind in _BY_TYPE:
        explanation_id, table = _BY_TYPE[kind]
        return _explanation(explanation_id, f"{table}.title", f"{table}.hint", message=message)
    return _explanation("other", "generic.title", "generic.hint", type=kind or "?", message=message)


def _explain_setup_error(error: dict[str, Any], message: str) -> Explanation:
    """A run that never started (kept by grading as a key and values; older gradebooks kept English words)."""
    from brickclass.simulator.setup_error import SetupError

    setup = error.get("setup")
    if isinstance(setup, dict) and setup.get("problem"):
        return _explanation("setup", "setup.title", "setup.hint", problem=SetupError.from_json(setup))
    return _explanation("setup", "setup.title", "setup.hint", problem=message)


def _explain_import_error(message: str) -> Explanation:
    match = re.search(r"no module named '([^']+)'", message)
    if match:
        module = match.group(1)
        if module.startswith("pybricks."):
            return _explanation("import-pybricks", "import.title", "import.pybricks", module=module)
        return Explanation("import-missing", "explain.import.title", missing_module_hint_key(module),
                           {"module": module})
    match = re.search(r"can't import name (\w+)", message)
    if match:
        return _explanation("import-name", "import.name.title", "import.name.hint", name=match.group(1))
    return _explanation("import-other", "generic.title", "generic.hint", type="ImportError", message=message)


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
