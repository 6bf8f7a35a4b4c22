"""Pupil- and teacher-facing text in Swedish and English.

The base of the kit: this package imports nothing else of ours, so the
simulator, the classroom core and every edge may use it.

Every string a person reads lives in a catalogue: one folder per language
(``en/``, ``sv/`` beside this file), one TOML file per area of the kit. A key
is ``<file>.<table>.<name>``, e.g. ``sim.summary.finished``. Text uses
``str.format`` placeholders. A text shown with a number is a plural table
with ``one`` and ``other`` forms; ``t(key, count=n)`` picks the form.

The language comes from ``--lang``, else ``BRICKCLASS_LANG``, else the
environment as gettext reads it (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
``LANG``), else the system's display language, else English.
"""

from __future__ import annotations

import errno
import locale
import os
import re
import string
import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "sv")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent
# The forms a plural table has; Swedish and English both need just these two.
PLURAL_FORMS = frozenset({"one", "other"})
# Set (to anything) by the tests: a missing key or placeholder raises instead of showing.
STRICT_ENV = "BRICKCLASS_STRICT_TEXT"

_current: str | None = None


class MissingText(LookupError):
    """A key or a placeholder the catalogues do not have (raised in strict mode only)."""


def _from_locale_name(name: str | None) -> str | None:
    if not name:
        return None
    code = name.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None


def _from_environment() -> str | None:
    """The language the environment asks for, read the way gettext reads it.

    The first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set decides;
    LANGUAGE is a list (``sv:en``) tried in order. A "C" or "POSIX" locale
    asks for nothing in particular.
    """
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip()
        if not value:
            continue
        if value in ("C", "POSIX") or value.startswith("C."):
            return None
        for part in value.split(":"):
            code = _from_locale_name(part)
            if code:
                return code
        return DEFAULT_LANGUAGE  # set, but to a language we do not have
    return None


def _from_system() -> str | None:
    """The language the computer shows its own menus in."""
    if sys.platform == "win32":
        try:
            import ctypes

            ui_language = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
            return _from_locale_name(locale.windows_locale.get(ui_language))
        except (AttributeError, OSError):
            return None
    try:
        return _from_locale_name(locale.getlocale()[0])
    except ValueError:
        return None


def choose_language(explicit: str | None = None) -> str:
    """Pick the language: explicit choice, BRICKCLASS_LANG, environment, system, English."""
    for candidate in (explicit, os.environ.get("BRICKCLASS_LANG")):
        code = _from_locale_name(candidate)
        if code:
            return code
    return _from_environment() or _from_system() or DEFAULT_LANGUAGE


def set_language(lang: str | None) -> str:
    """Set the language for this process; returns the one chosen."""
    global _current
    _current = choose_language(lang)
    return _current


def current_language() -> str:
    if _current is None:
        return set_language(None)
    return _current


def _is_plural(table: dict[str, Any]) -> bool:
    return set(table) == PLURAL_FORMS and all(isinstance(v, str) for v in table.values())


def _flatten(prefix: str, table: dict[str, Any], into: dict[str, str | dict[str, str]]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict) and _is_plural(value):
            into[full] = {form: str(text) for form, text in value.items()}
        elif isinstance(value, dict):
            _flatten(full, value, into)
        else:
            into[full] = str(value)


@cache
def catalogue(lang: str) -> dict[str, str | dict[str, str]]:
    """All texts of one language by dotted key; a plural text is a dict of its forms."""
    strings: dict[str, str | dict[str, str]] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*.toml")):
        with path.open("rb") as handle:
            _flatten(path.stem, tomllib.load(handle), strings)
    return strings


def has(key: str, lang: str | None = None) -> bool:
    return key in catalogue(lang or current_language())


def plural_form(count: int | float, lang: str) -> str:
    """Swedish and English: "1 körning", "2 körningar", "0 körningar"."""
    return "one" if count == 1 else "other"


def _needs_values(text: str) -> bool:
    try:
        return any(name is not None for _, name, _, _ in string.Formatter().parse(text))
    except ValueError:
        return False


def _strict() -> bool:
    return bool(os.environ.get(STRICT_ENV))


def t(key: str, /, lang: str | None = None, **values: Any) -> str:
    """The text for ``key`` in the chosen language, filled with ``values``.

    A plural text picks its form by ``count``. A value that can describe itself
    (an error carried as a key and values, an ``OsReason``) is put into words in
    the same language. A key missing in the chosen
    language falls back to English, and one missing everywhere shows as
    itself so a gap is visible; under the tests (``BRICKCLASS_STRICT_TEXT``)
    either raises ``MissingText``.
    """
    lang = lang or current_language()
    values = {name: value.describe(lang) if hasattr(value, "describe") else value for name, value in values.items()}
    entry = catalogue(lang).get(key)
    if entry is None:
        if _strict():
            raise MissingText(f"no text {key!r} in {lang!r}")
        entry = catalogue(DEFAULT_LANGUAGE).get(key, key)
    if isinstance(entry, dict):
        if "count" not in values:
            if _strict():
                raise MissingText(f"{key!r} is a plural text and needs count=")
            text = entry["other"]
        else:
            text = entry[plural_form(values["count"], lang)]
    else:
        text = entry
    if not values:
        if _strict() and _needs_values(text):
            raise MissingText(f"{key!r} in {lang!r} needs values for {text!r}")
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        if _strict():
            raise MissingText(f"{key!r} in {lang!r}: {exc!r} with {sorted(values)}") from exc
        return text


def number(value: float, lang: str | None = None, decimals: int = 1) -> str:
    """A number as a reader of ``lang`` writes it: 19.5 in English, 19,5 in Swedish."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if (lang or current_language()) == "sv" else text


class OsReason:
    """Why the system refused a file (no such file, a folder, not allowed…), said in the reader's language.

    The system's own words (``strerror``) are English whatever the reader
    chose; the common reasons have texts under ``files.<errno name>``, and any
    other keeps the system's words. It is data: ``to_json`` / ``from_json``.
    """

    __slots__ = ("name", "text")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text

    @classmethod
    def of(cls, exc: BaseException) -> OsReason:
        code = getattr(exc, "errno", None)
        name = errno.errorcode.get(code, "") if isinstance(code, int) else ""
        return cls(name, str(getattr(exc, "strerror", None) or exc or type(exc).__name__))

    def describe(self, lang: str | None = None) -> str:
        key = f"files.{self.name}"
        return t(key, lang) if self.name and has(key, lang or current_language()) else self.text

    def to_json(self) -> dict[str, str]:
        return {"os_error": self.name, "text": self.text}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OsReason) and (self.name, self.text) == (other.name, other.text)

    def __hash__(self) -> int:
        return hash((self.name, self.text))

    def __reduce__(self) -> tuple[Any, ...]:
        return (OsReason, (self.name, self.text))

    def __repr__(self) -> str:
        return f"OsReason({self.name!r}, {self.text!r})"

    def __str__(self) -> str:
        return self.describe()


# What Python's TOML reader says (in English), and the key of our words for it under ``files.toml``.
_TOML_PROBLEMS = (
    (re.compile(r"Cannot overwrite a value"), "overwrite"),
    (re.compile(r"Cannot declare (?P<name>.+) twice"), "twice"),
    (re.compile(r"Duplicate inline table key (?P<name>.+)"), "twice"),
    (re.compile(r"Cannot (?:mutate immutable|redefine) namespace (?P<name>.+)"), "redefine"),
    (re.compile(r"Expected '=' after a key in a key/value pair"), "expected_equals"),
    (re.compile(r"Expected ']' at the end of a table declaration"), "expected_bracket"),
    (re.compile(r"Expected ']]' at the end of an array declaration"), "expected_brackets"),
    (re.compile(r"Expected newline or end of document after a statement"), "expected_newline"),
    (re.compile(r"Invalid date or datetime"), "date"),
    (re.compile(r"Invalid initial character for a key part"), "key_start"),
    (re.compile(r"Invalid statement"), "statement"),
    (re.compile(r"Invalid value"), "value"),
    (re.compile(r"Unclosed array"), "unclosed_array"),
    (re.compile(r"Unclosed inline table"), "unclosed_table"),
    (re.compile(r"Unterminated string"), "unterminated"),
    (re.compile(r"(?:Illegal|Found invalid) character (?P<name>.+)"), "character"),
)
_TOML_WHERE = re.compile(
    r"^(?P<what>.*?) \((?:at line (?P<line>\d+), column (?P<column>\d+)|(?P<end>at end of document))\)$", re.DOTALL)


class TomlReason:
    """Why a file is not valid TOML and where, said in the reader's language.

    Python's TOML reader words its complaints in English; the ones a teacher
    meets have texts under ``files.toml``, any other keeps the reader's words
    (and the place, in ours). It is data: ``to_json`` / ``from_json``.
    """

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    @classmethod
    def of(cls, exc: BaseException) -> TomlReason:
        return cls(str(exc))

    def describe(self, lang: str | None = None) -> str:
        found = _TOML_WHERE.match(self.message)
        if found is None:
            return self.message
        what = found.group("what")
        for pattern, key in _TOML_PROBLEMS:
            said = pattern.fullmatch(what)
            if said is not None:
                what = t(f"files.toml.{key}", lang, **said.groupdict())
                break
        if found.group("end"):
            return t("files.toml_at_end", lang, what=what)
        return t("files.toml_at", lang, what=what, line=found.group("line"), column=found.group("column"))

    def to_json(self) -> dict[str, str]:
        return {"toml_error": self.message}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TomlReason) and self.message == other.message

    def __hash__(self) -> int:
        return hash(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (TomlReason, (self.message,))

    def __repr__(self) -> str:
        return f"TomlReason({self.message!r})"

    def __str__(self) -> str:
        return self.describe()


def reason_from_json(data: Any) -> Any:
    """An ``OsReason`` or ``TomlReason`` back from its ``to_json``; any other value as it is."""
    if isinstance(data, dict) and set(data) == {"os_error", "text"}:
        return OsReason(str(data["os_error"]), str(data["text"]))
    if isinstance(data, dict) and set(data) == {"toml_error"}:
        return TomlReason(str(data["toml_error"]))
    return data
