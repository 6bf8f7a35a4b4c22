"""Why a hub could not be reached or a run could not finish, as a reason the caller can put into words.

Every failure between the computer and a hub becomes one ``HubProblem`` with a
``reason`` from ``REASONS`` and the facts its sentence needs (a hub's name, a
firmware version, sizes). Bluetooth stacks fail in many shapes (BlueZ over
D-Bus on Linux, CoreBluetooth, WinRT); ``problem_from_radio`` sorts them here,
once, so callers never see a bleak exception.
"""

from __future__ import annotations

import asyncio

REASONS = (
    "no_adapter",  # this computer has no Bluetooth (or no Bluetooth service)
    "bluetooth_off",  # it has Bluetooth but it is switched off
    "bluetooth_denied",  # the system does not let this program use Bluetooth
    "not_found",  # no hub with Pybricks answered
    "not_found_named",  # no hub with Pybricks by that name answered
    "several",  # more than one hub answered and none was chosen
    "not_pybricks",  # a LEGO hub answered, but it runs LEGO's own firmware
    "firmware_old",  # Pybricks, but too old for the programs we compile
    "firmware_new",  # Pybricks, newer than the pybricksdev we have understands
    "connect_failed",  # the hub was found but the connection did not come up
    "too_big",  # the compiled program does not fit in the hub
    "compile",  # the program could not be compiled for the hub
    "disconnected",  # the connection was lost during the run
    "switched_off",  # the hub was switched off during the run
    "failed",  # anything else; ``detail`` says what
)


class HubProblem(Exception):
    """Something between the computer and the hub went wrong; ``reason`` says what."""

    def __init__(self, reason: str, detail: str = "", **facts: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown hub problem {reason!r}")
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.facts = facts


# BlueZ answers over D-Bus; these error names mean "no Bluetooth service",
# "adapter off" and "not allowed".
_DBUS_NO_SERVICE = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NoReply",
                    "org.bluez.Error.NoSuchAdapter")
_DBUS_OFF = ("org.bluez.Error.NotReady",)
_DBUS_DENIED = ("org.freedesktop.DBus.Error.AccessDenied", "org.bluez.Error.NotPermitted",
                "org.bluez.Error.NotAuthorized")


# Windows answers through WinRT with an HRESULT (OSError.winerror): "class not
# registered" when the Bluetooth API is not there at all (a Windows without
# Bluetooth support, Wine), "element not found" when there is no radio, and
# "access denied" when the privacy settings keep apps off Bluetooth.
_WINRT_NO_BLUETOOTH = (-2147221164, -2147023728)  # 0x80040154, 0x80070490
_WINRT_DENIED = (-2147024891,)  # 0x80070005


def problem_from_radio(exc: BaseException) -> HubProblem:
    """The reason behind an exception from bleak (or the system under it) while using Bluetooth."""
    from bleak.exc import (
        BleakBluetoothNotAvailableError,
        BleakBluetoothNotAvailableReason,
        BleakDBusError,
        BleakDeviceNotFoundError,
    )

    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, BleakBluetoothNotAvailableError):
        if exc.reason is BleakBluetoothNotAvailableReason.POWERED_OFF:
            return HubProblem("bluetooth_off", detail)
        if exc.reason in (BleakBluetoothNotAvailableReason.DENIED_BY_USER,
                          BleakBluetoothNotAvailableReason.DENIED_BY_SYSTEM,
                          BleakBluetoothNotAvailableReason.DENIED_BY_UNKNOWN):
            return HubProblem("bluetooth_denied", detail)
        return HubProblem("no_adapter", detail)
    if isinstance(exc, BleakDBusError):
        if exc.dbus_error in _DBUS_OFF:
            return HubProblem("bluetooth_off", detail)
        if exc.dbus_error in _DBUS_DENIED:
            return HubProblem("bluetooth_denied", detail)
        if exc.dbus_error in _DBUS_NO_SERVICE:
            return HubProblem("no_adapter", detail)
        return HubProblem("failed", detail)
    if isinstance(exc, BleakDeviceNotFoundError):
        return HubProblem("not_found", detail)
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINRT_NO_BLUETOOTH:
        return HubProblem("no_adapter", detail)
    if winerror in _WINRT_DENIED:
        return HubProblem("bluetooth_denied", detail)
    # No D-Bus system bus at all (a Linux machine without Bluetooth, a container, CI).
    if isinstance(exc, (FileNotFoundError, ConnectionRefusedError)):
        return HubProblem("no_adapter", detail)
    if isinstance(exc, PermissionError):
        return HubProblem("bluetooth_denied", detail)
    if isinstance(exc, asyncio.TimeoutError):
        return HubProblem("connect_failed", detail)
    lowered = str(exc).lower()
    if "powered off" in lowered or "turned off" in lowered or "not ready" in lowered:
        return HubProblem("bluetooth_off", detail)
    if "no bluetooth adapter" in lowered or "adapter not found" in lowered or "no adapter" in lowered:
        return HubProblem("no_adapter", detail)
    return HubProblem("failed", detail)
