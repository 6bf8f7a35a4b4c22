"""The connection to real hubs: find one over Bluetooth, download and run a program, stream its output.

A small adapter in front of pybricksdev (which speaks the Pybricks BLE
protocol through bleak), so the command line and the teacher app never touch
pybricksdev directly and a second backend can be added behind the same calls.
Every failure becomes a ``HubProblem`` with a reason the caller can put into
words: no Bluetooth adapter, no hub found, the hub went away, and so on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class HubProblem(Exception):
    """Something between the computer and the hub went wrong; ``reason`` says what."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason  # no_adapter | not_found | not_pybricks | disconnected | too_big | failed
        self.detail = detail


@dataclass(frozen=True)
class RunOutcome:
    stopped_by: str  # finished | stopped (Ctrl-C)


MAX_PROGRAM_BYTES = 64 * 1024  # what fits in the hub's program area with room to spare


def _classify(exc: BaseException) -> HubProblem:
    text = f"{type(exc).__name__}: {exc}"
    lowered = text.lower()
    if "adapter" in lowered or "dbus" in lowered or "bluez" in lowered or isinstance(exc, FileNotFoundError) \
            or "no such file" in lowered or "bluetooth" in lowered and "off" in lowered:
        return HubProblem("no_adapter", text)
    if isinstance(exc, asyncio.TimeoutError):
        return HubProblem("not_found", text)
    if "disconnect" in lowered:
        return HubProblem("disconnected", text)
    return HubProblem("failed", text)


class PybricksBLE:
    """The pybricksdev backend: Pybricks firmware over Bluetooth Low Energy."""

    async def find(self, name: str | None, timeout: float) -> object:
        from pybricksdev.ble import find_device

        try:
            return await find_device(name, timeout=timeout)
        except asyncio.TimeoutError as exc:
            raise HubProblem("not_found", name or "") from exc
        except Exception as exc:  # noqa: BLE001 - bleak raises many kinds; each becomes a reason
            raise _classify(exc) from exc

    async def run(self, device: object, program: Path, on_output: Callable[[str], None]) -> RunOutcome:
        from pybricksdev.connections.pybricks import PybricksHubBLE

        if program.stat().st_size > MAX_PROGRAM_BYTES:
            raise HubProblem("too_big", str(program.stat().st_size))
        hub = PybricksHubBLE(device)  # type: ignore[arg-type]
        try:
            await hub.connect()
        except Exception as exc:  # noqa: BLE001
            raise _classify(exc) from exc
        try:
            await hub.run(str(program), wait=True, print_output=True)
            return RunOutcome("finished")
        except (asyncio.CancelledError, KeyboardInterrupt):
            try:
                await hub.stop_user_program()
            finally:
                return RunOutcome("stopped")
        except Exception as exc:  # noqa: BLE001
            raise _classify(exc) from exc
        finally:
            try:
                await hub.disconnect()
            except Exception:  # noqa: BLE001 - already gone
                pass


def run_on_hub(program: Path, *, name: str | None, timeout: float,
               on_output: Callable[[str], None], backend: PybricksBLE | None = None) -> RunOutcome:
    """Find the hub, download ``program`` with its local modules, run it to the end."""
    backend = backend or PybricksBLE()

    async def go() -> RunOutcome:
        device = await backend.find(name, timeout)
        return await backend.run(device, program, on_output)

    return asyncio.run(go())
