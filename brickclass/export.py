"""Export the gradebook as a spreadsheet teachers can open in Excel with Swedish settings.

One row per pupil and assignment. Excel in Sweden expects ';' between columns
and reads UTF-8 only with a byte-order mark, so that is what is written.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from brickclass.gradebook import RUBRIC_CRITERIA, Gradebook
from brickclass.language import t

COLUMNS = ("pupil", "class", "team", "assignment", "points", "max_points", "stars", "runs", "best_time_s", "status",
           *RUBRIC_CRITERIA)


def export_rows(book: Gradebook, assignment_ids: list[int]) -> list[dict[str, object]]:
    rows = []
    with book.snapshot():
        for assignment_id in assignment_ids:
            for row in book.standings(assignment_id):
                flat: dict[str, object] = {key: row.get(key) for key in COLUMNS if key not in RUBRIC_CRITERIA}
                for criterion in RUBRIC_CRITERIA:
                    flat[criterion] = row["marks"].get(criterion)
                rows.append(flat)
    return rows


def write_csv(rows: list[dict[str, object]], out: Path, lang: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"export.columns.{c}", lang) for c in COLUMNS])
    for row in rows:
        values = []
        for column in COLUMNS:
            value = row.get(column)
            if value is None:
                values.append("")
            elif isinstance(value, float):
                # Swedish Excel reads a decimal comma.
                values.append(f"{value:.2f}".replace(".", ",") if lang == "sv" else f"{value:.2f}")
            elif column == "status":
                values.append(t(f"export.status.{value}", lang))
            else:
                values.append(str(value))
        writer.writerow(values)
    out.write_bytes(buffer.getvalue().encode("utf-8-sig"))
