"""Judge a pupil's program against a lesson: run it on every field of the lesson, judge every criterion on each.

A lesson that teaches a sensor has variants of its field (the wall nearer, the
line somewhere else): a program passes only if it passes on all of them, so a
distance measured once and typed in does not pass for "stop at the wall".
The verdict is data (ids, keys and values, labels in both languages); the
reader's language turns it into words (``words``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickclass.classroom.judging.criteria import Finding, RunView, judge

if TYPE_CHECKING:
    from brickclass.lessons.library import Criterion, Lesson
    from brickclass.robots.models import RobotSpec
    from brickclass.simulator.missions import MissionFileError
    from brickclass.simulator.missions.model import Mission
    from brickclass.simulator.run import RunResult


@dataclass(frozen=True)
class FieldRun:
    """The program's run on one field of the lesson (a mission, and the robot that drove there)."""

    mission: Mission
    robot: RobotSpec
    result: RunResult


@dataclass(frozen=True)
class CriterionVerdict:
    """One criterion, judged on every field (in the lesson's order of fields)."""

    criterion: Criterion
    findings: tuple[Finding, ...]

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def passed(self) -> bool:
        return all(finding.passed for finding in self.findings)

    @property
    def failed_on(self) -> list[int]:
        """The fields (by index) where the criterion did not hold."""
        return [index for index, finding in enumerate(self.findings) if not finding.passed]

    def label(self, lang: str) -> str:
        return self.criterion.label.get(lang) or self.criterion.label["en"]

    def advice(self, lang: str) -> str:
        return self.criterion.advice.get(lang) or self.criterion.advice["en"]


@dataclass(frozen=True)
class LessonVerdict:
    lesson: str
    fields: tuple[FieldRun, ...]
    criteria: tuple[CriterionVerdict, ...]

    @property
    def passed(self) -> bool:
        return all(criterion.passed for criterion in self.criteria)

    @property
    def run(self) -> RunResult:
        """The run on the lesson's own field (the first one): what the pupil sees in the window."""
        return self.fields[0].result

    def breakdown(self) -> list[dict[str, Any]]:
        """One score line per criterion, stored as data like a mission's breakdown: a point for each that holds.

        ``detail`` says where it was measured (``field``) and what (``why`` and its values),
        on the first field where it failed, else on the lesson's own field.
        """
        lines = []
        for criterion in self.criteria:
            index = (criterion.failed_on or [0])[0]
            finding = criterion.findings[index]
            lines.append({"id": criterion.id, "label": dict(criterion.criterion.label),
                          "points": int(criterion.passed), "max_points": 1,
                          "detail": {"field": self.fields[index].mission.full_id,
                                     "robot": self.fields[index].robot.id, "why": finding.why, **finding.values}})
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "lesson": self.lesson,
            "passed": self.passed,
            "fields": [{"mission": field.mission.full_id, "robot": field.robot.id} for field in self.fields],
            "criteria": [{"id": c.id, "passed": c.passed, "label": dict(c.criterion.label),
                          "findings": [{"passed": f.passed, "why": f.why, "values": f.values} for f in c.findings]}
                         for c in self.criteria],
        }


class OwnFieldError(ValueError):
    """A lesson on the pupil's own field, and that field is not there (``problem`` None) or
    does not load (``problem``: the mission file's error, which names the key that is wrong)."""

    def __init__(self, path: str, problem: MissionFileError | None) -> None:
        super().__init__(path, problem)
        self.path = path
        self.problem = problem


def check_program(lesson: Lesson, program: Path, *, seed: int = 0,
                  print_hook: Callable[[str], None] | None = None) -> LessonVerdict:
    """Run ``program`` on every field of ``lesson`` and judge it.

    ``print_hook`` gets what the program prints on the lesson's own field, as it
    prints it. Raises ``SetupError`` (brickclass.simulator.run) for a missing file,
    and ``OwnFieldError`` when the lesson is judged on the pupil's own field and that is
    missing or broken.
    """
    from brickclass.robots.models import load_robot
    from brickclass.simulator.missions import MissionFileError, load_mission
    from brickclass.simulator.run import RunOptions, run_program

    fields = lesson.fields_for(program)
    if lesson.own_field is not None and Path(program).is_file():
        own = fields[0].mission
        if not Path(own).is_file():
            raise OwnFieldError(own, None)
        try:
            load_mission(own)
        except MissionFileError as exc:
            raise OwnFieldError(own, exc) from exc
    runs = []
    for index, field in enumerate(fields):
        hooks = {"print_hook": print_hook} if print_hook is not None and index == 0 else {}
        result = run_program(RunOptions(program=program, mission=field.mission, robot=field.robot, seed=seed,
                                        time_limit_s=lesson.time_limit_s, trace=True), **hooks)
        runs.append(FieldRun(load_mission(field.mission), load_robot(field.robot), result))
    views = [RunView(run.result, run.mission, run.robot) for run in runs]
    verdicts = tuple(CriterionVerdict(criterion, tuple(judge(criterion.kind, criterion.params, view) for view in views))
                     for criterion in lesson.criteria)
    return LessonVerdict(lesson.id, tuple(runs), verdicts)
