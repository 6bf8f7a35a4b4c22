"""Argument conversions as the Pybricks firmware does them.

The firmware's Python layer turns arguments into numbers in a few fixed ways
(``pybricks/util_mp/pb_obj_helper.c``): floats are truncated to ints, some
values are clamped to 0..100, enums must be of the exact type. The errors
match the hub's wording so pupils meet the same messages.
"""

from __future__ import annotations

import math

from hubfacts import float_to_c_int, to_float32

# For the type checker only: the hub process starts without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def type_name(value: Any) -> str:
    return type(value).__name__


# The last float get_int converted, and what it became.
_LAST_FLOAT: list[Any] = [math.nan, 0]


def get_int(value: Any) -> int:
    """Like pb_obj_get_int: ints pass; a float is cast as the hub casts its single-precision float.

    No exception for NaN or infinity: the hub's cast gives 0 or the largest int.
    """
    if type(value) is int:  # the common case first (a bool is no int by type)
        return value
    if type(value) is float:
        # A control loop converts the same float turn after turn (a gyro heading
        # times a gain, new at each sample): worked out once (NaN never matches).
        seen = _LAST_FLOAT
        if value == seen[0]:
            return seen[1]
        converted = float_to_c_int(to_float32(value))
        seen[0], seen[1] = value, converted
        return converted
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return float_to_c_int(to_float32(value))
    raise TypeError(f"can't convert {type_name(value)} to int")


def get_strict_int(value: Any) -> int:
    """Like mp_obj_get_int: ints and bools only; a float is refused."""
    if isinstance(value, int):
        return int(value)
    raise TypeError(f"can't convert {type_name(value)} to int")


def get_str_bytes(value: Any) -> bytes:
    """Like mp_obj_str_get_data: a str (its UTF-8 bytes) or bytes, nothing else."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, bytes):
        return value
    raise TypeError(f"can't convert '{type_name(value)}' object to str implicitly")


def get_float(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    raise TypeError(f"can't convert {type_name(value)} to float")


def get_array(value: Any) -> list[Any] | tuple[Any, ...]:
    """Like mp_obj_get_array: only a tuple or a list will do."""
    if isinstance(value, (list, tuple)):
        return value
    raise TypeError(f"object '{type_name(value)}' isn't a tuple or list")


def get_len(value: Any) -> int:
    """Like mp_obj_len: anything with a length."""
    try:
        return len(value)
    except TypeError:
        raise TypeError(f"object of type '{type_name(value)}' has no len()") from None


def as_uint(value: int, bits: int) -> int:
    """A C integer stored in an unsigned field of this many bits (it wraps)."""
    return value & ((1 << bits) - 1)


def get_positive_int(value: Any) -> int:
    return max(0, get_int(value))


def get_pct(value: Any) -> int:
    return min(100, get_positive_int(value))


def get_scaled_int(value: Any, scale: int) -> int:
    """Like pb_obj_get_scaled_int: a number times ``scale``, truncated."""
    if isinstance(value, float):
        return float_to_c_int(to_float32(to_float32(value) * scale))
    return get_int(value) * scale


def get_default_abs_int(value: Any, default: int) -> int:
    if value is None:
        return default
    return abs(get_int(value))


def expect_type(value: Any, kind: type) -> Any:
    """Like pb_assert_type: the value must be exactly of this (enum) type."""
    if not isinstance(value, kind):
        raise TypeError(f"can't convert {type_name(value)} to {kind.__name__}")
    return value


def is_array(value: Any) -> bool:
    return isinstance(value, (list, tuple))
