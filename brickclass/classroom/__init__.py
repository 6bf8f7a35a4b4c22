"""The classroom core: what the command line and the teacher's app share.

Gradebook, roster, assignments, submissions, batch grading, judging of lessons,
the view of a run, runs on a real hub, export. It sits above the simulator and
below the edges: the CLI commands (``brickclass.commands``) and the app
(``brickclass.tui``) call it; it never imports them, a window or Textual.

The edges use ``Classroom`` (``api``) and the types it hands out; results and
errors are data (keys and values), put into words by the edge in its
reader's language.
"""

from brickclass.classroom.api import Classroom
from brickclass.classroom.collect import Collected, Handed
from brickclass.classroom.errors import ClassroomError, GradebookError, RosterError, TargetError
from brickclass.classroom.gradebook import RUBRIC_CRITERIA
from brickclass.classroom.graded_run import GradedRun
from brickclass.classroom.grading import Graded, GradeSummary
from brickclass.classroom.hub import HubRun
from brickclass.classroom.records import Assignment, ClassInfo, Pupil, Run, Submission
from brickclass.classroom.run_view import RunView
from brickclass.classroom.scoresheet import Entry, ScoresheetError
from brickclass.classroom.standings import FileResult, Standing
from brickclass.classroom.targets import Target

__all__ = ["Assignment", "ClassInfo", "Classroom", "ClassroomError", "Collected", "Entry", "FileResult", "Graded",
           "GradeSummary", "GradebookError", "GradedRun", "Handed", "HubRun", "Pupil", "RUBRIC_CRITERIA", "RosterError",
           "Run", "RunView", "ScoresheetError", "Standing", "Submission", "Target", "TargetError"]
