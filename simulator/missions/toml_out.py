"""Write a mission's data as TOML a person can read and edit by hand.

The standard library reads TOML but does not write it. Mission data is
plain (text, numbers, true/false, lists, tables), so this writes exactly
that: a table's own values first (small tables of words as dotted keys,
``title.en = "…"``), then its tables (``[field]``) and lists of tables
(``[[field.panels]]``). ``tomllib.loads(dumps(data)) == data`` for all of it.
"""

from __future__ import annotations

import json
import math
from typing import Any


def dumps(data: dict[str, Any], header: str = "") -> str:
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    if lines:
        lines.append("")
    _table(data, (), lines)
    return "\n".join(lines).strip() + "\n"


def _key(name: str) -> str:
    bare = name and all(c.isalnum() or c in "-_" for c in name) and name.isascii()
    return name if bare else _value(name)


def _path(parts: tuple[str, ...]) -> str:
    return ".".join(_key(p) for p in parts)


def _is_words(value: Any) -> bool:
    """A small table of plain values (``label = {en, sv}``): written as dotted keys."""
    return isinstance(value, dict) and bool(value) and all(_is_plain(v) for v in value.values())


def _is_plain(value: Any) -> bool:
    return not isinstance(value, dict) and not _is_tables(value)


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _table(table: dict[str, Any], at: tuple[str, ...], lines: list[str]) -> None:
    for key, value in table.items():
        if _is_plain(value):
            lines.append(f"{_key(key)} = {_value(value)}")
        elif _is_words(value):
            for sub, text in value.items():
                lines.append(f"{_key(key)}.{_key(sub)} = {_value(text)}")
    for key, value in table.items():
        if isinstance(value, dict) and not _is_words(value):
            lines.append("")
            lines.append(f"[{_path(at + (key,))}]")
            _table(value, at + (key,), lines)
        elif _is_tables(value):
            for item in value:
                lines.append("")
                lines.append(f"[[{_path(at + (key,))}]]")
                _table(item, at + (key,), lines)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written to a mission file")
        return repr(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string (the same escapes), but TOML also wants DEL escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"{type(value).__name__} cannot be written to a mission file")
