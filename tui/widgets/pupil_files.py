"""Every file one pupil handed in, their own and their team's: which one is graded, how each did."""

from __future__ import annotations

from rich.text import Text

from brickclass.classroom import FileResult, Standing
from brickclass.language import t
from brickclass.tui.widgets import cells
from brickclass.tui.widgets.keyed_table import Cell, KeyedTable

COLUMNS = ("file", "whose", "graded", "runs", "points", "status", "problems")


def _whose(result: FileResult) -> str:
    if result.mine:
        return t("teacher.files.own")
    return t("teacher.files.team", team=result.submission.owner)


def _graded(result: FileResult, standing: Standing) -> Text:
    if standing.counts is not None and result.submission.id == standing.counts.submission.id:
        return Text(t("teacher.files.counts"), "bold green")
    return Text(t("teacher.files.graded")) if result.current else Text(t("teacher.files.older"), "dim")


class PupilFiles(KeyedTable):
    def show(self, standing: Standing | None) -> None:
        self.standing = standing
        rows: list[tuple[str, list[Cell]]] = []
        if standing is None:
            self.refill([(key, t(f"teacher.columns.{key}")) for key in COLUMNS], rows)
            return
        for result in standing.files:
            best = result.best
            rows.append((str(result.submission.id), [
                result.filename, _whose(result), _graded(result, standing), str(len(result.runs)),
                cells.points(best), cells.status(best.status) if best else Text(""), cells.file_problems(result),
            ]))
        self.refill([(key, t(f"teacher.columns.{key}")) for key in COLUMNS], rows)

    @property
    def chosen(self) -> FileResult | None:
        """The file under the cursor."""
        standing = getattr(self, "standing", None)
        key = self.cursor_key
        if standing is None or key is None:
            return None
        return next((f for f in standing.files if str(f.submission.id) == key), None)
