"""Firmware error codes (pbio/error.h) for failures inside the simulated firmware.

The world never raises Python's own exceptions at the program: it raises a
``PbioError`` with the code the hub's firmware would return, and the hub
process turns that code into the exception a hub raises (see
``simulator/hub/hubos/errors.py``).
"""

from __future__ import annotations

from enum import Enum


class ErrorCode(Enum):
    FAILED = "FAILED"
    INVALID_ARG = "INVALID_ARG"
    INVALID_PORT = "INVALID_PORT"
    INVALID_OP = "INVALID_OP"
    NO_DEV = "NO_DEV"
    IO = "IO"
    BUSY = "BUSY"
    NOT_IMPLEMENTED = "NOT_IMPLEMENTED"
    NOT_SUPPORTED = "NOT_SUPPORTED"
    AGAIN = "AGAIN"
    TIMEDOUT = "TIMEDOUT"
    CANCELED = "CANCELED"


class PbioError(Exception):
    """A firmware call failed with ``code``."""

    def __init__(self, code: ErrorCode) -> None:
        super().__init__(code.name)
        self.code = code
