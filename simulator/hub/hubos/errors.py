"""Errors as a Pybricks hub raises them (``pybricks/util_pb/pb_error.c``).

The world reports a failed command as data (the firmware's error code); this
module turns it into the exception the hub would raise, with the hub's text,
so ``except OSError as e: if e.errno == ENODEV`` works as on the table.
"""

from __future__ import annotations

# For the type checker only: the hub process starts without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# MicroPython errno numbers the hub knows (MICROPY_PY_ERRNO_LIST) + ENOENT.
ERRNO = {
    "EPERM": 1,
    "ENOENT": 2,
    "EIO": 5,
    "EAGAIN": 11,
    "EBUSY": 16,
    "ENODEV": 19,
    "EINVAL": 22,
    "EOPNOTSUPP": 95,
    "ETIMEDOUT": 110,
    "ECANCELED": 125,
}
ERRNO_NAMES = {number: name for name, number in ERRNO.items()}

_HINT_FOOTER = (
    "--> Check the line in your script that matches\n"
    "    the line number given in the 'Traceback' above.\n"
)

# Long hints the firmware attaches to some OSErrors, word for word.
OSERROR_TEXT = {
    "EIO": (
        "\n\nUnexpected hardware input/output error with a motor or sensor:\n"
        "--> Try unplugging the sensor or motor and plug it back in again.\n"
        "--> To see which sensor or motor is causing the problem,\n"
        "    check the line in your script that matches\n"
        "    the line number given in the 'Traceback' above.\n"
        "--> Try rebooting the hub/brick if the problem persists.\n\n"
    ),
    "ENODEV": (
        "\n\nA sensor or motor is not connected to the specified port:\n"
        "--> Check the cables to each motor and sensor.\n"
        "--> Check the port settings in your script.\n" + _HINT_FOOTER + "\n"
    ),
    "EOPNOTSUPP": (
        "\n\nThe requested operation is not supported on this device:\n"
        "--> Check the documentation for device compatibility.\n" + _HINT_FOOTER + "\n"
    ),
    "EPERM": (
        "\n\nThe requested operation is not valid in the current state:\n"
        "--> Check the documentation for required conditions.\n" + _HINT_FOOTER + "\n"
    ),
    "EBUSY": "Device or resource busy",
    "EAGAIN": "Try again later",
    "ETIMEDOUT": "Timed out",
    "ECANCELED": "Canceled",
}

# pbio error codes (lib/pbio/include/pbio/error.h) and what the hub raises.
PBIO_TO_PYTHON = {
    "FAILED": ("RuntimeError", "Unknown error"),
    "INVALID_ARG": ("ValueError", "Invalid argument"),
    "NOT_IMPLEMENTED": ("NotImplementedError", "Not implemented"),
    "IO": ("OSError", "EIO"),
    "BUSY": ("OSError", "EBUSY"),
    "NO_DEV": ("OSError", "ENODEV"),
    "NOT_SUPPORTED": ("OSError", "EOPNOTSUPP"),
    "AGAIN": ("OSError", "EAGAIN"),
    "INVALID_OP": ("OSError", "EPERM"),
    "TIMEDOUT": ("OSError", "ETIMEDOUT"),
    "CANCELED": ("OSError", "ECANCELED"),
}

_BUILTIN_EXCEPTIONS = {
    "ValueError": ValueError,
    "TypeError": TypeError,
    "RuntimeError": RuntimeError,
    "NotImplementedError": NotImplementedError,
    "OSError": OSError,
    "ZeroDivisionError": ZeroDivisionError,
    "IndexError": IndexError,
    "KeyError": KeyError,
    "AttributeError": AttributeError,
    "OverflowError": OverflowError,
}


def hub_oserror(name: str) -> OSError:
    """The OSError the hub raises for an errno name like 'ENODEV'."""
    return OSError(ERRNO[name], OSERROR_TEXT.get(name, ""))


def exception_from_world(info: dict[str, Any]) -> BaseException:
    """Build the hub's exception from the world's error report."""
    pbio = info.get("pbio")
    if pbio in PBIO_TO_PYTHON:
        kind, detail = PBIO_TO_PYTHON[pbio]
        if kind == "OSError":
            return hub_oserror(detail)
        return _BUILTIN_EXCEPTIONS[kind](detail)
    kind = info.get("type", "RuntimeError")
    message = info.get("msg", "")
    if kind == "OSError" and info.get("errno_name") in ERRNO:
        return hub_oserror(info["errno_name"])
    return _BUILTIN_EXCEPTIONS.get(kind, RuntimeError)(message)
