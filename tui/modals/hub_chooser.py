"""Several hubs answered: the teacher picks the one on the table for this pupil (or none, with Escape)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, ListItem, ListView

from brickclass.classroom.hub import signal_words
from brickclass.language import t
from brickclass.tui.worded import TeacherKeys


class HubChooser(TeacherKeys, ModalScreen[Any]):
    BINDINGS = [Binding("escape", "cancel", "teacher.keys.cancel")]

    def __init__(self, hubs: list[Any], pupil: str) -> None:
        super().__init__()
        self.hubs = hubs
        self.pupil = pupil

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("teacher.hub_choose"), classes="dialog-title")
            yield Label(Content(self.pupil), classes="dialog-subtitle")
            # Nearest first: the hub on the teacher's desk is usually the loudest.
            yield ListView(*(ListItem(Label(Content(f"{hub.name}  ({signal_words(hub)})"))) for hub in self.hubs),
                           id="hubs")

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        self.dismiss(self.hubs[event.list_view.index or 0])

    def action_cancel(self) -> None:
        self.dismiss(None)
