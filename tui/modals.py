"""The teacher app's dialogs: roster import, new assignment, collect, rubric marks, scoresheet, export.

Each dialog checks what was typed through the classroom core and shows the
reason in the dialog when something is wrong, instead of closing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from brickclass.language import current_language, t


class Dialog(ModalScreen[bool]):
    """A dialog with a title, some fields, an error line, OK and Cancel."""

    BINDINGS = [Binding("escape", "cancel", t("teacher.keys.cancel"))]
    title_key = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t(self.title_key), classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                yield from self.fields()
            yield Label("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("teacher.ok"), variant="primary", id="ok")
                yield Button(t("teacher.cancel"), id="cancel")

    def fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Typing starts in the first field.
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(False)
            return
        self.submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submit()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def problem(self, text: str) -> None:
        self.query_one("#problem", Label).update(text)

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def submit(self) -> None:
        raise NotImplementedError


class RosterImportModal(Dialog):
    title_key = "teacher.dialogs.roster"

    def fields(self) -> ComposeResult:
        yield Label(t("teacher.dialogs.csv_path"))
        yield Input(placeholder="klass6b.csv", id="path")

    def submit(self) -> None:
        from brickclass.roster import RosterError, import_roster

        try:
            result = import_roster(self.app.book, Path(self.value("path")).expanduser())
        except RosterError as exc:
            self.problem(str(exc))
            return
        self.app.notify(t("classroom.roster_done", added=result.added, updated=result.updated,
                          classes=", ".join(sorted(result.classes))))
        self.dismiss(True)


class NewAssignmentModal(Dialog):
    title_key = "teacher.dialogs.new"

    def __init__(self, class_name: str) -> None:
        super().__init__()
        self.class_name = class_name

    def fields(self) -> ComposeResult:
        yield Label(t("teacher.dialogs.class"))
        yield Input(self.class_name, id="class")
        yield Label(t("teacher.dialogs.target"))
        yield Input(placeholder="moon-sweeper:1 / 03-square", id="target")
        yield Label(t("teacher.dialogs.title"))
        yield Input(id="title")
        yield Label(t("teacher.dialogs.seed_runs"))
        with Horizontal(classes="pair"):
            yield Input("0", id="seed", type="integer")
            yield Input("1", id="runs", type="integer")

    def submit(self) -> None:
        from brickclass.commands.assign import resolve_target
        from brickclass.gradebook import GradebookError

        try:
            kind, target, level, title = resolve_target(self.value("target"), None)
            runs = int(self.value("runs") or 1)
            if runs < 1:
                raise ValueError(t("classroom.runs_at_least_one"))
            assignment_id = self.app.book.add_assignment(self.value("class"), kind, target, level=level,
                                                         seed=int(self.value("seed") or 0),
                                                         title=self.value("title") or title, runs_allowed=runs)
        except (ValueError, GradebookError) as exc:
            self.problem(str(exc))
            return
        self.app.notify(t("teacher.assignment_created", id=assignment_id))
        self.dismiss(True)


class CollectModal(Dialog):
    title_key = "teacher.dialogs.collect"

    def __init__(self, assignment_id: int) -> None:
        super().__init__()
        self.assignment_id = assignment_id

    def fields(self) -> ComposeResult:
        yield Label(t("teacher.dialogs.folder"))
        yield Input(id="folder")

    def submit(self) -> None:
        from brickclass.roster import RosterError, collect

        try:
            result = collect(self.app.book, self.assignment_id, Path(self.value("folder")).expanduser())
        except RosterError as exc:
            self.problem(str(exc))
            return
        message = t("classroom.collected", new=len(result.new), unchanged=len(result.unchanged))
        if result.unmatched:
            message += "\n" + "\n".join(t("classroom.unmatched", file=name) for name in result.unmatched)
        self.app.notify(message, severity="warning" if result.unmatched else "information", timeout=10)
        self.dismiss(True)


class RubricModal(Dialog):
    title_key = "teacher.dialogs.rubric"

    def __init__(self, assignment_id: int, pupil_id: int, pupil: str) -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.pupil_id = pupil_id
        self.pupil = pupil

    def fields(self) -> ComposeResult:
        from brickclass.gradebook import RUBRIC_CRITERIA

        marks = self.app.book.marks(self.assignment_id, self.pupil_id)
        yield Label(self.pupil, classes="dialog-subtitle")
        for criterion in RUBRIC_CRITERIA:
            yield Label(t(f"teacher.rubric.{criterion}"))
            options = [(t(f"teacher.rubric.band{band}"), band) for band in (1, 2, 3, 4)]
            if criterion in marks:
                yield Select(options, value=marks[criterion], id=f"band-{criterion}")
            else:
                yield Select(options, id=f"band-{criterion}")

    def submit(self) -> None:
        from brickclass.gradebook import RUBRIC_CRITERIA

        for criterion in RUBRIC_CRITERIA:
            value = self.query_one(f"#band-{criterion}", Select).value
            if isinstance(value, int):
                self.app.book.set_mark(self.assignment_id, self.pupil_id, criterion, value)
        self.dismiss(True)


class ScoresheetModal(Dialog):
    """The mission's scoresheet for a run on the real table."""

    title_key = "teacher.dialogs.scoresheet"

    def __init__(self, mission_id: str, submission_id: int, who: str) -> None:
        super().__init__()
        self.mission_id = mission_id
        self.submission_id = submission_id
        self.who = who

    def fields(self) -> ComposeResult:
        from brickclass.scoresheet import entries
        from brickclass.simulator.missions import load_mission

        lang = current_language()
        yield Label(self.who, classes="dialog-subtitle")
        for entry in entries(load_mission(self.mission_id)):
            yield Label(f"{entry.item.label.get(lang)} — {t(f'teacher.entry.{entry.kind}')}")
            yield Input("0" if entry.kind != "yes_no" else t("teacher.no"), id=f"item-{entry.item.id}")

    def submit(self) -> None:
        from brickclass.scoresheet import ScoresheetError, entries, score_table_run
        from brickclass.simulator.missions import load_mission

        mission = load_mission(self.mission_id)
        answers = {e.item.id: self.value(f"item-{e.item.id}") for e in entries(mission)}
        try:
            sheet = score_table_run(mission, answers)
        except ScoresheetError as exc:
            self.problem(t("teacher.scoresheet_refused", item=exc.item, reason=exc.reason))
            return
        self.app.book.add_run(self.submission_id, "table", seed=None, status="finished", score=sheet["score"],
                              max_score=sheet["max_score"], stars=sheet["stars"], breakdown=sheet["breakdown"])
        self.app.notify(t("teacher.table_saved", score=sheet["score"], max_score=sheet["max_score"]))
        self.dismiss(True)


class ExportModal(Dialog):
    title_key = "teacher.dialogs.export"

    def __init__(self, class_id: int) -> None:
        super().__init__()
        self.class_id = class_id

    def fields(self) -> ComposeResult:
        yield Label(t("teacher.dialogs.csv_out"))
        yield Input("betyg.csv" if current_language() == "sv" else "grades.csv", id="out")

    def submit(self) -> None:
        from brickclass.export import export_rows, write_csv

        out = Path(self.value("out")).expanduser()
        try:
            rows = export_rows(self.app.book, [a.id for a in self.app.book.assignments(self.class_id)])
            write_csv(rows, out, current_language())
        except OSError as exc:
            self.problem(str(exc))
            return
        self.app.notify(t("classroom.exported", rows=len(rows), path=str(out)))
        self.dismiss(True)


__all__ = ["Any"]


class HubChooser(ModalScreen[Any]):
    """Several hubs answered: the teacher picks the one on the table (or none, with Escape)."""

    BINDINGS = [Binding("escape", "cancel", t("teacher.keys.cancel"))]

    def __init__(self, hubs: list[Any]) -> None:
        super().__init__()
        self.hubs = hubs

    def compose(self) -> ComposeResult:
        from textual.widgets import ListItem, ListView

        from brickclass.hub_messages import signal_words

        with Vertical(classes="dialog"):
            yield Label(t("teacher.hub_choose"), classes="dialog-title")
            # Nearest first: the hub on the teacher's desk is usually the loudest.
            yield ListView(*(ListItem(Label(f"{hub.name}  ({signal_words(hub)})")) for hub in self.hubs), id="hubs")

    def on_list_view_selected(self, event: Any) -> None:
        self.dismiss(self.hubs[event.list_view.index])

    def action_cancel(self) -> None:
        self.dismiss(None)
