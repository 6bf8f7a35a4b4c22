"""A field file given to a class (``assign 6B my-moon.toml``), kept in the gradebook as it was.

The file may change after it was handed out (a pupil goes on editing their
moon, a teacher makes it harder); grades given on it must not. So the field
file and every picture it prints on the mat are stored with the assignment,
and everything that runs or loads the field (grading, the table's
scoresheet, the path picture, a replay) uses those kept bytes, written to a
folder of their own while it works.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from brickclass.classroom.errors import TargetError
from brickclass.classroom.records import Assignment


@dataclass(frozen=True)
class KeptField:
    name: str  # the field file's own name, e.g. my-moon.toml
    files: dict[str, bytes]  # by name inside the field's folder: the field file and the pictures it names

    def mission(self, folder: Path, level: int | None) -> str:
        """What a run is given once the files are written to ``folder``: the file, with its level."""
        path = str(folder / self.name)
        return path if level is None else f"{path}:{level}"


def keep_field(path: Path) -> KeptField:
    """The field file at ``path`` and every picture it names (on any level), as bytes.

    Raises MissionFileError when the file does not load, TargetError when a picture
    lies outside the field's folder (it could not travel with the field). What is
    kept is checked again, on its own, before it is handed back.
    """
    from brickclass.simulator.missions import check_mission_file

    folder = path.parent.resolve()
    files = {path.name: path.read_bytes()}
    for mission in check_mission_file(path, name=path.name):
        floor = mission.field.floor
        if floor is None:
            continue
        picture = Path(floor.path)
        if not picture.is_relative_to(folder):
            raise TargetError("floor_outside", floor=floor.name, field=path.name)
        files[picture.relative_to(folder).as_posix()] = picture.read_bytes()
    kept = KeptField(path.name, files)
    with written(kept) as copy:
        check_mission_file(copy, name=path.name)  # the bytes kept are a whole field (nothing changed meanwhile)
    return kept


@contextmanager
def written(kept: KeptField) -> Iterator[Path]:
    """The kept files in a folder of their own while the block runs; yields the field file's path."""
    with tempfile.TemporaryDirectory(prefix="brickclass-field-") as name:
        folder = Path(name)
        for relative, content in kept.files.items():
            target = folder / relative
            if not target.resolve().is_relative_to(folder.resolve()):
                raise ValueError(f"{relative}: a kept file must stay inside the field's folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        yield folder / kept.name


@contextmanager
def mission_to_run(assignment: Assignment, kept: KeptField | None) -> Iterator[str]:
    """What a run of ``assignment`` is given while the block runs: its mission (``moon-sweeper:2``),
    or, for a field file given to the class, the kept copy (``kept``) written out."""
    if kept is None:
        yield assignment.mission_id
        return
    with written(kept) as path:
        yield kept.mission(path.parent, assignment.level)
