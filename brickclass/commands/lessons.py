"""``brickclass lessons``: list, read, start, run, get hints for and check lessons."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from brickclass.commands._common import WHOLE_NUMBER
from brickclass.language import OsReason, current_language, t

ACTIONS = ("list", "show", "start", "run", "hint", "check")
# Lines of a variant field's output shown under a check (its last ones).
OUTPUT_TAIL_LINES = 10


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("lessons", help=t("lessons.help.command"),
                                   description=t("lessons.help.description"))
    parser.add_argument("action", nargs="?", default="list", choices=ACTIONS, help=t("lessons.help.action"))
    parser.add_argument("lesson", nargs="?", metavar=t("cli.help.lesson_metavar"), help=t("lessons.help.lesson"))
    parser.add_argument("path", nargs="?", type=Path, metavar=t("cli.help.program_metavar"),
                        help=t("lessons.help.path"))
    parser.add_argument("--field", type=WHOLE_NUMBER, default=1, metavar="N", help=t("lessons.help.field"))
    parser.add_argument("--headless", action="store_true", help=t("lessons.help.headless"))
    parser.add_argument("--json", action="store_true", help=t("lessons.help.json"))
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
    return {"show": _show, "start": _start, "run": _run, "hint": _hint, "check": _check}[args.action](lesson, args)


def _list(library: list[Any], as_json: bool) -> int:
    from brickclass.classroom.progress import Progress

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


def _field_title(mission: Any, robot: Any, lesson: Any, lang: str) -> str:
    """The field's name as a pupil reads it, with the robot when it is not the lesson's own."""
    title = mission.title.get(lang)
    if robot.id != lesson.robot:
        return t("lessons.field_with_robot", lang, field=title, robot=robot.name.get(lang) or robot.name["en"])
    return title


def _show(lesson: Any, args: argparse.Namespace) -> int:
    from brickclass.robots.models import load_robot
    from brickclass.simulator.missions import load_mission

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
    if lesson.variants:
        print()
        print(t("lessons.also_on", count=len(lesson.variants)))
        for field in lesson.variants:
            print(f"  • {_field_title(load_mission(field.mission), load_robot(field.robot), lesson, lang)}")
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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(lesson.starter_text(current_language()), encoding="utf-8")
    except OSError as exc:
        print(t("classroom.cannot_write", path=str(target), reason=OsReason.of(exc)), file=sys.stderr)
        return 2
    print(t("lessons.started", path=str(target), id=lesson.id))
    return 0


def _run(lesson: Any, args: argparse.Namespace) -> int:
    """The program on the lesson's field (or one of its variants), in the window, as ``brickclass sim`` runs it."""
    from brickclass.commands import sim

    if args.path is None:
        print(t("lessons.which_program_run", id=lesson.id), file=sys.stderr)
        return 2
    fields = lesson.fields_for(args.path)
    if not 1 <= args.field <= len(fields):
        print(t("lessons.no_field", count=len(fields)), file=sys.stderr)
        return 2
    field = fields[args.field - 1]
    parser = argparse.ArgumentParser(prog="brickclass")
    sim.register(parser.add_subparsers())
    argv = ["sim", str(args.path), "--mission", field.mission, "--robot", field.robot,
            "--time-limit", str(lesson.time_limit_s)]
    return int(sim.main(parser.parse_args([*argv, *(["--headless"] if args.headless else [])])))


def _hint(lesson: Any, args: argparse.Namespace) -> int:
    from brickclass.classroom.progress import Progress

    lang = current_language()
    if not lesson.hints:
        print(t("lessons.no_hints"))
        return 0
    index = Progress().next_hint(lesson.id)
    if index >= len(lesson.hints):
        print(t("lessons.hints_done", count=len(lesson.hints)))
        index = len(lesson.hints) - 1
    print(t("lessons.hint", number=index + 1, total=len(lesson.hints)))
    print("  " + lesson.hints[index][lang])
    return 0


def _check(lesson: Any, args: argparse.Namespace) -> int:
    from brickclass.classroom.judging import OwnFieldError, check_program
    from brickclass.classroom.progress import Progress
    from brickclass.commands.sim import print_summary, result_payload
    from brickclass.simulator.run import SetupError

    if args.path is None:
        print(t("lessons.which_program", id=lesson.id), file=sys.stderr)
        return 2
    live = None if args.json else _print_live
    try:
        verdict = check_program(lesson, args.path, print_hook=live)
    except SetupError as exc:
        print(t("sim.setup_error", message=str(exc)), file=sys.stderr)
        return 2
    except OwnFieldError as exc:
        _print_own_field_problem(exc)
        return 2
    source = args.path.read_text(encoding="utf-8", errors="replace") if args.path.exists() else ""
    payload = result_payload(verdict.run, source)
    if verdict.passed:
        Progress().mark_passed(lesson.id)
    if args.json:
        print(json.dumps({**verdict.to_json(), "run": payload}, ensure_ascii=False))
        return 0 if verdict.passed else 1
    print_summary(payload)
    _print_verdict(lesson, verdict, args.path)
    return 0 if verdict.passed else 1


def _print_own_field_problem(problem: Any) -> None:
    """The pupil's own field (a lesson where pupils design it) is missing or does not load."""
    name = Path(problem.path).name
    if problem.problem is None:
        print(t("lessons.own_field_missing", file=name, folder=str(Path(problem.path).parent)), file=sys.stderr)
    else:
        print(t("lessons.own_field_broken", file=name, problem=problem.problem.describe(current_language())),
              file=sys.stderr)


def _print_live(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _print_verdict(lesson: Any, verdict: Any, program: Path) -> None:
    from brickclass.language.verdict import finding_text

    lang = current_language()
    titles = [_field_title(run.mission, run.robot, lesson, lang) for run in verdict.fields]
    failed_fields = sorted({index for criterion in verdict.criteria for index in criterion.failed_on})
    print()
    if len(verdict.fields) > 1:
        print(t("lessons.fields", count=len(verdict.fields)))
        for index, title in enumerate(titles):
            mark = "✗" if index in failed_fields else "✓"
            print(f"  {mark} {index + 1}. {title}")
        print()
    for criterion in verdict.criteria:
        if criterion.passed:
            detail = finding_text(criterion.findings[0].why, criterion.findings[0].values, lang, passed=True)
            print(f"  ✓ {criterion.label(lang)}" + (f" ({detail})" if detail else ""))
            continue
        print(f"  ✗ {criterion.label(lang)}")
        for where, detail in _failures(criterion, titles, lang):
            print(f"      {where}{detail}")
        print(f"      → {criterion.advice(lang)}")
    variants_failed = [index for index in failed_fields if index > 0]
    if variants_failed:
        print()
    source = program.read_text(encoding="utf-8", errors="replace") if program.exists() else ""
    for index in variants_failed:
        print(t("lessons.see_field", field=titles[index], id=lesson.id, path=str(program), number=index + 1))
        _print_variant_run(verdict.fields[index].result, verdict.run.stdout, source, lang)
    print()
    print(t("lessons.passed" if verdict.passed else "lessons.not_yet", id=lesson.id))


def _failures(criterion: Any, titles: list[str], lang: str) -> list[tuple[str, str]]:
    """(where, what) for each field a criterion failed on; once, for all of them, when it failed the same way."""
    from brickclass.language.verdict import finding_text

    failed = [(index, finding_text(criterion.findings[index].why, criterion.findings[index].values, lang)
               or t("lessons.not_held")) for index in criterion.failed_on]
    if len(titles) == 1:
        return [("", failed[0][1])]
    if len(failed) == len(titles) and len({detail for _, detail in failed}) == 1:
        return [(t("lessons.on_every_field"), failed[0][1])]
    return [(t("lessons.on_field", field=titles[index]), detail) for index, detail in failed]


def _print_variant_run(result: Any, main_output: str, source: str, lang: str) -> None:
    """A failed variant: how its run ended when not as planned, and what it printed when that differs."""
    from brickclass.simulator.explain import explain

    if result.status != "finished":
        print("    " + t("lessons.variant_ended", how=t(f"lessons.status.{result.status}")))
    if result.error:
        explanation = explain(result.error, source)
        where = t("sim.line", line=result.error["line"]) if result.error.get("line") else ""
        print("    " + t("sim.error", title=explanation.title(lang) if explanation else result.error.get("type"),
                        where=where))
    lines = result.stdout.splitlines()
    if lines and result.stdout != main_output:
        print("    " + t("lessons.printed", count=len(lines)))
        if len(lines) > OUTPUT_TAIL_LINES:
            print("      " + t("lessons.printed_more", count=len(lines) - OUTPUT_TAIL_LINES))
        for line in lines[-OUTPUT_TAIL_LINES:]:
            print("      " + line)
