"""Pupils in, programs in: the class list from a CSV file, and handed-in files matched to pupils.

Names are matched the forgiving way a teacher would: case, accents, spaces,
hyphens and underscores do not matter, so ``asa_lindqvist.py`` is Åsa Lindqvist
and ``team-3.py`` is team "Team 3". Files that match nobody are reported,
never dropped silently.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from brickclass.gradebook import Gradebook

MAX_PROGRAM_BYTES = 256 * 1024


class RosterError(ValueError):
    pass


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


def read_roster(path: Path) -> list[dict[str, str]]:
    """Rows of name, class, team from a CSV (UTF-8 with or without BOM, ',' or ';')."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RosterError(f"{path}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise RosterError(f"{path}: is not UTF-8 text; save it as 'CSV UTF-8'") from exc
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = {(h or "").strip().casefold(): h for h in reader.fieldnames or []}
    aliases = {"name": ("name", "namn", "elev", "pupil"), "class": ("class", "klass"), "team": ("team", "lag", "grupp")}
    columns = {}
    for key, names in aliases.items():
        columns[key] = next((headers[n] for n in names if n in headers), None)
    if columns["name"] is None or columns["class"] is None:
        raise RosterError(f"{path}: needs the columns name and class (namn, klass); found {', '.join(headers) or 'none'}")
    rows = []
    for number, row in enumerate(reader, start=2):
        name = (row.get(columns["name"]) or "").strip()
        class_name = (row.get(columns["class"]) or "").strip()
        if not name and not class_name:
            continue
        if not name or not class_name:
            raise RosterError(f"{path}, line {number}: every pupil needs a name and a class")
        team = (row.get(columns["team"]) or "").strip() if columns["team"] else ""
        rows.append({"name": name, "class": class_name, "team": team})
    return rows


def import_roster(book: Gradebook, path: Path) -> RosterImport:
    result = RosterImport()
    for row in read_roster(path):
        _, added = book.add_pupil(row["class"], row["name"], row["team"] or None)
        result.added += added
        result.updated += not added
        result.classes.add(row["class"])
    return result


@dataclass
class Collected:
    new: list[str] = field(default_factory=list)  # "who ← file"
    unchanged: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def collect(book: Gradebook, assignment_id: int, folder: Path) -> Collected:
    """Import one .py per pupil or team from ``folder``."""
    assignment = book.assignment(assignment_id)
    pupils = {name_key(p["name"]): p for p in book.pupils(assignment.class_id)}
    teams = {name_key(t["name"]): t for t in book.teams(assignment.class_id)}
    result = Collected()
    if not folder.is_dir():
        raise RosterError(f"{folder}: there is no such folder")
    for path in sorted(folder.glob("*.py")):
        key = name_key(path.stem)
        pupil, team = pupils.get(key), teams.get(key)
        if pupil is None and team is None:
            result.unmatched.append(path.name)
            continue
        try:
            if path.stat().st_size > MAX_PROGRAM_BYTES:
                raise UnicodeDecodeError("utf-8", b"", 0, 1, "too big")
            content = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            result.unreadable.append(path.name)
            continue
        who = pupil["name"] if pupil is not None else team["name"]
        _, new = book.add_submission(assignment_id, pupil_id=pupil["id"] if pupil is not None else None,
                                     team_id=team["id"] if pupil is None else None, filename=path.name, content=content)
        (result.new if new else result.unchanged).append(f"{who} ← {path.name}")
    return result
