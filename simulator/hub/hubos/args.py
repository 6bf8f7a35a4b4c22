"""Argument conversions as the Pybricks firmware does them.

The firmware's Python layer turns arguments into numbers in a few fixed ways
(``pybricks/util_mp/pb_obj_helper.c``): floats are truncated to ints, some
values are clamped to 0..100, enums must be of the exact type. The errors
match the hub's wording so pupils meet the same messages.
"""

from __future__ import annotations

from typing import Any


def type_name(value: Any) -> str:
    return type(value).__name__


def get_int(value: Any) -> int:
    """Like pb_obj_get_int: ints pass, floats truncate toward zero."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise OverflowError("can't convert {} to int".format("NaN" if value != value else "inf"))
        return int(value)
    raise TypeError("can't convert {} to int".format(type_name(value)))


def get_float(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    raise TypeError("can't convert {} to float".format(type_name(value)))


def get_positive_int(value: Any) -> int:
    return max(0, get_int(value))


def get_pct(value: Any) -> int:
    return min(100, get_positive_int(value))


def get_scaled_int(value: Any, scale: int) -> int:
    """Like pb_obj_get_scaled_int: a number times ``scale``, truncated."""
    if isinstance(value, float):
        return int(value * scale)
    return get_int(value) * scale


def get_default_abs_int(value: Any, default: int) -> int:
    if value is None:
        return default
    return abs(get_int(value))


def expect_type(value: Any, kind: type) -> Any:
    """Like pb_assert_type: the value must be exactly of this (enum) type."""
    if not isinstance(value, kind):
        raise TypeError("can't convert {} to {}".format(type_name(value), kind.__name__))
    return value


def is_array(value: Any) -> bool:
    return isinstance(value, (list, tuple))
