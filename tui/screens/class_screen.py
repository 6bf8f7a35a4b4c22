"""A class at a glance: the classes on the left, pupils × assignments on the right."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Label, ListItem, ListView

from brickclass.language import t
from brickclass.tui.screens.teacher_screen import TeacherScreen
from brickclass.tui.widgets.class_grid import ClassGrid


class ClassScreen(TeacherScreen):
    BINDINGS = [
        Binding("i", "import_roster", "teacher.keys.import"),
        Binding("n", "new_assignment", "teacher.keys.new"),
        Binding("enter", "open_assignment", "teacher.keys.open", show=True),
        Binding("x", "export", "teacher.keys.export"),
        Binding("question_mark", "app.help", "teacher.keys.help"),
        Binding("q", "app.quit", "teacher.keys.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.class_ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="classes-pane"):
                yield Label(t("teacher.classes"), classes="pane-title")
                yield ListView(id="classes")
            with Vertical(id="grid-pane"):
                yield Label("", id="class-title", classes="pane-title")
                yield ClassGrid(id="grid", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_classes()
        self.query_one(ClassGrid).focus()

    def on_screen_resume(self) -> None:
        # Back from a dialog or an assignment: show what changed, the cursor where it was.
        self.refresh_classes()

    @property
    def class_id(self) -> int | None:
        return self.teacher_app.class_id

    def refresh_classes(self) -> None:
        classes = self.classroom.classes()
        ids = [c.id for c in classes]
        view = self.query_one("#classes", ListView)
        if ids != self.class_ids:
            self.class_ids = ids
            view.clear()
            view.extend(ListItem(Label(f"{c.name}  ({c.pupils})")) for c in classes)
        if not classes:
            self.query_one("#class-title", Label).update(t("teacher.no_classes"))
            return
        chosen = self.class_id if self.class_id is not None and self.class_id in ids else ids[0]
        if view.index != ids.index(chosen):
            view.index = ids.index(chosen)
        self.show_class(chosen)

    @on(ListView.Highlighted, "#classes")
    def class_highlighted(self, event: ListView.Highlighted) -> None:
        index = event.list_view.index
        if index is not None and index < len(self.class_ids) and self.class_ids[index] != self.class_id:
            self.show_class(self.class_ids[index])

    def show_class(self, class_id: int) -> None:
        self.app.class_id = class_id  # type: ignore[attr-defined]
        info = next(c for c in self.classroom.classes() if c.id == class_id)
        self.query_one("#class-title", Label).update(t("teacher.class_title", name=info.name))
        assignments = self.classroom.assignments(class_id)
        standings = {a.id: {s.pupil.id: s for s in self.classroom.standings(a.id)} for a in assignments}
        self.query_one(ClassGrid).show(self.classroom.pupils(class_id), assignments, standings)

    def action_open_assignment(self) -> None:
        from brickclass.tui.screens.assignment_screen import AssignmentScreen

        grid = self.query_one(ClassGrid)
        assignment_id = grid.assignment_id
        if assignment_id is None:
            self.notify(t("teacher.no_assignments"), severity="warning")
            return
        self.app.push_screen(AssignmentScreen(assignment_id, focus_pupil=grid.cursor_key))

    @on(DataTable.CellSelected, "#grid")
    def cell_selected(self, event: DataTable.CellSelected) -> None:
        self.action_open_assignment()

    def action_import_roster(self) -> None:
        from brickclass.tui.modals.roster_import import RosterImportModal

        self.app.push_screen(RosterImportModal())

    def action_new_assignment(self) -> None:
        from brickclass.tui.modals.new_assignment import NewAssignmentModal

        classes = self.classroom.classes()
        if not classes:
            self.notify(t("teacher.no_classes"), severity="warning")
            return
        current = next((c.name for c in classes if c.id == self.class_id), classes[0].name)
        self.app.push_screen(NewAssignmentModal(current))

    def action_export(self) -> None:
        from brickclass.tui.modals.export import ExportModal

        if self.class_id is None:
            self.notify(t("teacher.no_classes"), severity="warning")
            return
        self.app.push_screen(ExportModal(self.class_id))
