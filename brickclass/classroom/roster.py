"""The class list: pupils, classes and teams from a CSV file a teacher saved from Excel or a school platform.

Excel saves "CSV UTF-8" with a byte-order mark, but its plain "CSV
(semicolon)" in the Windows encoding of Western Europe (cp1252), and
"Unicode text" as UTF-16 with tabs; all of them are read. The columns are
found by name in English or Swedish, in any order.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from brickclass.classroom.errors import RosterError
from brickclass.classroom.gradebook import Gradebook
from brickclass.language import OsReason, t

COLUMN_NAMES = {"name": ("name", "namn", "elev", "pupil"), "class": ("class", "klass"),
                "team": ("team", "lag", "grupp")}
DELIMITERS = (";", ",", "\t")


def name_key(name: str) -> str:
    """What is left of a name when case, accents and separators are ignored."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in letters if c.isalnum())


@dataclass
class RosterImport:
    added: int = 0
    updated: int = 0
    classes: set[str] = field(default_factory=set)

    def summary(self, lang: str | None = None) -> str:
        return t("classroom.roster_done", lang, added=t("classroom.pupils_added", lang, count=self.added),
                 updated=t("classroom.pupils_updated", lang, count=self.updated),
                 classes=", ".join(sorted(self.classes)))


def decode_text(data: bytes) -> str | None:
    """The text of a file saved by a spreadsheet, or None when it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_roster(path: Path) -> list[dict[str, str]]:
    """Rows of name, class, team."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError("unreadable", path=str(path), reason=OsReason.of(exc)) from exc
    text = decode_text(data)
    if text is None:
        raise RosterError("not_text", path=str(path))
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = {(h or "").strip().casefold(): h for h in reader.fieldnames or []}
    columns = {key: next((headers[n] for n in names if n in headers), None) for key, names in COLUMN_NAMES.items()}
    if columns["name"] is None or columns["class"] is None:
        raise RosterError("columns", path=str(path), found=", ".join(h for h in headers if h) or "–")
    rows = []
    for number, row in enumerate(reader, start=2):
        name = (row.get(columns["name"]) or "").strip()
        class_name = (row.get(columns["class"]) or "").strip()
        if not name and not class_name:
            continue
        if not name or not class_name:
            raise RosterError("incomplete_row", path=str(path), line=number)
        team = (row.get(columns["team"]) or "").strip() if columns["team"] else ""
        rows.append({"name": name, "class": class_name, "team": team})
    return rows


def import_roster(book: Gradebook, path: Path) -> RosterImport:
    """Add every pupil of the list (a pupil already there gets their team updated)."""
    result = RosterImport()
    for row in read_roster(path):
        _, added = book.add_pupil(row["class"], row["name"], row["team"] or None)
        result.added += added
        result.updated += not added
        result.classes.add(row["class"])
    return result
