"""What a table cell says about a pupil's result: points and stars, status, problems, the hub check.

Cells are Rich ``Text``, the renderable Textual's DataTable measures and
draws; names and file names go in as plain text, never as markup.
"""

from __future__ import annotations

from rich.text import Text

from brickclass.classroom import FileResult, Run, Standing
from brickclass.language import number, t

STARS = ("", "★", "★★", "★★★")
STATUS_STYLE = {"finished": "green", "error": "red", "timeout": "magenta", "stopped": "yellow",
                "submitted": "yellow", "missing": "dim"}
PROBLEM_MARK = {"crashed": "✗", "never_ended": "⟳"}


def points(run: Run | None) -> Text:
    if run is None:
        return Text("–")
    return Text(f"{run.score}/{run.max_score} {STARS[run.stars]}".strip())


def seconds(run: Run | None) -> Text:
    if run is None or run.time_s is None:
        return Text("")
    return Text(f"{number(run.time_s)} s")


def status(name: str) -> Text:
    return Text(t(f"teacher.status.{name}"), STATUS_STYLE.get(name, ""))


def grid_cell(standing: Standing) -> Text:
    """One pupil × assignment cell of the class grid."""
    if standing.status == "missing":
        return Text("·", "dim")
    if standing.best is None:
        return status("submitted")
    cell = points(standing.best)
    cell.stylize(STATUS_STYLE.get(standing.status, ""))
    if standing.problems:
        # A file of theirs crashed or never ended, even if another one's run counts.
        cell.append(" ")
        cell.append(PROBLEM_MARK[standing.problems[0][1]], "red")
    return cell


def counting_file(standing: Standing) -> Text:
    """The file whose run counts, and whose it is when it is the team's."""
    counts = standing.counts
    if counts is None:
        return Text("–")
    if counts.mine:
        return Text(counts.filename)
    return Text.assemble(counts.filename, " ", (t("teacher.team_file", team=counts.submission.owner), "dim"))


def problems(found: list[tuple[str, str]]) -> Text:
    """``✗ asa.py  ⟳ lag1.py``: every graded file that crashed or never ended."""
    if not found:
        return Text("")
    parts = [f"{PROBLEM_MARK[problem]} {filename}" for filename, problem in found]
    return Text("  ".join(parts), "red")


def file_problems(result: FileResult) -> Text:
    return problems([(result.filename, problem) for problem in result.problems])


def hub_check(run: Run | None) -> Text:
    """Whether the graded program would also run on a hub (`brickclass check`), or how many problems stop it."""
    if run is None or run.hub_warnings is None:
        return Text("")  # not graded yet, or graded without the check
    if run.hub_warnings:
        return Text(t("teacher.hub_problems", count=len(run.hub_warnings)), "yellow")
    return Text(t("teacher.hub_ok"), "green")
