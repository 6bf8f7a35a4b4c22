"""A class at a glance: pupils down, assignments across, each cell the pupil's best result."""

from __future__ import annotations

from brickclass.classroom import Assignment, Pupil, Standing
from brickclass.language import current_language, t
from brickclass.tui.widgets import cells
from brickclass.tui.widgets.keyed_table import Cell, KeyedTable

FIRST_ASSIGNMENT_COLUMN = 2  # after the pupil's name and team


class ClassGrid(KeyedTable):
    def show(self, pupils: list[Pupil], assignments: list[Assignment],
             standings: dict[int, dict[int, Standing]]) -> None:
        """``standings``: by assignment id, then pupil id."""
        lang = current_language()
        columns = [("pupil", t("teacher.pupil")), ("team", t("teacher.team"))]
        columns += [(str(a.id), f"{a.id}: {a.title_in(lang)}") for a in assignments]
        rows = []
        for pupil in pupils:
            row: list[Cell] = [pupil.name, pupil.team or ""]
            for assignment in assignments:
                standing = standings[assignment.id].get(pupil.id)
                row.append(cells.grid_cell(standing) if standing is not None else "")
            rows.append((str(pupil.id), row))
        self.refill(columns, rows)

    @property
    def assignment_id(self) -> int | None:
        """The assignment of the column under the cursor (the first one from the name columns)."""
        keys = [str(c.key.value) for c in self.columns.values()][FIRST_ASSIGNMENT_COLUMN:]
        if not keys:
            return None
        column = self.cursor_column_key
        return int(column) if column in keys else int(keys[0])
