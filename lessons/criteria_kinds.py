"""What a lesson file may say in a ``[[criteria]]`` table: each kind and the settings it takes.

This is the lesson file's format, so it lives with the lessons and their
loader; how each kind is judged from a run lives in the classroom core
(``brickclass.classroom.judging.criteria``), which has a judge for every kind here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CriterionKind:
    """The numbers and texts a kind of criterion needs (and may have)."""

    numbers: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    optional_numbers: tuple[str, ...] = ()
    optional_texts: tuple[str, ...] = ()

    def check_params(self, params: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
        """(parameter, problem, values) for the first parameter that is wrong, or None; the problem
        is a key under ``lessons.problem``."""
        known = set(self.numbers + self.texts + self.optional_numbers + self.optional_texts)
        for name in params:
            if name not in known:
                if not known:
                    return (name, "criterion_takes_nothing", {})
                return (name, "criterion_unknown_setting", {"settings": ", ".join(sorted(known))})
        for name in self.numbers + tuple(n for n in self.optional_numbers if n in params):
            value = params.get(name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return (name, "not_number", {})
        for name in self.texts + tuple(n for n in self.optional_texts if n in params):
            if not isinstance(params.get(name), str) or not params[name]:
                return (name, "not_text", {})
        return None


CRITERION_KINDS: dict[str, CriterionKind] = {
    "finished": CriterionKind(),
    "drove": CriterionKind(("distance_mm", "tolerance_mm"), optional_numbers=("direction_deg",)),
    "turned": CriterionKind(("angle_deg", "tolerance_deg")),
    "polygon": CriterionKind(("sides", "turn_tolerance_deg", "side_tolerance_mm", "close_mm"),
                             optional_numbers=("side_mm",)),
    "reach_zone": CriterionKind(texts=("zone",)),
    "stay_near": CriterionKind(("max_mm",), ("zone",), optional_texts=("port",)),
    "stop_near": CriterionKind(("max_mm",), ("zone",), optional_texts=("port",)),
    "wall_ahead": CriterionKind(("min_mm", "max_mm")),
    "score_at_least": CriterionKind(("share",)),
    "finish_within": CriterionKind(("seconds",)),
    "time_between": CriterionKind(("min_s", "max_s")),
    "cruise_speed": CriterionKind(("speed_mm_s", "tolerance_mm_s")),
    "read_while_driving": CriterionKind(texts=("device",), optional_numbers=("min_reads",)),
    "event": CriterionKind(texts=("name",)),
    "arm_down_and_up": CriterionKind(("below_deg", "above_deg")),
    "sweep_while_driving": CriterionKind(("distance_mm",)),
    "arm_while_driving": CriterionKind(("seconds",)),
    "odometry": CriterionKind(("tolerance_mm",)),
    "field_to_sweep": CriterionKind(("min_cells", "max_cell_mm", "min_distance_mm")),
    "dust_cleared": CriterionKind(("share",)),
}


def check_params(kind: str, params: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """(field, problem, values) when a lesson file's criterion is wrong, or None; the problem is a key
    under ``lessons.problem``. The field is "kind" for an unknown kind."""
    if kind not in CRITERION_KINDS:
        return ("kind", "not_one_of", {"value": repr(kind), "choices": ", ".join(sorted(CRITERION_KINDS))})
    return CRITERION_KINDS[kind].check_params(params)
