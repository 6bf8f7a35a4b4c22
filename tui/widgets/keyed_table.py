"""A table whose rows have keys, and whose cursor stays on its row when the table is filled again.

The teacher app refills its tables after every dialog and every graded run;
the cursor must stay on the pupil the teacher was looking at, or the next
key (a table run, a rubric mark) would act on somebody else.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, CellKey, ColumnDoesNotExist, RowDoesNotExist

Cell = Text | str


class KeyedTable(DataTable[Cell]):
    def refill(self, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[str, Sequence[Cell]]]) -> None:
        """Show ``rows`` (key, cells) under ``columns`` (key, heading), the cursor on the same row and column."""
        row_key = self.cursor_key
        column_key = self.cursor_column_key
        same_columns = [(str(c.key.value), c.label.plain) for c in self.columns.values()] == list(columns)
        self.clear(columns=not same_columns)
        if not same_columns:
            for key, heading in columns:
                self.add_column(heading, key=key)  # our own words: no markup in them
        for key, cells in rows:
            self.add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in cells), key=key)
        self.move_to(row_key, column_key)

    def _cursor_cell(self) -> CellKey | None:
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate) if self.row_count else None
        except CellDoesNotExist:
            return None

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor."""
        cell = self._cursor_cell()
        return None if cell is None else cell.row_key.value

    @property
    def cursor_column_key(self) -> str | None:
        cell = self._cursor_cell()
        return None if cell is None else cell.column_key.value

    def move_to(self, row_key: str | None, column_key: str | None = None) -> None:
        """Put the cursor on the row (and column) with these keys, if they are there."""
        row = column = None
        if row_key is not None:
            try:
                row = self.get_row_index(row_key)
            except RowDoesNotExist:
                row = None  # the row is gone: stay where the cursor is
        if column_key is not None:
            try:
                column = self.get_column_index(column_key)
            except ColumnDoesNotExist:
                column = None
        self.move_cursor(row=row, column=column, animate=False)
