"""Bring in the pupils' programs: one folder, files named after pupils or teams.

Names are matched the forgiving way a teacher would: case, accents, spaces,
hyphens and underscores do not matter, so ``asa_lindqvist.py`` is Åsa
Lindqvist and ``team-3.PY`` is team "Team 3". Every file is accounted for:
files that match nobody, cannot be read, or are a second file for the same
pupil are reported, never dropped silently. When one pupil has two files,
both are kept and the newest (by when it was last changed) is graded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from brickclass.classroom.errors import RosterError
from brickclass.classroom.gradebook import Gradebook, moment
from brickclass.classroom.roster import name_key
from brickclass.language import t

MAX_PROGRAM_BYTES = 256 * 1024


@dataclass(frozen=True)
class Handed:
    who: str  # the pupil's or team's name
    file: str


@dataclass
class Collected:
    new: list[Handed] = field(default_factory=list)
    unchanged: list[Handed] = field(default_factory=list)
    # Two or more files for one pupil or team: (who, files newest first); the first is graded.
    several: list[tuple[str, list[str]]] = field(default_factory=list)
    # Files that match more than one pupil (two pupils whose names differ only in accents or case).
    ambiguous: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def needs_a_look(self) -> bool:
        return bool(self.several or self.ambiguous or self.unmatched or self.unreadable)

    def report(self, lang: str | None = None) -> list[str]:
        """What was collected, file by file, in the reader's words."""
        lines = [t("classroom.collected", lang, new=t("classroom.programs_new", lang, count=len(self.new)),
                   unchanged=t("classroom.programs_unchanged", lang, count=len(self.unchanged)))]
        lines += [f"  + {handed.who} ← {handed.file}" for handed in self.new]
        for who, files in self.several:
            lines.append("  " + t("classroom.several_files", lang, who=who, newest=files[0],
                                  others=", ".join(files[1:])))
        lines += ["  " + t("classroom.ambiguous", lang, file=name) for name in self.ambiguous]
        lines += ["  " + t("classroom.unmatched", lang, file=name) for name in self.unmatched]
        lines += ["  " + t("classroom.unreadable", lang, file=name) for name in self.unreadable]
        return lines


def program_files(folder: Path) -> list[Path]:
    """The Python files of a folder, whatever the case of their extension (``.py``, ``.PY``)."""
    if not folder.is_dir():
        raise RosterError("no_folder", folder=str(folder))
    return sorted(p for p in folder.iterdir() if p.suffix.casefold() == ".py" and p.is_file())


def _read(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_PROGRAM_BYTES:
            return None
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def collect(book: Gradebook, assignment_id: int, folder: Path) -> Collected:
    """Import every program in ``folder`` for the assignment."""
    assignment = book.assignment(assignment_id)
    pupils: dict[str, list[tuple[int, str]]] = {}
    for pupil in book.pupils(assignment.class_id):
        pupils.setdefault(name_key(pupil.name), []).append((pupil.id, pupil.name))
    teams = {name_key(name): (team_id, name) for team_id, name in book.teams(assignment.class_id)}
    result = Collected()
    # Each owner's files, to store oldest first so that the newest is the last one in.
    handed: dict[tuple[str, int], list[tuple[str, Path, str, str]]] = {}
    for path in program_files(folder):
        key = name_key(path.stem)
        matches = pupils.get(key, [])
        if len(matches) > 1:
            result.ambiguous.append(path.name)
            continue
        if matches:
            owner, (owner_id, who) = "pupil", matches[0]
        elif key in teams:
            owner, (owner_id, who) = "team", teams[key]
        else:
            result.unmatched.append(path.name)
            continue
        content = _read(path)
        if content is None:
            result.unreadable.append(path.name)
            continue
        handed.setdefault((owner, owner_id), []).append((moment(path.stat().st_mtime), path, who, content))
    for (owner, owner_id), files in handed.items():
        files.sort(key=lambda entry: (entry[0], entry[1].name))
        who = files[0][2]
        if len(files) > 1:
            result.several.append((who, [path.name for _, path, _, _ in reversed(files)]))
        for modified, path, _, content in files:
            _, new = book.add_submission(assignment_id, pupil_id=owner_id if owner == "pupil" else None,
                                         team_id=owner_id if owner == "team" else None, filename=path.name,
                                         content=content, modified=modified)
            (result.new if new else result.unchanged).append(Handed(who, path.name))
    return result
