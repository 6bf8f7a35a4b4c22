"""Run inside a hub-like interpreter: print the public API of our pybricks package as JSON.

Used by test_api_conformance.py. Our ``pybricks`` package only works in a hub
process, so this script sets up the hub's import path and a stand-in link
that answers every call with nothing, enough to build hub objects.
"""

import inspect
import json
import sys
from pathlib import Path

HUB = Path(__file__).resolve().parents[1] / "simulator" / "hub"
sys.path[:0] = [str(HUB / "site"), str(HUB)]

from hubos import link  # noqa: E402


class QuietLink:
    """Answers every request with nothing: the objects can be built, not used."""

    now = 0

    def __getattr__(self, name):
        return lambda *args, **kwargs: None

    def read(self, obj, key):
        return 0

    def spend(self):
        return 0


link.install(QuietLink())

MODULES = ("hubs", "pupdevices", "parameters", "robotics", "tools")


def default_text(value):
    if value is inspect.Parameter.empty:
        return None
    kind = type(value).__name__
    if kind == "Color":
        return "Color(h={}, s={}, v={})".format(value.h, value.s, value.v)
    if kind == "Matrix":
        return "<Matrix>"
    return repr(value)


def signature(function):
    try:
        sig = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    return [[p.name, default_text(p.default), p.kind.name] for p in sig.parameters.values() if p.name != "self"]


def describe_class(cls):
    members = {}
    for name, value in inspect.getmembers(cls):
        if name.startswith("_") and name != "__init__":
            continue
        if inspect.isfunction(value) or inspect.ismethod(value):
            members[name] = signature(value)
        elif isinstance(value, property):
            members[name] = "property"
        else:
            members[name] = "attribute"
    return members


def build(module_name, cls):
    """An instance, to see the attributes a hub object gets when created (buttons, control…)."""
    from pybricks.parameters import Port

    if module_name == "hubs":
        return cls()
    if module_name == "robotics" and cls.__name__ == "DriveBase":
        from pybricks.pupdevices import Motor

        return cls(Motor(Port.A), Motor(Port.B), 56, 112)
    if module_name == "pupdevices":
        try:
            return cls(Port.A)
        except Exception:  # noqa: BLE001 - some devices need more than a port
            return None
    return None


def main():
    import importlib

    from pybricks import _hubs

    api = {}
    for module_name in MODULES:
        module = importlib.import_module("pybricks." + module_name)
        entries = {}
        names = [n for n in dir(module) if not n.startswith("_")]
        if module_name == "hubs":
            names = sorted(_hubs.ALL_HUBS)
        for name in names:
            value = _hubs.ALL_HUBS[name] if module_name == "hubs" else getattr(module, name)
            if inspect.isclass(value):
                entry = {"kind": "class", "members": describe_class(value)}
                instance = build(module_name, value)
                if instance is not None:
                    for attr, part in vars(instance).items():
                        if attr.startswith("_"):
                            continue
                        entry["members"].setdefault(attr, "attribute")
                        if module_name == "hubs":
                            entry.setdefault("parts", {})[attr] = describe_class(type(part))
                entries[name] = entry
            elif callable(value):
                entries[name] = {"kind": "function", "signature": signature(value)}
            else:
                entries[name] = {"kind": "value"}
        api[module_name] = entries
    json.dump(api, sys.stdout)


main()
