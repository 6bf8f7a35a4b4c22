"""One run: whose file, the score line by line, the program with the error line marked, output, the path."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Label, Static, TextArea
from textual.widgets.text_area import Selection

from brickclass.classroom import RunView
from brickclass.language import current_language, t
from brickclass.tui.messages import ReplayClosed
from brickclass.tui.screens.teacher_screen import TeacherScreen
from brickclass.tui.widgets.cells import STARS


def run_title(view: RunView) -> str:
    run, submission = view.run, view.submission
    if view.credited_to:
        who = view.credited_to
    elif submission.by_team:
        who = t("teacher.team_name", team=submission.owner)
    else:
        who = submission.owner
    return t("teacher.run_title", who=who, file=submission.filename, kind=t(f"teacher.kinds.{run.kind}"),
             score=run.score, max_score=run.max_score, stars=STARS[run.stars], status=t(f"teacher.status.{run.status}"))


class RunScreen(TeacherScreen):
    BINDINGS = [
        Binding("r", "replay", "teacher.keys.replay"),
        Binding("escape", "app.pop_screen", "teacher.keys.back"),
        Binding("question_mark", "app.help", "teacher.keys.help"),
    ]

    def __init__(self, run_id: int) -> None:
        super().__init__()
        self.run_id = run_id
        self.view: RunView | None = None

    def compose(self) -> ComposeResult:
        view = self.view = self.classroom.run_view(self.run_id, current_language())
        yield Header()
        yield Label(Content(run_title(view)), classes="pane-title")
        with Horizontal():
            with Vertical(id="left"):
                yield DataTable(id="breakdown", cursor_type="none", show_cursor=False)
                if view.error is not None:
                    where = t("sim.line", line=view.error.line) if view.error.line else ""
                    yield Static(Content(t("sim.error", title=view.error.title, where=where) + "\n" + view.error.hint),
                                 id="error")
                if view.hub_warnings:
                    rows = [t("teacher.hub_warning_row", line=w.line or "–", message=w.message)
                            for w in view.hub_warnings]
                    yield Static(Content("\n".join([t("teacher.hub_warnings"), *rows])), id="hub-warnings")
                yield Label(t("teacher.output"), classes="pane-title")
                yield VerticalScroll(Static(Content(view.run.output or "—"), id="output"), id="output-box")
            with Vertical(id="right"):
                yield TextArea(view.program, read_only=True, show_line_numbers=True, id="program")
                picture = "\n".join(view.picture) if view.picture else t("teacher.no_path")
                yield Static(Content(picture), id="path")
        yield Footer()

    def on_mount(self) -> None:
        view = self.view
        assert view is not None
        table = self.query_one("#breakdown", DataTable)
        for key in ("item", "points", "counted"):
            table.add_column(t(f"teacher.columns.{key}"), key=key)
        for row in view.score_rows:
            table.add_row(Text(row.label), Text(str(row.points)), Text(row.detail))
        if view.error is not None and view.error.line:
            area = self.query_one("#program", TextArea)
            line = view.error.line - 1
            if line < area.document.line_count:
                # Mark the error line: select it, and scroll it into view.
                area.selection = Selection((line, 0), (line, len(area.document.get_line(line))))
                area.scroll_cursor_visible(center=True)

    def action_replay(self) -> None:
        if self.view is None or not self.view.run.has_trace:
            self.notify(t("teacher.no_path"), severity="warning")
            return
        self.open_replay()

    @work(thread=True, exclusive=True, group="replay")
    def open_replay(self) -> None:
        self.post_message(ReplayClosed(self.classroom.replay(self.run_id, current_language())))

    @on(ReplayClosed)
    def replay_closed(self, message: ReplayClosed) -> None:
        if message.problem:
            self.notify(message.problem, severity="warning")
