"""A line of a score breakdown in the reader's words.

Runs store their breakdown as data (see ``simulator.referee.Score.breakdown``):
an id, the mission's label in both languages, points, and what was counted as
numbers. Every edge (the command line, the window, the teacher's app, the
export) shows a line through ``line_label`` and ``line_detail``.
"""

from __future__ import annotations

from typing import Any

from brickclass.language import current_language, number, t


def line_label(line: dict[str, Any], lang: str | None = None) -> str:
    """The item's name; older stored runs kept a plain string."""
    lang = lang or current_language()
    label = line.get("label")
    if isinstance(label, dict):
        return str(label.get(lang) or label.get("en") or line.get("id", ""))
    if lang == "sv" and line.get("label_sv"):
        return str(line["label_sv"])
    return str(label or line.get("id", ""))


def line_detail(line: dict[str, Any], lang: str | None = None) -> str:
    """What was counted ("6 of 8, 5 points each"), or "" when the points say it all."""
    lang = lang or current_language()
    detail = line.get("detail")
    if not isinstance(detail, dict) or not detail:
        return ""
    if "why" in detail:  # a lesson criterion (brickclass.classroom.judging): what it measured
        from brickclass.language.verdict import finding_text

        return finding_text(str(detail["why"]), {k: v for k, v in detail.items() if k not in ("why", "field", "robot")},
                            lang, passed=bool(line.get("points")))
    if "percent" in detail:
        return t("score.detail.percent", lang, percent=detail["percent"])
    if "done" in detail:
        return t("score.detail.done_of", lang, done=detail["done"], of=detail["of"], each=detail.get("each", 0))
    if "times" in detail:
        return t("score.detail.times", lang, count=detail["times"], each=detail.get("each", 0))
    if "seconds" in detail:
        return t("score.detail.seconds", lang, seconds=number(float(detail["seconds"]), lang))
    return ""


def line_text(line: dict[str, Any], lang: str | None = None) -> str:
    """``+30  Pebbles off the panels (6 of 8, 5 points each)``."""
    detail = line_detail(line, lang)
    text = f"{int(line.get('points', 0)):>+5}  {line_label(line, lang)}"
    return f"{text} ({detail})" if detail else text
