"""Judging of lessons: a pupil's program against a lesson's success criteria, on every field of the lesson.

The one place runs are judged against lessons (missions score themselves in the
world, with their referee). The command line and the teacher's grading call
``check_program(lesson, program)``; the verdict is data, put into words at the
edge (``brickclass.language.verdict``).
"""

from brickclass.classroom.judging.criteria import JUDGES, Finding, RunView
from brickclass.classroom.judging.lesson import CriterionVerdict, FieldRun, LessonVerdict, OwnFieldError, check_program

__all__ = ["JUDGES", "CriterionVerdict", "FieldRun", "Finding", "LessonVerdict", "OwnFieldError", "RunView",
           "check_program"]
