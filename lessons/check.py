"""Check a pupil's program against a lesson: run it in the simulator, judge every criterion."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brickclass.lessons.criteria import RunView, judge
from brickclass.lessons.library import Lesson


@dataclass
class CriterionResult:
    id: str
    label: str
    passed: bool
    detail: str
    advice: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "passed": self.passed, "detail": self.detail}


@dataclass
class LessonCheck:
    lesson: str
    passed: bool
    criteria: list[CriterionResult]
    run: Any  # brickclass.simulator.run.RunResult

    def to_json(self, run_payload: dict[str, Any]) -> dict[str, Any]:
        return {"lesson": self.lesson, "passed": self.passed,
                "criteria": [c.to_json() for c in self.criteria], "run": run_payload}


def check_program(lesson: Lesson, program: Path, lang: str) -> LessonCheck:
    """Run ``program`` on the lesson's mission and judge it. Raises SetupError for a missing file."""
    from brickclass.robots.models import load_robot
    from brickclass.simulator.missions import load_mission
    from brickclass.simulator.run import RunOptions, run_program

    result = run_program(RunOptions(program=program, mission=lesson.mission, robot=lesson.robot,
                                    time_limit_s=lesson.time_limit_s, trace=True))
    view = RunView(result=result, mission=load_mission(lesson.mission), robot=load_robot(lesson.robot))
    judged = []
    for criterion in lesson.criteria:
        passed, detail = judge(criterion, view)
        judged.append(CriterionResult(criterion.id, criterion.label.get(lang, criterion.label["en"]), passed,
                                      detail, criterion.advice.get(lang, criterion.advice["en"])))
    return LessonCheck(lesson.id, all(c.passed for c in judged), judged, result)
