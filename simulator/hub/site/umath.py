"""umath: the hub's maths module (MicroPython, single precision on the hub)."""

from math import (
    acos,
    asin,
    atan,
    atan2,
    ceil,
    copysign,
    cos,
    degrees,
    e,
    exp,
    fabs,
    floor,
    fmod,
    frexp,
    inf,
    isfinite,
    isinf,
    isnan,
    ldexp,
    log,
    modf,
    nan,
    pi,
    pow,
    radians,
    sin,
    sqrt,
    tan,
    trunc,
)

__all__ = [
    "acos", "asin", "atan", "atan2", "ceil", "copysign", "cos", "degrees", "e", "exp",
    "fabs", "floor", "fmod", "frexp", "inf", "isfinite", "isinf", "isnan", "ldexp",
    "log", "modf", "nan", "pi", "pow", "radians", "sin", "sqrt", "tan", "trunc",
]
