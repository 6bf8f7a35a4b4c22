"""A program on a real hub: check it, send it over Bluetooth, and say how it went.

``send_program`` is the whole flow for ``brickclass hub`` and the teacher's
app alike: the check a hub would fail on, the search, the run with its
output as it arrives, and the error the hub printed, explained as the
simulator explains its errors. The functions below it put a hub's problems
and endings into words in the language the caller names.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickclass.classroom.graded_run import GradedRun
from brickclass.language import has, t
from brickclass.robots.hub_link import HubInfo, HubProblem, HubSeen, RunOutcome

Chooser = Callable[[list[HubSeen]], HubSeen | None]


@dataclass
class HubRun:
    """What happened when a program was sent to a hub; exactly one of the three is set."""

    findings: list[Any] = field(default_factory=list)  # `brickclass check` refused it: never sent
    problem: HubProblem | None = None  # the hub could not be reached, or the link failed
    outcome: RunOutcome | None = None  # the program ran

    @property
    def sent(self) -> bool:
        return self.outcome is not None

    def graded(self) -> GradedRun | None:
        """The run for the gradebook (a hub reports no score), or None when nothing ran."""
        from brickclass.simulator.explain import parse_hub_traceback

        if self.outcome is None:
            return None
        error = parse_hub_traceback(self.outcome.output) if self.outcome.status == "error" else None
        return GradedRun(self.outcome.status, output=self.outcome.output, error=error)


def send_program(program: Path, lang: str, *, name: str | None = None, timeout: float = 10.0,
                 on_output: Callable[[str], None], choose: Chooser | None = None,
                 on_connected: Callable[[HubInfo], None] | None = None,
                 on_searching: Callable[[], None] | None = None) -> HubRun:
    """Check ``program``, then run it on a hub. Raises OSError/UnicodeDecodeError for a file that
    cannot be read and CompilerMissing when this machine cannot check."""
    from brickclass.classroom.checker import check_program
    from brickclass.robots.hub_link import run_on_hub

    report = check_program(program, lang)
    if not report.ok:
        return HubRun(findings=list(report.findings))
    if on_searching is not None:
        on_searching()
    try:
        outcome = run_on_hub(program, name=name, timeout=timeout, on_output=on_output, choose=choose,
                             on_connected=on_connected)
    except HubProblem as problem:
        return HubRun(problem=problem)
    return HubRun(outcome=outcome)


def send_source(content: str, filename: str, lang: str, **options: Any) -> HubRun:
    """``send_program`` for a program kept in the gradebook: written to a throw-away folder first."""
    from brickclass.classroom.grading import safe_filename

    with tempfile.TemporaryDirectory(prefix="brickclass-hub-") as folder:
        program = Path(folder) / safe_filename(filename)
        program.write_text(content, encoding="utf-8")
        return send_program(program, lang, **options)


# --- in words -------------------------------------------------------------------------------------------


def problem_text(problem: HubProblem, lang: str | None = None) -> str:
    """One sentence for the problem, then the facts behind it when there are any."""
    sentence = t(f"hubrun.problem.{problem.reason}", lang, **problem.facts)
    detail_key = f"hubrun.detail.{problem.reason}"
    if problem.facts and has(detail_key, lang):
        return f"{sentence} {t(detail_key, lang, **problem.facts)}"
    return sentence


def signal_words(hub: HubSeen, lang: str | None = None) -> str:
    """How close a hub sounds, from its signal strength (RSSI, in dBm)."""
    dbm = hub.signal_dbm
    if dbm is None:
        return t("hubrun.signal.unknown", lang)
    if dbm >= -60:
        return t("hubrun.signal.near", lang)
    if dbm >= -80:
        return t("hubrun.signal.medium", lang)
    return t("hubrun.signal.far", lang)


def hub_line(hub: HubSeen, lang: str | None = None) -> str:
    key = "hubrun.list.pybricks" if hub.runs_pybricks else "hubrun.list.lego"
    return t(key, lang, name=hub.name, signal=signal_words(hub, lang), address=hub.address)


def ending_text(outcome: RunOutcome, lang: str | None = None) -> str:
    if outcome.status == "stopped" and outcome.stopped_on:
        return t(f"hubrun.stopped_{outcome.stopped_on}", lang)
    return t(f"hubrun.{outcome.status}", lang)


def hub_error_report(outcome: RunOutcome, source: str, lang: str | None = None) -> dict[str, Any] | None:
    """The error the hub printed, explained as the simulator explains its errors (title, line, hint), or None."""
    from brickclass.simulator.explain import explain, parse_hub_traceback

    if outcome.status != "error":
        return None
    error = parse_hub_traceback(outcome.output)
    if error is None:
        return None
    explanation = explain(error, source)
    return {**error, "title": explanation.title(lang) if explanation else error["type"],
            "hint": explanation.text(lang) if explanation else None,
            "explanation_id": explanation.id if explanation else None}
