"""``brickclass lessons``: list, read, start, get hints for and check lessons."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from brickclass.language import current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("lessons", help="the lesson library: list, show, start, hint, check")
    parser.add_argument("action", nargs="?", default="list", choices=("list", "show", "start", "hint", "check"))
    parser.add_argument("lesson", nargs="?", help="lesson id, e.g. 01-drive")
    parser.add_argument("path", nargs="?", type=Path,
                        help="start: where to put the starter program; check: the program to check")
    parser.add_argument("--json", action="store_true", help="list/check: print one JSON object")
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.lessons import LessonFileError, find_lesson, load_library

    if args.action == "list":
        try:
            library = load_library()
        except LessonFileError as exc:
            print(t("lessons.broken", error=str(exc)), file=sys.stderr)
            return 2
        return _list(library, args.json)
    if not args.lesson:
        print(t("lessons.which"), file=sys.stderr)
        return 2
    try:
        lesson = find_lesson(args.lesson)
    except LessonFileError as exc:
        print(t("lessons.broken", error=str(exc)), file=sys.stderr)
        return 2
    return {"show": _show, "start": _start, "hint": _hint, "check": _check}[args.action](lesson, args)


def _list(library: list[Any], as_json: bool) -> int:
    from brickclass.progress import Progress

    progress = Progress()
    lang = current_language()
    rows = [{"id": lesson.id, "title": lesson.title(lang), "level": lesson.level, "minutes": lesson.minutes,
             "path": str(lesson.folder), "passed": progress.passed(lesson.id)} for lesson in library]
    if as_json:
        print(json.dumps({"lessons": rows}, ensure_ascii=False))
        return 0
    for row in rows:
        mark = "✓" if row["passed"] else " "
        print(f"{mark} {row['id']:<18} {row['title']:<44} {t('lessons.level', level=row['level'])}"
              f"  {t('lessons.minutes', minutes=row['minutes'])}")
    print()
    print(t("lessons.how"))
    return 0


def _show(lesson: Any, args: argparse.Namespace) -> int:
    lang = current_language()
    title = lesson.title(lang)
    print(title)
    print("=" * len(title))
    print(t("lessons.meta", level=lesson.level, minutes=lesson.minutes, mission=lesson.mission))
    print()
    _print_markdown(lesson.text(lang))
    print()
    print(t("lessons.goals"))
    for criterion in lesson.criteria:
        print(f"  • {criterion.label.get(lang, criterion.label['en'])}")
    if lesson.curriculum:
        print()
        print(t("lessons.curriculum"))
        for line in lesson.curriculum:
            print(f"  – {line}")
    print()
    print(t("lessons.next", id=lesson.id))
    return 0


def _print_markdown(text: str) -> None:
    """Lesson text with headings, bold and code set off (rich renders Markdown for terminals)."""
    from rich.console import Console
    from rich.markdown import Markdown

    Console(soft_wrap=False).print(Markdown(text, code_theme="ansi_dark"))


def _start(lesson: Any, args: argparse.Namespace) -> int:
    target: Path = args.path or Path(f"{lesson.id}.py")
    if target.is_dir():
        target = target / f"{lesson.id}.py"
    if target.exists():
        # Never overwrite a pupil's work.
        print(t("lessons.exists", path=str(target)), file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(lesson.starter, target)
    print(t("lessons.started", path=str(target), id=lesson.id))
    return 0


def _hint(lesson: Any, args: argparse.Namespace) -> int:
    from brickclass.progress import Progress

    lang = current_language()
    if not lesson.hints:
        print(t("lessons.no_hints"))
        return 0
    index = Progress().next_hint(lesson.id)
    if index >= len(lesson.hints):
        print(t("lessons.hints_done", count=len(lesson.hints)))
        index = len(lesson.hints) - 1
    print(t("lessons.hint", number=index + 1, count=len(lesson.hints)))
    print("  " + lesson.hints[index][lang])
    return 0


def _check(lesson: Any, args: argparse.Namespace) -> int:
    from brickclass.commands.sim import result_payload
    from brickclass.progress import Progress
    from brickclass.lessons.check import check_program
    from brickclass.simulator.run import SetupError

    if args.path is None:
        print(t("lessons.which_program", id=lesson.id), file=sys.stderr)
        return 2
    try:
        checked = check_program(lesson, args.path, current_language())
    except SetupError as exc:
        print(t("sim.setup_error", message=str(exc)), file=sys.stderr)
        return 2
    source = args.path.read_text(encoding="utf-8", errors="replace") if args.path.exists() else ""
    payload = result_payload(checked.run, source)
    if checked.passed:
        Progress().mark_passed(lesson.id)
    if args.json:
        print(json.dumps(checked.to_json(payload), ensure_ascii=False))
        return 0 if checked.passed else 1
    from brickclass.commands.sim import print_summary

    print_summary(payload)
    print()
    for criterion in checked.criteria:
        mark = "✓" if criterion.passed else "✗"
        detail = f" ({criterion.detail})" if criterion.detail else ""
        print(f"  {mark} {criterion.label}{detail}")
        if not criterion.passed:
            print(f"      → {criterion.advice}")
    print()
    print(t("lessons.passed" if checked.passed else "lessons.not_yet", id=lesson.id))
    return 0 if checked.passed else 1
