"""What a lesson's criterion measured, in the reader's words.

A lesson verdict stores each finding as a key (``why``) and values (see
``brickclass.classroom.judging.criteria``); ``finding_text`` turns them into
a short phrase such as "stopped 412 mm from it" or "stannade 412 mm därifrån".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brickclass.language import current_language, number, t

# Findings that say nothing more than the criterion's own label when they hold.
QUIET_WHEN_PASSED = frozenset({"status", "event", "zone"})


def _value(value: Any, lang: str) -> Any:
    if isinstance(value, float):
        return number(value, lang)
    if isinstance(value, list):
        return ", ".join(f"{v}°" for v in value)
    return value


def finding_text(why: str, values: Mapping[str, Any], lang: str | None = None, *, passed: bool = False) -> str:
    """A phrase for one finding, or "" when there is nothing to add to the label."""
    lang = lang or current_language()
    if passed and why in QUIET_WHEN_PASSED:
        return ""
    words = {name: _value(value, lang) for name, value in values.items()}
    if "status" in values:
        words["status"] = t(f"lessons.status.{values['status']}", lang)
    return t(f"lessons.detail.{why}", lang, **words)
