"""The lesson library: load and check ``lessons/<id>/``.

A lesson folder holds ``lesson.toml`` (level, minutes, curriculum, the mission
it runs on and its variants, success criteria, hints), the text as ``en.md``
and ``sv.md`` (Markdown with a ``+++`` TOML front matter giving the title),
``starter.py`` and ``solution.py``. Every problem is reported with the file,
the field and what is wrong, so a teacher can fix a lesson they wrote.

A lesson that teaches a sensor names ``variants``: more fields (missions, often
levels of the same one) with the wall or the line somewhere else, or the same
field with another robot (``{ mission = "practice", robot = "spike-rover-wide" }``).
A program passes the lesson only on all of them (see ``brickclass.classroom.judging``).

A lesson where pupils design the field themselves names ``own_field`` (a file
name such as ``my-moon.toml``) instead of a mission: each program is judged on
the field of that name beside it (``Lesson.fields_for``), made with
``brickclass field new``. The lesson folder keeps one beside its solution.

The starter's comments exist in both languages, as pairs of lines
``# en: …`` and ``# sv: …``; a pupil gets the one in their language
(``Lesson.starter_text``), and the file itself stays a valid program.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickclass.language import OsReason, TomlReason
from brickclass.language.file_problem import FileProblem
from brickclass.lessons.criteria_kinds import check_params

LESSONS_DIR = Path(__file__).parent
LANGUAGES = ("en", "sv")
LESSON_KEYS = frozenset({"id", "level", "minutes", "mission", "own_field", "variants", "robot", "time_limit_s",
                         "curriculum", "criteria", "hints"})
# A comment line of the starter in one language: "    # sv: Kör 50 cm framåt."
_LANGUAGE_COMMENT = re.compile(r"^(\s*)# (en|sv): (.*)$")


@dataclass(frozen=True)
class Criterion:
    """One success criterion: a kind of check (brickclass.classroom.judging.criteria), its settings and texts."""

    id: str
    kind: str
    label: dict[str, str]
    advice: dict[str, str]
    params: dict[str, Any] = field(default_factory=dict)


class LessonFileError(FileProblem):
    """What is wrong with a lesson: the file, the field (a key path in the file, or ``line N``
    of a text or program), and the problem as a key under ``lessons.problem`` with its values.
    A value that is itself an error (a mission or robot file's) describes itself in the same language.
    """

    PROBLEMS = "lessons.problem"


@dataclass(frozen=True)
class LessonField:
    """A field a lesson is judged on: a mission (with its level) and the robot that drives there."""

    mission: str
    robot: str


@dataclass(frozen=True)
class Lesson:
    id: str
    folder: Path
    level: int
    minutes: int
    mission: str
    variants: tuple[LessonField, ...]
    robot: str
    time_limit_s: float
    curriculum: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    hints: tuple[dict[str, str], ...]
    titles: dict[str, str]
    texts: dict[str, str] = field(repr=False, default_factory=dict)
    # The file name of the field the pupil designs (then ``mission`` is that name too).
    own_field: str | None = None

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["en"]

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts["en"]

    @property
    def fields(self) -> tuple[LessonField, ...]:
        """Every field the lesson is judged on: its own mission first, then the variants."""
        return (LessonField(self.mission, self.robot), *self.variants)

    def fields_for(self, program: Path) -> tuple[LessonField, ...]:
        """The fields ``program`` is judged on: on a lesson with ``own_field``, the pupil's
        own field is the file of that name beside the program."""
        if self.own_field is None:
            return self.fields
        return (LessonField(str(Path(program).parent / self.own_field), self.robot), *self.variants)

    @property
    def starter(self) -> Path:
        return self.folder / "starter.py"

    def starter_text(self, lang: str) -> str:
        """The starter program with its comments in ``lang`` (the other language's lines left out)."""
        return starter_in(self.starter.read_text(encoding="utf-8"), lang)

    @property
    def solution(self) -> Path:
        return self.folder / "solution.py"


def starter_in(source: str, lang: str) -> str:
    kept = []
    for line in source.splitlines(keepends=True):
        match = _LANGUAGE_COMMENT.match(line.rstrip("\n"))
        if match is None:
            kept.append(line)
        elif match.group(2) == lang:
            kept.append(f"{match.group(1)}# {match.group(3)}\n")
    return "".join(kept)


def _check_starter(path: Path) -> None:
    """Every "# en:" comment line has its "# sv:" line right after it, and the other way round."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonFileError(path, "", "unreadable", reason=OsReason.of(exc)) from exc
    marked = [(number, match.group(2)) for number, line in enumerate(lines, 1)
              if (match := _LANGUAGE_COMMENT.match(line))]
    for index in range(0, len(marked), 2):
        number, lang = marked[index]
        partner = marked[index + 1] if index + 1 < len(marked) else None
        if lang != "en" or partner is None or partner != (number + 1, "sv"):
            raise LessonFileError(path, f"line {number}", "comment_pairs")


def _text(path: Path, name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) and value[lang].strip()
                                              for lang in LANGUAGES):
        raise LessonFileError(path, name, "needs_text")
    return {lang: value[lang] for lang in LANGUAGES}


def _read_markdown(path: Path) -> tuple[str, str]:
    """(title, body) of a lesson text with its +++ front matter."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LessonFileError(path, "", "unreadable", reason=OsReason.of(exc)) from exc
    if not raw.startswith("+++\n"):
        raise LessonFileError(path, "line 1", "front_matter_start")
    end = raw.find("\n+++\n", 4)
    if end < 0:
        raise LessonFileError(path, "line 1", "front_matter_end")
    try:
        front = tomllib.loads(raw[4:end])
    except tomllib.TOMLDecodeError as exc:
        raise LessonFileError(path, "line 1", "front_matter_toml", reason=TomlReason.of(exc)) from exc
    title = front.get("title")
    if not isinstance(title, str) or not title.strip():
        raise LessonFileError(path, "title", "needs_title")
    return title, raw[end + 5:].strip() + "\n"


def load_lesson(folder: Path) -> Lesson:
    path = folder / "lesson.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LessonFileError(path, "", "unreadable", reason=OsReason.of(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise LessonFileError(path, "", "not_toml", reason=TomlReason.of(exc)) from exc
    unknown = sorted(set(data) - LESSON_KEYS)
    if unknown:
        raise LessonFileError(path, unknown[0], "unknown_key", keys=", ".join(sorted(LESSON_KEYS)))
    lesson_id = data.get("id")
    if lesson_id != folder.name:
        raise LessonFileError(path, "id", "id_not_folder", folder=repr(folder.name))
    for name in ("level", "minutes"):
        if isinstance(data.get(name), bool) or not isinstance(data.get(name), int) or data[name] < 1:
            raise LessonFileError(path, name, "not_count")
    own_field = data.get("own_field")
    if own_field is not None:
        if not isinstance(own_field, str) or not own_field.endswith(".toml") or Path(own_field).name != own_field:
            raise LessonFileError(path, "own_field", "own_field_name")
        if "mission" in data:
            raise LessonFileError(path, "mission", "own_field_and_mission")
        if not (folder / own_field).is_file():
            raise LessonFileError(folder / own_field, "", "own_field_missing")
    mission = own_field if own_field is not None else data.get("mission")
    if not isinstance(mission, str) or not mission:
        raise LessonFileError(path, "mission", "no_mission")
    robot = data.get("robot", "spike-rover")
    fields = [LessonField(mission, robot)]
    raw_variants = data.get("variants", [])
    if not isinstance(raw_variants, list):
        raise LessonFileError(path, "variants", "variants_not_list")
    for index, raw in enumerate(raw_variants):
        if isinstance(raw, dict) and set(raw) <= {"mission", "robot"} and \
                all(isinstance(value, str) and value for value in raw.values()):
            fields.append(LessonField(raw.get("mission", mission), raw.get("robot", robot)))
        elif isinstance(raw, str):
            fields.append(LessonField(raw, robot))
        else:
            raise LessonFileError(path, f"variants[{index}]", "variant_not_field")
    if len(set(fields)) != len(fields):
        raise LessonFileError(path, "variants", "variants_same")
    from brickclass.robots.models import RobotFileError, load_robot
    from brickclass.simulator.missions import MissionFileError, load_mission

    missions = {}
    for index, lesson_field in enumerate(fields):
        name = f"variants[{index - 1}]" if index else "mission"
        if index == 0 and own_field is not None:
            lesson_field = LessonField(str(folder / own_field), robot)  # the one beside the solution
            name = "own_field"
        try:
            missions[lesson_field.mission] = load_mission(lesson_field.mission)
        except MissionFileError as exc:
            raise LessonFileError(path, name, "field_broken", error=exc) from exc
        try:
            load_robot(lesson_field.robot)
        except RobotFileError as exc:
            raise LessonFileError(path, name if index else "robot", "robot_broken", error=exc) from exc
    limit = data.get("time_limit_s", 60)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit <= 0:
        raise LessonFileError(path, "time_limit_s", "not_seconds")
    curriculum = data.get("curriculum", [])
    if not isinstance(curriculum, list) or not all(isinstance(c, str) for c in curriculum):
        raise LessonFileError(path, "curriculum", "not_texts")
    raw_criteria = data.get("criteria")
    if not isinstance(raw_criteria, list) or not raw_criteria:
        raise LessonFileError(path, "criteria", "no_criteria")
    criteria = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_criteria):
        name = f"criteria[{index}]"
        if not isinstance(raw, dict):
            raise LessonFileError(path, name, "not_table")
        kind = raw.get("kind")
        if not isinstance(kind, str):
            raise LessonFileError(path, f"{name}.kind", "needs_kind")
        criterion_id = raw.get("id")
        if not isinstance(criterion_id, str) or not criterion_id or criterion_id in seen:
            raise LessonFileError(path, f"{name}.id", "needs_id")
        seen.add(criterion_id)
        params = {k: v for k, v in raw.items() if k not in ("id", "kind", "label", "advice")}
        problem = check_params(kind, params)
        if problem:
            raise LessonFileError(path, f"{name}.{problem[0]}", problem[1], **problem[2])
        zone = params.get("zone")
        for field_id, field_mission in missions.items():
            if zone is not None and not field_mission.zone(zone):
                raise LessonFileError(path, f"{name}.zone", "no_such_zone", field=field_id, zone=repr(zone))
        criteria.append(Criterion(criterion_id, kind, _text(path, f"{name}.label", raw.get("label")),
                                  _text(path, f"{name}.advice", raw.get("advice")), params))
    hints = tuple(_text(path, f"hints[{i}]", hint) for i, hint in enumerate(data.get("hints", [])))
    titles, texts = {}, {}
    for lang in LANGUAGES:
        titles[lang], texts[lang] = _read_markdown(folder / f"{lang}.md")
    for program in ("starter.py", "solution.py"):
        if not (folder / program).is_file():
            raise LessonFileError(folder / program, "", "missing")
    _check_starter(folder / "starter.py")
    return Lesson(lesson_id, folder, data["level"], data["minutes"], mission, tuple(fields[1:]), robot, float(limit),
                  tuple(curriculum), tuple(criteria), hints, titles, texts, own_field)


def lesson_folders(root: Path = LESSONS_DIR) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "lesson.toml").exists())


def load_library(root: Path = LESSONS_DIR) -> list[Lesson]:
    return [load_lesson(folder) for folder in lesson_folders(root)]


def find_lesson(lesson_id: str, root: Path = LESSONS_DIR) -> Lesson:
    """A lesson by its id (``03-square``), its number (``3``, ``03``) or its name (``square``)."""
    folders = lesson_folders(root)
    wanted = lesson_id.strip().lower()
    matches = [p for p in folders if p.name == wanted]
    if not matches and wanted.isdigit():
        number = int(wanted)
        matches = [p for p in folders if p.name.split("-", 1)[0].isdigit() and int(p.name.split("-", 1)[0]) == number]
    if not matches and wanted:
        matches = [p for p in folders if p.name.split("-", 1)[-1] == wanted]
    if len(matches) != 1:
        raise LessonFileError(lesson_id, "", "no_such_lesson", lessons=", ".join(p.name for p in folders))
    return load_lesson(matches[0])
