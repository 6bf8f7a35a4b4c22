"""Pupil- and teacher-facing text in Swedish and English.

Every string a person reads lives in a catalogue: one folder per language
under ``brickclass/language/<lang>/``, one TOML file per area of the kit. A key
is ``<file>.<table>.<name>``, e.g. ``sim.summary.finished``. Text uses
``str.format`` placeholders.

The language comes from ``--lang``, else ``BRICKCLASS_LANG``, else the
system locale, else English.
"""

from __future__ import annotations

import locale
import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "sv")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent

_current: str | None = None


def _from_locale_name(name: str | None) -> str | None:
    if not name:
        return None
    code = name.split(".")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None


def choose_language(explicit: str | None = None) -> str:
    """Pick the language: explicit choice, environment, system locale, English."""
    for candidate in (explicit, os.environ.get("BRICKCLASS_LANG")):
        code = _from_locale_name(candidate)
        if code:
            return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        code = _from_locale_name(os.environ.get(var))
        if code:
            return code
    try:
        code = _from_locale_name(locale.getlocale()[0])
    except ValueError:
        code = None
    return code or DEFAULT_LANGUAGE


def set_language(lang: str | None) -> str:
    """Set the language for this process; returns the one chosen."""
    global _current
    _current = choose_language(lang)
    return _current


def current_language() -> str:
    if _current is None:
        return set_language(None)
    return _current


def _flatten(prefix: str, table: dict[str, Any], into: dict[str, str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(full, value, into)
        else:
            into[full] = str(value)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, keyed by their dotted name."""
    strings: dict[str, str] = {}
    folder = LOCALE_DIR / lang
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            _flatten(path.stem, tomllib.load(handle), strings)
    return strings


def has(key: str, lang: str | None = None) -> bool:
    return key in catalogue(lang or current_language())


def t(key: str, /, lang: str | None = None, **values: Any) -> str:
    """The text for ``key`` in the chosen language, filled with ``values``.

    A key missing in the chosen language falls back to English; a key missing
    everywhere is returned as itself so a gap shows instead of crashing.
    """
    lang = lang or current_language()
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text
