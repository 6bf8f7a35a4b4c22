"""What the app's workers report. Workers never touch a widget: they post these, and the screen's
``@on`` handlers change what is shown (as Harlequin's workers do)."""

from __future__ import annotations

from textual.message import Message

from brickclass.classroom import Graded, GradeSummary, HubRun, Submission


class RunFinished(Message):
    """One submission of a batch was graded and saved."""

    def __init__(self, assignment_id: int, graded: Graded) -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.graded = graded


class BatchGraded(Message):
    """A batch is over: every pending run was graded (or the batch was stopped)."""

    def __init__(self, assignment_id: int, summary: GradeSummary) -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.summary = summary


class HubRunFinished(Message):
    """A pupil's program came back from a real hub (or never got there); the run is saved."""

    def __init__(self, pupil: str, submission: Submission, hub_run: HubRun) -> None:
        super().__init__()
        self.pupil = pupil
        self.submission = submission
        self.hub_run = hub_run


class ReplayClosed(Message):
    """The replay window closed; ``problem`` is what it said when it could not open."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem
