"""``brickclass grade``: run every new submission of an assignment (or a folder) in the simulator."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from brickclass.commands._common import add_db_option, open_book
from brickclass.language import current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("grade", help="grade an assignment (or a folder of programs) in the simulator")
    parser.add_argument("what", metavar="ASSIGNMENT|FOLDER")
    parser.add_argument("--mission", default=None, help="quick mode: the mission to grade a folder on")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--csv", type=Path, default=None, metavar="OUT", help="quick mode: write the results here")
    parser.add_argument("--json", action="store_true")
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def _progress_bar(total_label: str) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(total_label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=__import__("rich.console").console.Console(stderr=True), transient=False)


def main(args: argparse.Namespace) -> int:
    if args.what.isdigit() and args.mission is None:
        return _grade_assignment(args, int(args.what))
    folder = Path(args.what)
    if args.mission is None or not folder.is_dir():
        print(t("classroom.grade_how"), file=sys.stderr)
        return 2
    return _grade_folder(args, folder)


def _grade_assignment(args: argparse.Namespace, assignment_id: int) -> int:
    from brickclass.gradebook import GradebookError
    from brickclass.grading import grade, pending_jobs

    book = open_book(args)
    if book is None:
        return 2
    try:
        assignment = book.assignment(assignment_id)
    except GradebookError as exc:
        print(t("classroom.grade_failed", error=str(exc)), file=sys.stderr)
        return 2
    total = len(pending_jobs(book, assignment))
    if total == 0:
        print(t("classroom.nothing_to_grade"), file=sys.stderr if args.json else sys.stdout)
        if args.json:
            print(json.dumps({"graded": 0}))
        return 0
    with _progress_bar(t("classroom.grading", title=assignment.title)) as bar:
        task = bar.add_task("grade", total=total)
        summary = grade(book, assignment_id, lang=current_language(),
                        progress=lambda done, _total, job, outcome: bar.update(task, completed=done))
    if args.json:
        print(json.dumps({"graded": len(summary.done)}))
    else:
        print(t("classroom.graded", count=len(summary.done)))
        _print_hub_warnings([(job.who, outcome) for job, outcome in summary.done])
    return 0


def _print_hub_warnings(results: list[tuple[str, dict[str, Any]]]) -> None:
    """Programs that scored in the simulator but would not run on a hub as they are: the first problem of each."""
    seen: set[str] = set()
    flagged = []
    for who, outcome in results:
        if outcome["hub_warnings"] and who not in seen:
            seen.add(who)
            flagged.append((who, outcome["hub_warnings"]))
    if not flagged:
        return
    print(t("classroom.hub_warnings", count=len(flagged)))
    for who, warnings in flagged:
        first = warnings[0]
        row = t("classroom.hub_warning_row", who=who, line=first["line"] or "–", message=first["message"])
        if len(warnings) > 1:
            row += " " + t("classroom.hub_warning_more", count=len(warnings) - 1)
        print(row)


def _grade_folder(args: argparse.Namespace, folder: Path) -> int:
    from brickclass.grading import grade_folder

    count = len(list(folder.glob("*.py")))
    with _progress_bar(t("classroom.grading", title=folder.name)) as bar:
        task = bar.add_task("grade", total=count)
        results = grade_folder(folder, args.mission, seed=args.seed, lang=current_language(),
                               progress=lambda done, _total, job, outcome: bar.update(task, completed=done))
    rows = [{"pupil": job.who, "file": job.filename, "status": outcome["status"], "points": outcome["score"],
             "max_points": outcome["max_score"], "stars": outcome["stars"], "time_s": outcome["time_s"],
             "hub_problems": None if outcome["hub_warnings"] is None else len(outcome["hub_warnings"])}
            for job, outcome in results]
    if args.csv is not None:
        import csv

        with args.csv.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["pupil"], delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
    if args.json:
        print(json.dumps({"results": rows}, ensure_ascii=False))
    else:
        for row in rows:
            print(f"  {row['pupil']:<24} {row['status']:<9} {row['points']:>4} / {row['max_points']}")
        _print_hub_warnings([(job.who, outcome) for job, outcome in results])
    return 0
