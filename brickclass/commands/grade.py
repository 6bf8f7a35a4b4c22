"""``brickclass grade``: run every new submission of an assignment (or a folder) in the simulator."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brickclass.commands._common import WHOLE_NUMBER, add_db_option, fail, open_classroom
from brickclass.language import OsReason, current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("grade", help=t("cli.help.grade.command"))
    parser.add_argument("what", metavar=t("cli.help.grade.what_metavar"), help=t("cli.help.grade.what"))
    parser.add_argument("--mission", default=None, metavar=t("cli.help.grade.mission_metavar"),
                        help=t("cli.help.grade.mission"))
    parser.add_argument("--seed", type=WHOLE_NUMBER, default=0, metavar=t("cli.help.assign.seed_metavar"),
                        help=t("cli.help.grade.seed"))
    parser.add_argument("--csv", type=Path, default=None, metavar=t("cli.help.out_metavar"),
                        help=t("cli.help.grade.csv"))
    parser.add_argument("--json", action="store_true", help=t("cli.help.json"))
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def _progress_bar(label: str) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=False)


def main(args: argparse.Namespace) -> int:
    if args.what.isdigit() and args.mission is None:
        return _grade_assignment(args, int(args.what))
    folder = Path(args.what)
    if args.mission is None or not folder.is_dir():
        print(t("classroom.grade_how"), file=sys.stderr)
        return 2
    return _grade_folder(args, folder)


def _grade_assignment(args: argparse.Namespace, assignment_id: int) -> int:
    from brickclass.classroom import ClassroomError

    classroom = open_classroom(args)
    if classroom is None:
        return 2
    try:
        assignment = classroom.assignment(assignment_id)
        total = classroom.pending(assignment_id)
    except ClassroomError as exc:
        return fail("classroom.grade_failed", exc)
    if total == 0:
        print(t("classroom.nothing_to_grade"), file=sys.stderr if args.json else sys.stdout)
        if args.json:
            print(json.dumps({"graded": 0}))
        return 0
    with _progress_bar(t("classroom.grading", title=assignment.title_in(current_language()))) as bar:
        task = bar.add_task("grade", total=total)
        summary = classroom.grade(assignment_id, progress=lambda graded: bar.update(task, completed=graded.done))
    if args.json:
        print(json.dumps({"graded": len(summary.done)}))
        return 0
    print(t("classroom.graded", count=len(summary.done)))
    _print_hub_warnings((graded.job.who, graded.run.hub_warnings) for graded in summary.done)
    return 0


def _print_hub_warnings(results: Iterable[tuple[str, list[dict[str, Any]] | None]]) -> None:
    """Programs that scored in the simulator but would not run on a hub as they are: the first problem of each."""
    from brickclass.classroom.graded_run import stored_words

    lang = current_language()
    flagged: dict[str, list[dict[str, Any]]] = {}
    for who, warnings in results:
        if warnings and who not in flagged:
            flagged[who] = warnings
    if not flagged:
        return
    print(t("classroom.hub_warnings", count=len(flagged)))
    for who, warnings in flagged.items():
        first = warnings[0]
        row = t("classroom.hub_warning_row", who=who, line=first["line"] or "–",
                message=stored_words(first["message"], lang))
        if len(warnings) > 1:
            row += " " + t("classroom.hub_warning_more", count=len(warnings) - 1)
        print(row)


def _grade_folder(args: argparse.Namespace, folder: Path) -> int:
    from brickclass.classroom import TargetError
    from brickclass.classroom.collect import program_files
    from brickclass.classroom.export import QUICK_COLUMNS, cell_text, quick_rows, write_csv
    from brickclass.classroom.grading import grade_folder
    from brickclass.classroom.targets import pick_target

    lang = current_language()
    try:
        mission = pick_target(args.mission)
    except TargetError as exc:
        return fail("classroom.grade_failed", exc)
    if mission.kind != "mission":
        print(t("classroom.quick_needs_mission", name=args.mission), file=sys.stderr)
        return 2
    files = program_files(folder)
    with _progress_bar(t("classroom.grading", title=folder.name)) as bar:
        task = bar.add_task("grade", total=len(files))
        results = grade_folder(files, mission.full_id, seed=args.seed,
                               progress=lambda graded: bar.update(task, completed=graded.done))
    rows = quick_rows(results)
    unwritten = None
    if args.csv is not None:
        try:
            write_csv(rows, QUICK_COLUMNS, args.csv, lang)
        except OSError as exc:
            # The runs are done: show them all the same, and say why the file is missing last.
            unwritten = t("classroom.cannot_write", path=str(args.csv), reason=OsReason.of(exc))
    if args.json:
        print(json.dumps({"results": rows}, ensure_ascii=False))
    else:
        for row in rows:
            status = cell_text("status", row["status"], lang)
            print(f"  {row['pupil']:<24} {status:<11} {row['points']:>4} / {row['max_points']}")
        _print_hub_warnings((job.who, run.hub_warnings) for job, run in results)
    if unwritten is not None:
        return fail("classroom.grade_failed", unwritten)
    return 0
