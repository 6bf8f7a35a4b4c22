"""Key bindings in the teacher's language.

Bindings are declared once, at import, with a text key as their description
(``teacher.keys.grade``); they are put into words when they are shown, in the
language the app was started with, so one process can show either language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding

from brickclass.language import t

KEY_PREFIX = "teacher.keys."


def worded(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The same bindings, each of ours with its description in the chosen language."""
    shown = {}
    for key, entry in active.items():
        binding = entry.binding
        if binding.description.startswith(KEY_PREFIX):
            entry = entry._replace(binding=replace(binding, description=t(binding.description)))
        shown[key] = entry
    return shown
