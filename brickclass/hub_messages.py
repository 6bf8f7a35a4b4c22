"""What to tell a pupil or teacher about a real hub: why it could not be reached, how a run ended, which hub is which.

Shared by ``brickclass hub`` and the teacher app, so both say the same thing
in the same language. The texts live in the ``hubrun`` catalogue.
"""

from __future__ import annotations

from typing import Any

from brickclass.language import has, t
from brickclass.robots.hub_link import HubProblem, HubSeen, RunOutcome


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
