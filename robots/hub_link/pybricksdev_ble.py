"""The pybricksdev backend: hubs with Pybricks firmware over Bluetooth Low Energy.

pybricksdev speaks the Pybricks protocol (through bleak): it reads the hub's
firmware and profile versions and capabilities, compiles the program and its
local modules with mpy-cross at the ABI the hub asks for, downloads it in
chunks, starts it and reports stdout and status. This module adds what a
classroom needs around that: output as text while it arrives, Ctrl-C that
stops the program on the hub, and every failure as a ``HubProblem``.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path

import semver
from bleak.exc import BleakCharacteristicNotFoundError
from packaging.version import Version
from pybricksdev.ble.lwp3.bytecodes import HubKind
from pybricksdev.ble.pybricks import PYBRICKS_PROTOCOL_VERSION, StatusFlag
from pybricksdev.connections import ConnectionState
from pybricksdev.connections.pybricks import HubDisconnectError, PybricksHubBLE

from brickclass.robots.hub_link.base import HubInfo, HubSeen, OutputSink, RunOutcome
from brickclass.robots.hub_link.output import ProgramOutput, how_it_ended
from brickclass.robots.hub_link.problems import HubProblem, problem_from_radio
from brickclass.robots.hub_link.scan import scan_for_hubs
from brickclass.robots.hub_link.without_bom import sendable

# pybricksdev compiles for MPY ABI 6 from firmware 3.2.0b2 on and for ABI 5
# before it; brickclass checks programs for ABI 6 only, so older hubs must be
# updated first.
MIN_FIRMWARE = Version("3.2.0b2")

STATUS_WAIT_S = 0.5  # the hub reports its status right after we subscribe
STOP_WAIT_S = 2.0  # a stopped program says so within a few status reports
OUTPUT_FLUSH_S = 0.3  # the last output may trail the "stopped" status (pybricks/support#305)
DISCONNECT_WAIT_S = 3.0

_KINDS = {HubKind.TECHNIC_LARGE: "prime", HubKind.TECHNIC_SMALL: "essential", HubKind.TECHNIC: "technic",
          HubKind.CITY: "city", HubKind.BOOST: "move"}


class _StatusWatch:
    """Follows the hub's status reports: is a program running, is the hub switching off."""

    def __init__(self) -> None:
        self.reported = asyncio.Event()
        self.stopped = asyncio.Event()
        self.running = False
        self.shutting_down = False

    def see(self, flags: StatusFlag) -> None:
        self.running = bool(flags & StatusFlag.USER_PROGRAM_RUNNING)
        if flags & (StatusFlag.SHUTDOWN | StatusFlag.SHUTDOWN_REQUESTED):
            self.shutting_down = True
        if flags:  # pybricksdev holds 0 until the hub's first report arrives
            self.reported.set()
        if self.running:
            self.stopped.clear()
        else:
            self.stopped.set()


class PybricksdevConnection:
    """One hub connected through pybricksdev."""

    def __init__(self, link: PybricksHubBLE, hub: HubSeen) -> None:
        self._link = link
        self._stop_requested = False
        kind = _KINDS.get(getattr(link, "hub_kind", None), "other")
        self.info = HubInfo(hub.name, kind, str(link.fw_version or "?"))

    async def run(self, program: Path, on_output: OutputSink) -> RunOutcome:
        output = ProgramOutput(on_output)
        status = _StatusWatch()
        self._stop_requested = False
        with self._link.stdout_observable.subscribe(output.feed), self._link.status_observable.subscribe(status.see):
            try:
                await self._stop_program_started_on_hub(status)
                with sendable(program.resolve()) as path:
                    await self._link.run(str(path), wait=True, print_output=False, line_handler=False)
            except asyncio.CancelledError:
                # Ctrl-C (or the caller cancelling): stop the program on the hub, then report it stopped.
                current = asyncio.current_task()
                if current is not None:
                    current.uncancel()
                self._stop_requested = True
                await self._stop_and_wait(status)
            except Exception as exc:
                raise self._problem_during_run(exc, status) from exc
        output.close()
        if status.shutting_down:
            # Holding the button switches the hub off: the firmware ends the program first, then the link.
            raise HubProblem("switched_off")
        ending, stopped_on = how_it_ended(output.text, self._stop_requested)
        return RunOutcome(ending, stopped_on, output.text)

    async def stop(self) -> None:
        self._stop_requested = True
        await self._link.stop_user_program()

    async def disconnect(self) -> None:
        try:
            await asyncio.wait_for(self._link.disconnect(), DISCONNECT_WAIT_S)
        except Exception:
            pass

    async def _stop_program_started_on_hub(self, status: _StatusWatch) -> None:
        """A program started with the hub's button would make the download fail; stop it first."""
        try:
            await asyncio.wait_for(status.reported.wait(), STATUS_WAIT_S)
        except TimeoutError:
            return
        if status.running:
            await self._stop_and_wait(status)

    async def _stop_and_wait(self, status: _StatusWatch) -> None:
        try:
            await asyncio.wait_for(self._link.stop_user_program(), STOP_WAIT_S)
            await asyncio.wait_for(status.stopped.wait(), STOP_WAIT_S)
            await asyncio.sleep(OUTPUT_FLUSH_S)
        except Exception:
            pass

    def _problem_during_run(self, exc: Exception, status: _StatusWatch) -> HubProblem:
        text = str(exc)
        gone = self._link.connection_state_observable.value == ConnectionState.DISCONNECTED
        if isinstance(exc, HubDisconnectError) or gone:
            return HubProblem("switched_off" if status.shutting_down else "disconnected", text)
        if isinstance(exc, ValueError) and "too big" in text:
            # pybricksdev: "program is too big (N bytes). Hub has limit of M bytes."
            numbers = re.findall(r"\d+", text)
            size, limit = (numbers + ["?", "?"])[:2]
            return HubProblem("too_big", text, size=size, limit=limit)
        if isinstance(exc, subprocess.CalledProcessError):
            complaint = (exc.stderr or b"").decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else ""
            return HubProblem("compile", complaint.strip() or text)
        if isinstance(exc, RuntimeError) and "file formats" in text:
            return HubProblem("firmware_old", text, firmware=self.info.firmware)
        return problem_from_radio(exc)


class PybricksdevBLE:
    """Reach hubs with Pybricks firmware over Bluetooth Low Energy, through pybricksdev."""

    async def scan(self, timeout: float, name: str | None) -> list[HubSeen]:
        return await scan_for_hubs(timeout, name)

    async def connect(self, hub: HubSeen) -> PybricksdevConnection:
        link = PybricksHubBLE(hub.device)
        try:
            await link.connect()
        except asyncio.CancelledError:
            await _let_go(link)
            raise
        except Exception as exc:
            await _let_go(link)
            raise _connect_problem(exc, link) from exc
        if link.fw_version is not None and link.fw_version < MIN_FIRMWARE:
            await PybricksdevConnection(link, hub).disconnect()
            raise HubProblem("firmware_old", f"firmware {link.fw_version}", firmware=str(link.fw_version))
        return PybricksdevConnection(link, hub)


async def _let_go(link: PybricksHubBLE) -> None:
    """Drop the radio link after a failed connect.

    When pybricksdev refuses a hub after the link is up (an unknown profile,
    a missing characteristic), it marks itself disconnected without closing
    the link, so the hub would stay taken and invisible to the next search.
    """
    try:
        await asyncio.wait_for(link._client_disconnect(), DISCONNECT_WAIT_S)
    except Exception:
        pass


def _connect_problem(exc: Exception, link: PybricksHubBLE) -> HubProblem:
    """Why connecting failed: firmware pybricksdev cannot use, or the radio."""
    if isinstance(exc, BleakCharacteristicNotFoundError):
        # Firmware from before the Device Information Service is far too old.
        return HubProblem("firmware_old", str(exc), firmware=str(link.fw_version or "?"))
    if isinstance(exc, RuntimeError) and "protocol version" in str(exc):
        return _protocol_problem(exc, link)
    problem = problem_from_radio(exc)
    if problem.reason == "failed":
        return HubProblem("connect_failed", problem.detail)
    return problem


def _protocol_problem(exc: RuntimeError, link: PybricksHubBLE) -> HubProblem:
    """pybricksdev refuses a Pybricks profile it does not know: older or newer than it speaks."""
    found = re.search(r"protocol version: (\S+)", str(exc))
    if found is None:
        return problem_from_radio(exc)
    firmware = str(link.fw_version or "?")
    try:
        too_old = semver.VersionInfo.parse(found.group(1)) < PYBRICKS_PROTOCOL_VERSION
    except ValueError:
        too_old = False
    return HubProblem("firmware_old" if too_old else "firmware_new", str(exc), firmware=firmware)
