"""The teacher app's screens: a class at a glance, one assignment, one run.

Screens only show and ask; every change goes through the classroom core
(``brickclass.gradebook``, ``roster``, ``grading``, ``scoresheet``, ``export``).
Long work (grading a class) runs in a worker thread, so the screen keeps moving.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, ListItem, ListView, ProgressBar, Static, TextArea

from brickclass.language import current_language, t
from brickclass.language.score import line_detail, line_label

STARS = ("", "★", "★★", "★★★")


def _points(row: dict[str, Any]) -> str:
    if row["points"] is None:
        return "–"
    return f"{row['points']}/{row['max_points']} {STARS[row['stars']]}".strip()


class ClassScreen(Screen):
    """Pupils × assignments: best score, stars and status for the chosen class."""

    BINDINGS = [
        Binding("i", "import_roster", t("teacher.keys.import")),
        Binding("n", "new_assignment", t("teacher.keys.new")),
        Binding("enter", "open_assignment", t("teacher.keys.open"), show=True),
        Binding("x", "export", t("teacher.keys.export")),
        Binding("question_mark", "app.push_screen('help')", t("teacher.keys.help")),
        Binding("q", "app.quit", t("teacher.keys.quit")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.class_ids: list[int] = []
        self.assignment_ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="classes-pane"):
                yield Label(t("teacher.classes"), classes="pane-title")
                yield ListView(id="classes")
            with Vertical(id="grid-pane"):
                yield Label("", id="class-title", classes="pane-title")
                yield DataTable(id="grid", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("teacher.title")
        self.refresh_classes()
        self.query_one("#grid", DataTable).focus()

    @property
    def book(self) -> Any:
        return self.app.book

    def refresh_classes(self, select: int | None = None) -> None:
        classes = self.book.classes()
        self.class_ids = [c["id"] for c in classes]
        view = self.query_one("#classes", ListView)
        view.clear()
        for row in classes:
            view.append(ListItem(Label(f"{row['name']}  ({row['pupils']})")))
        if classes:
            view.index = self.class_ids.index(select) if select in self.class_ids else 0
            self.show_class(self.class_ids[view.index or 0])
        else:
            self.query_one("#class-title", Label).update(t("teacher.no_classes"))

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        view = self.query_one("#classes", ListView)
        if view.index is not None and view.index < len(self.class_ids):
            self.show_class(self.class_ids[view.index])

    def show_class(self, class_id: int) -> None:
        self.app.class_id = class_id
        name = next(c["name"] for c in self.book.classes() if c["id"] == class_id)
        self.query_one("#class-title", Label).update(t("teacher.class_title", name=name))
        table = self.query_one("#grid", DataTable)
        table.clear(columns=True)
        assignments = self.book.assignments(class_id)
        self.assignment_ids = [a.id for a in assignments]
        table.add_column(t("teacher.pupil"), key="pupil")
        table.add_column(t("teacher.team"), key="team")
        standings = {a.id: {r["pupil_id"]: r for r in self.book.standings(a.id)} for a in assignments}
        for assignment in assignments:
            table.add_column(f"{assignment.id}: {assignment.title}", key=str(assignment.id))
        for pupil in self.book.pupils(class_id):
            cells: list[Any] = [pupil["name"], pupil["team"] or ""]
            for assignment in assignments:
                row = standings[assignment.id].get(pupil["id"])
                cells.append(_status_cell(row))
            table.add_row(*cells, key=str(pupil["id"]))

    def action_open_assignment(self) -> None:
        table = self.query_one("#grid", DataTable)
        column = table.cursor_column - 2
        if not self.assignment_ids:
            self.notify(t("teacher.no_assignments"), severity="warning")
            return
        assignment_id = self.assignment_ids[max(0, min(column, len(self.assignment_ids) - 1))]
        self.app.push_screen(AssignmentScreen(assignment_id))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        self.action_open_assignment()

    def action_import_roster(self) -> None:
        from brickclass.tui.modals import RosterImportModal

        self.app.push_screen(RosterImportModal(), self._after_change)

    def action_new_assignment(self) -> None:
        from brickclass.tui.modals import NewAssignmentModal

        classes = [c["name"] for c in self.book.classes()]
        if not classes:
            self.notify(t("teacher.no_classes"), severity="warning")
            return
        current = next((c["name"] for c in self.book.classes() if c["id"] == self.app.class_id), classes[0])
        self.app.push_screen(NewAssignmentModal(current), self._after_change)

    def action_export(self) -> None:
        from brickclass.tui.modals import ExportModal

        if self.app.class_id is None:
            self.notify(t("teacher.no_classes"), severity="warning")
            return
        self.app.push_screen(ExportModal(self.app.class_id))

    def _after_change(self, changed: Any) -> None:
        if changed:
            self.refresh_classes(select=self.app.class_id)

    def on_screen_resume(self) -> None:
        if self.app.class_id is not None:
            self.refresh_classes(select=self.app.class_id)


def _status_cell(row: dict[str, Any] | None) -> Text:
    if row is None or row["status"] == "missing":
        return Text("·", style="dim")
    if row["status"] == "submitted":
        return Text(t("teacher.status.submitted"), style="yellow")
    style = {"finished": "green", "error": "red", "timeout": "magenta", "stopped": "yellow"}.get(row["status"], "")
    return Text(_points(row), style=style)


def _hub_cell(row: dict[str, Any]) -> Text:
    """Whether the graded program would also run on a hub (`brickclass check`), or how many problems stop it."""
    if row["hub_warnings"] is None:
        return Text("")  # not graded yet, or graded without the check
    if row["hub_warnings"]:
        return Text(t("teacher.hub_problems", count=len(row["hub_warnings"])), style="yellow")
    return Text(t("teacher.hub_ok"), style="green")


class AssignmentScreen(Screen):
    """One assignment: every pupil's newest submission, its runs, and grading."""

    BINDINGS = [
        Binding("g", "grade", t("teacher.keys.grade")),
        Binding("c", "collect", t("teacher.keys.collect")),
        Binding("enter", "open_run", t("teacher.keys.run")),
        Binding("m", "marks", t("teacher.keys.marks")),
        Binding("s", "scoresheet", t("teacher.keys.scoresheet")),
        Binding("h", "send_to_hub", t("teacher.keys.hub")),
        Binding("escape", "app.pop_screen", t("teacher.keys.back")),
        Binding("question_mark", "app.push_screen('help')", t("teacher.keys.help")),
    ]

    def __init__(self, assignment_id: int) -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.rows: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        assignment = self.app.book.assignment(self.assignment_id)
        yield Header()
        yield Label(t("teacher.assignment_title", id=assignment.id, title=assignment.title,
                      target=assignment.mission_id, class_name=assignment.class_name), classes="pane-title")
        yield DataTable(id="submissions", cursor_type="row", zebra_stripes=True)
        yield ProgressBar(id="progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("teacher.title")
        self.query_one("#progress", ProgressBar).display = False
        self.refresh_rows()

    def refresh_rows(self) -> None:
        book = self.app.book
        table = self.query_one("#submissions", DataTable)
        table.clear(columns=True)
        for key in ("pupil", "team", "file", "runs", "points", "time", "status", "hub"):
            table.add_column(t(f"teacher.columns.{key}"), key=key)
        self.rows = book.standings(self.assignment_id)
        latest = {s["pupil"] or s["team"]: s for s in book.latest_submissions(self.assignment_id)}
        for row in self.rows:
            submission = latest.get(row["pupil"]) or latest.get(row["team"])
            time_s = "" if row["best_time_s"] is None else f"{row['best_time_s']:.1f} s"
            table.add_row(row["pupil"], row["team"], submission["filename"] if submission else "–", str(row["runs"]),
                          _points(row), time_s, t(f"teacher.status.{row['status']}"), _hub_cell(row),
                          key=str(row["pupil_id"]))

    def _selected(self) -> dict[str, Any] | None:
        table = self.query_one("#submissions", DataTable)
        if not self.rows or table.cursor_row is None:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def action_open_run(self) -> None:
        row = self._selected()
        if row is None or row["best_run_id"] is None:
            self.notify(t("teacher.no_run"), severity="warning")
            return
        self.app.push_screen(RunScreen(row["best_run_id"]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_run()

    def action_grade(self) -> None:
        from brickclass.grading import pending_jobs

        book = self.app.book
        jobs = pending_jobs(book, book.assignment(self.assignment_id))
        if not jobs:
            self.notify(t("teacher.nothing_to_grade"))
            return
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=len(jobs), progress=0)
        self.grade_in_background()

    @work(thread=True, exclusive=True, group="grading")
    def grade_in_background(self) -> None:
        import subprocess
        import sys
        import time

        # Grading runs as `brickclass grade` in its own process (it uses every core
        # and must not share this app's terminal); its progress is read back from
        # the gradebook, where each result lands the moment it is done.
        path = self.app.book.path
        before = self._runs_saved(path)
        process = subprocess.Popen([sys.executable, "-m", "brickclass", "--lang", current_language(), "grade",
                                    str(self.assignment_id), "--db", str(path), "--json"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        while process.poll() is None:
            time.sleep(0.3)
            self.app.call_from_thread(self._advanced, self._runs_saved(path) - before)
        done = self._runs_saved(path) - before
        self.app.call_from_thread(self._graded, done)

    def _runs_saved(self, path: Any) -> int:
        import sqlite3

        with sqlite3.connect(path, timeout=30) as db:
            return int(db.execute("SELECT COUNT(*) FROM runs r JOIN submissions s ON s.id = r.submission_id "
                                  "WHERE s.assignment_id = ? AND r.kind = 'simulator'", (self.assignment_id,)).fetchone()[0])

    def _advanced(self, done: int) -> None:
        self.query_one("#progress", ProgressBar).update(progress=done)
        self.refresh_rows()

    def _graded(self, count: int) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.refresh_rows()
        self.notify(t("teacher.graded", count=count), title=t("teacher.batch_done"))

    def action_collect(self) -> None:
        from brickclass.tui.modals import CollectModal

        self.app.push_screen(CollectModal(self.assignment_id), lambda changed: self.refresh_rows())

    def action_marks(self) -> None:
        from brickclass.tui.modals import RubricModal

        row = self._selected()
        if row is None:
            return
        self.app.push_screen(RubricModal(self.assignment_id, row["pupil_id"], row["pupil"]),
                             lambda changed: self.refresh_rows())

    def _selected_submission(self) -> Any:
        row = self._selected()
        if row is None:
            return None
        return next((s for s in self.app.book.latest_submissions(self.assignment_id)
                     if s["pupil"] == row["pupil"] or (row["team"] and s["team"] == row["team"])), None)

    def action_send_to_hub(self) -> None:
        submission = self._selected_submission()
        if submission is None:
            self.notify(t("teacher.no_run"), severity="warning")
            return
        self.notify(t("teacher.hub_searching", who=submission["pupil"] or submission["team"]))
        self.run_on_hub(submission["id"], submission["filename"], submission["content"])

    @work(thread=True, exclusive=True, group="hub")
    def run_on_hub(self, submission_id: int, filename: str, content: str) -> None:
        import tempfile
        from pathlib import Path

        from brickclass.checker import check_source
        from brickclass.grading import safe_filename
        from brickclass.hub_messages import ending_text, hub_error_report, problem_text
        from brickclass.robots.hub_link import HubProblem, run_on_hub

        findings = check_source(content, filename, lang=current_language())
        if findings:
            first = findings[0]
            self.app.call_from_thread(self.notify, f"{first.message}\n{first.hint}", severity="error", timeout=12)
            return
        output: list[str] = []
        with tempfile.TemporaryDirectory(prefix="brickclass-hub-") as folder:
            program = Path(folder) / safe_filename(filename)
            program.write_text(content, encoding="utf-8")
            try:
                outcome = run_on_hub(program, name=None, timeout=10, on_output=output.append, choose=self._choose_hub)
            except HubProblem as problem:
                self.app.call_from_thread(self.notify, problem_text(problem), severity="error", timeout=12)
                return
        report = hub_error_report(outcome, content)
        message = ending_text(outcome)
        if report is not None:
            message += f"\n{report['title']}" + (f" ({t('sim.line', line=report['line'])})" if report.get("line") else "")
        error = None if report is None else {k: report[k] for k in ("type", "message", "line") if k in report}
        # The hub reports no score: the teacher scores the table run with the scoresheet (s).
        self.app.call_from_thread(self._hub_done, submission_id, outcome.status, "".join(output), error, message)

    def _choose_hub(self, hubs: list[Any]) -> Any:
        """Ask the teacher which hub, from the worker thread; None when they press Escape."""
        import threading

        from brickclass.tui.modals import HubChooser

        answer: dict[str, Any] = {}
        answered = threading.Event()

        def chosen(hub: Any) -> None:
            answer["hub"] = hub
            answered.set()

        self.app.call_from_thread(self.app.push_screen, HubChooser(hubs), chosen)
        answered.wait()
        return answer.get("hub")

    def _hub_done(self, submission_id: int, status: str, output: str, error: dict[str, Any] | None,
                  message: str) -> None:
        self.app.book.add_run(submission_id, "hub", seed=None, status=status, score=0, max_score=0, output=output,
                              error=error)
        self.notify(message, severity="error" if status == "error" else "information")
        self.refresh_rows()

    def action_scoresheet(self) -> None:
        from brickclass.tui.modals import ScoresheetModal

        row = self._selected()
        if row is None:
            return
        assignment = self.app.book.assignment(self.assignment_id)
        submission = next((s for s in self.app.book.latest_submissions(self.assignment_id)
                           if s["pupil"] == row["pupil"] or (row["team"] and s["team"] == row["team"])), None)
        if assignment.kind != "mission" or submission is None:
            self.notify(t("teacher.no_scoresheet"), severity="warning")
            return
        self.app.push_screen(ScoresheetModal(assignment.mission_id, submission["id"], row["pupil"]),
                             lambda changed: self.refresh_rows())


class RunScreen(Screen):
    """One run: the score breakdown, the program with the error line marked, output and the path."""

    BINDINGS = [
        Binding("r", "replay", t("teacher.keys.replay")),
        Binding("escape", "app.pop_screen", t("teacher.keys.back")),
        Binding("question_mark", "app.push_screen('help')", t("teacher.keys.help")),
    ]

    def __init__(self, run_id: int) -> None:
        super().__init__()
        self.run_id = run_id

    def compose(self) -> ComposeResult:
        from brickclass.simulator.explain import explain

        book = self.app.book
        run = book.run(self.run_id)
        submission = book.submission(run["submission_id"])
        error = json.loads(run["error"]) if run["error"] else None
        who = submission["pupil"] or submission["team"]
        yield Header()
        yield Label(t("teacher.run_title", who=who, kind=t(f"teacher.kinds.{run['kind']}"), score=run["score"],
                      max_score=run["max_score"], stars=STARS[run["stars"]], status=t(f"teacher.status.{run['status']}")),
                    classes="pane-title")
        with Horizontal():
            with Vertical(id="left"):
                yield DataTable(id="breakdown", cursor_type="none", show_cursor=False)
                if error:
                    explanation = explain(error, submission["content"])
                    where = t("sim.line", line=error["line"]) if error.get("line") else ""
                    title = explanation.title(current_language()) if explanation else error.get("type", "")
                    yield Static(t("sim.error", title=title, where=where) + "\n" +
                                 (explanation.text(current_language()) if explanation else ""), id="error")
                warnings = json.loads(run["hub_warnings"] or "[]")
                if warnings:
                    yield Static(t("teacher.hub_warnings") + "\n" + "\n".join(
                        t("teacher.hub_warning_row", line=w["line"] or "–", message=w["message"]) for w in warnings),
                        id="hub-warnings")
                yield Label(t("teacher.output"), classes="pane-title")
                yield VerticalScroll(Static(Text(run["output"] or "—"), id="output"), id="output-box")
            with Vertical(id="right"):
                area = TextArea(submission["content"], read_only=True, show_line_numbers=True, id="program",
                                language=None)
                yield area
                yield Static(self._path_picture(run), id="path")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("teacher.title")
        book = self.app.book
        run = book.run(self.run_id)
        table = self.query_one("#breakdown", DataTable)
        table.add_column(t("teacher.columns.item"))
        table.add_column(t("teacher.columns.points"))
        table.add_column(t("teacher.columns.counted"))
        for line in json.loads(run["breakdown"]):
            table.add_row(line_label(line), str(line.get("points", "")), line_detail(line))
        error = json.loads(run["error"]) if run["error"] else None
        if error and error.get("line"):
            area = self.query_one("#program", TextArea)
            line = int(error["line"]) - 1
            # Mark the error line: select it, and scroll it into view.
            area.selection = ((line, 0), (line, len(area.document.get_line(line)) if line < area.document.line_count else 0))
            area.scroll_cursor_visible(center=True)

    def _path_picture(self, run: Any) -> str:
        """The field in characters, with the path the robot drove marked '*'."""
        if not run["trace"]:
            return t("teacher.no_path")
        from brickclass.simulator.missions import load_mission
        from brickclass.simulator.missions.describe import text_map
        from brickclass.simulator.trace import Trace

        trace = Trace.from_bytes(run["trace"])
        mission = load_mission(trace.mission)
        columns = 56
        rows = text_map(mission, columns)
        grid = [list(row) for row in rows]
        width, height = mission.field.size
        inner = len(grid) - 2
        for frame in trace.frames:
            x, y = frame.pose[:2]
            column = 1 + min(columns - 1, max(0, int(x / width * columns)))
            row = 1 + min(inner - 1, max(0, int((height - y) / height * inner)))
            grid[row][column] = "*"
        return "\n".join("".join(row) for row in grid)

    def action_replay(self) -> None:
        from brickclass.commands.sim import display_available

        run = self.app.book.run(self.run_id)
        if not run["trace"]:
            self.notify(t("teacher.no_path"), severity="warning")
            return
        if not display_available():
            self.notify(t("teacher.no_display"), severity="warning")
            return
        self.open_replay(run["trace"])

    @work(thread=True)
    def open_replay(self, blob: bytes) -> None:
        import subprocess
        import sys
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".trace", delete=False) as handle:
            handle.write(blob)
        subprocess.run([sys.executable, "-m", "brickclass", "replay", handle.name], check=False)


class HelpScreen(Screen):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", t("teacher.keys.back"))]

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(Static(t("teacher.help"), id="help-text"))
        yield Footer()
