"""An assignment's pupils: the file that counts, its best run, and every problem in any of their files."""

from __future__ import annotations

from brickclass.classroom import Standing
from brickclass.language import t
from brickclass.tui.widgets import cells
from brickclass.tui.widgets.keyed_table import Cell, KeyedTable

COLUMNS = ("pupil", "team", "file", "runs", "points", "time", "status", "problems", "hub")


class StandingsTable(KeyedTable):
    def show(self, standings: list[Standing]) -> None:
        rows: list[tuple[str, list[Cell]]] = []
        for standing in standings:
            best = standing.best
            rows.append((str(standing.pupil.id), [
                standing.pupil.name, standing.pupil.team or "", cells.counting_file(standing), str(standing.runs),
                cells.points(best), cells.seconds(best), cells.status(standing.status),
                cells.problems(standing.problems), cells.hub_check(best),
            ]))
        self.refill([(key, t(f"teacher.columns.{key}")) for key in COLUMNS], rows)

    @property
    def pupil_id(self) -> int | None:
        """The pupil under the cursor."""
        key = self.cursor_key
        return None if key is None else int(key)
