"""A dialog with a title, whom it acts on, some fields, a line for what is wrong, OK and Cancel.

A dialog checks what was typed through the classroom core and shows the
reason inside the dialog when something is wrong, instead of closing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from brickclass.language import t
from brickclass.tui.worded import TeacherKeys


class Dialog(TeacherKeys, ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "teacher.keys.cancel")]
    title_key = ""

    def subtitle(self) -> str:
        """Whom or what the dialog acts on ("" for nobody in particular)."""
        return ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t(self.title_key), classes="dialog-title")
            if self.subtitle():
                yield Label(Content(self.subtitle()), id="subtitle", classes="dialog-subtitle")
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
        self.query_one("#problem", Label).update(Content(text))

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def submit(self) -> None:
        raise NotImplementedError
