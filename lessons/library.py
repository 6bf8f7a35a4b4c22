"""The lesson library: load and check ``lessons/<id>/``.

A lesson folder holds ``lesson.toml`` (level, minutes, curriculum, the mission
it runs on, success criteria, hints), the text as ``en.md`` and ``sv.md``
(Markdown with a ``+++`` TOML front matter giving the title), ``starter.py``
and ``solution.py``. Every problem is reported with the file, the field and
what is wrong, so a teacher can fix a lesson they wrote.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickclass.lessons.criteria import CRITERIA_KINDS, Criterion

LESSONS_DIR = Path(__file__).parent
LANGUAGES = ("en", "sv")


class LessonFileError(ValueError):
    def __init__(self, path: Path | str, field_name: str, problem: str) -> None:
        super().__init__(f"{path}: {field_name}: {problem}")
        self.path = str(path)
        self.field = field_name
        self.problem = problem


@dataclass(frozen=True)
class Lesson:
    id: str
    folder: Path
    level: int
    minutes: int
    mission: str
    robot: str
    time_limit_s: float
    curriculum: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    hints: tuple[dict[str, str], ...]
    titles: dict[str, str]
    texts: dict[str, str] = field(repr=False, default_factory=dict)

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["en"]

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts["en"]

    @property
    def starter(self) -> Path:
        return self.folder / "starter.py"

    @property
    def solution(self) -> Path:
        return self.folder / "solution.py"


def _text(path: Path, name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) and value[lang].strip()
                                              for lang in LANGUAGES):
        raise LessonFileError(path, name, "needs both .en and .sv text")
    return {lang: value[lang] for lang in LANGUAGES}


def _read_markdown(path: Path) -> tuple[str, str]:
    """(title, body) of a lesson text with its +++ front matter."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LessonFileError(path, "file", f"cannot be read ({exc.strerror})") from exc
    if not raw.startswith("+++\n"):
        raise LessonFileError(path, "front matter", "must start with a +++ line, then title = \"…\", then +++")
    end = raw.find("\n+++\n", 4)
    if end < 0:
        raise LessonFileError(path, "front matter", "has no closing +++ line")
    try:
        front = tomllib.loads(raw[4:end])
    except tomllib.TOMLDecodeError as exc:
        raise LessonFileError(path, "front matter", f"is not valid TOML ({exc})") from exc
    title = front.get("title")
    if not isinstance(title, str) or not title.strip():
        raise LessonFileError(path, "title", "every lesson text needs a title")
    return title, raw[end + 5:].strip() + "\n"


def load_lesson(folder: Path) -> Lesson:
    path = folder / "lesson.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LessonFileError(path, "file", f"cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LessonFileError(path, "file", f"is not valid TOML ({exc})") from exc
    lesson_id = data.get("id")
    if lesson_id != folder.name:
        raise LessonFileError(path, "id", f"must be the folder's name, {folder.name!r}")
    for name in ("level", "minutes"):
        if isinstance(data.get(name), bool) or not isinstance(data.get(name), int) or data[name] < 1:
            raise LessonFileError(path, name, "must be a whole number, 1 or more")
    mission = data.get("mission")
    if not isinstance(mission, str) or not mission:
        raise LessonFileError(path, "mission", "name the mission the lesson runs on, e.g. 'practice'")
    from brickclass.simulator.missions import MissionFileError, load_mission

    try:
        load_mission(mission)
    except MissionFileError as exc:
        raise LessonFileError(path, "mission", str(exc)) from exc
    robot = data.get("robot", "spike-rover")
    from brickclass.robots.models import RobotFileError, load_robot

    try:
        load_robot(robot)
    except (RobotFileError, ValueError) as exc:
        raise LessonFileError(path, "robot", str(exc)) from exc
    limit = data.get("time_limit_s", 60)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit <= 0:
        raise LessonFileError(path, "time_limit_s", "must be a number of seconds, more than 0")
    curriculum = data.get("curriculum", [])
    if not isinstance(curriculum, list) or not all(isinstance(c, str) for c in curriculum):
        raise LessonFileError(path, "curriculum", "must be a list of texts")
    raw_criteria = data.get("criteria")
    if not isinstance(raw_criteria, list) or not raw_criteria:
        raise LessonFileError(path, "criteria", "a lesson needs at least one [[criteria]] the simulator can check")
    criteria = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_criteria):
        name = f"criteria[{index}]"
        if not isinstance(raw, dict):
            raise LessonFileError(path, name, "must be a table")
        kind = raw.get("kind")
        if kind not in CRITERIA_KINDS:
            raise LessonFileError(path, f"{name}.kind", f"must be one of {', '.join(sorted(CRITERIA_KINDS))}")
        criterion_id = raw.get("id")
        if not isinstance(criterion_id, str) or not criterion_id or criterion_id in seen:
            raise LessonFileError(path, f"{name}.id", "every criterion needs its own id")
        seen.add(criterion_id)
        params = {k: v for k, v in raw.items() if k not in ("id", "kind", "label", "advice")}
        problem = CRITERIA_KINDS[kind].check_params(params)
        if problem:
            raise LessonFileError(path, f"{name}.{problem[0]}", problem[1])
        criteria.append(Criterion(criterion_id, kind, _text(path, f"{name}.label", raw.get("label")),
                                  _text(path, f"{name}.advice", raw.get("advice")), params))
    hints = tuple(_text(path, f"hints[{i}]", hint) for i, hint in enumerate(data.get("hints", [])))
    titles, texts = {}, {}
    for lang in LANGUAGES:
        titles[lang], texts[lang] = _read_markdown(folder / f"{lang}.md")
    for program in ("starter.py", "solution.py"):
        if not (folder / program).is_file():
            raise LessonFileError(folder / program, "file", "is missing")
    return Lesson(lesson_id, folder, data["level"], data["minutes"], mission, robot, float(limit),
                  tuple(curriculum), tuple(criteria), hints, titles, texts)


def lesson_folders(root: Path = LESSONS_DIR) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "lesson.toml").exists())


def load_library(root: Path = LESSONS_DIR) -> list[Lesson]:
    return [load_lesson(folder) for folder in lesson_folders(root)]


def find_lesson(lesson_id: str, root: Path = LESSONS_DIR) -> Lesson:
    folder = root / lesson_id
    if not (folder / "lesson.toml").exists():
        known = ", ".join(p.name for p in lesson_folders(root))
        raise LessonFileError(lesson_id, "id", f"no such lesson; the lessons are: {known}")
    return load_lesson(folder)
