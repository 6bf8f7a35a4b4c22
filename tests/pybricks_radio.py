"""A stand-in for the Bluetooth radio: LEGO hubs as bleak reports them, the Pybricks ones speaking the Pybricks service.

Only bleak is replaced (``BleakScanner`` as our scan uses it, ``BleakClient``
as pybricksdev's ``PybricksHubBLE`` uses it). Everything above it runs for
real: pybricksdev reads the firmware and profile versions, PnP ID and
capabilities, compiles the program, uploads it in chunks (META 0, WRITE_USER_RAM
…, META size), starts it, follows status and stdout events, and sends STOP.

Each ``StandInHub`` plays a script once the program starts, step by step:

- ``("print", b"...")`` one stdout event with exactly these bytes (so a test
  chooses where packets split);
- ``("end",)`` the program ends by itself;
- ``("button",)`` the pupil presses the hub's button;
- ``("forever", b"tick\\r\\n")`` keep printing until told to stop;
- ``("drop",)`` the radio link is lost;
- ``("switch_off",)`` the hub shuts down (status says so), then the link is lost.
"""

from __future__ import annotations

import asyncio
import struct
from dataclasses import dataclass, field
from typing import Any

from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from bleak.exc import BleakDeviceNotFoundError, BleakError
from pybricksdev.ble.lwp3 import LEGO_CID, LWP3_HUB_SERVICE_UUID
from pybricksdev.ble.lwp3.bytecodes import HubKind
from pybricksdev.ble.pybricks import (
    FW_REV_UUID,
    PNP_ID_UUID,
    PYBRICKS_COMMAND_EVENT_UUID,
    PYBRICKS_HUB_CAPABILITIES_UUID,
    PYBRICKS_SERVICE_UUID,
    SW_REV_UUID,
    Command,
    Event,
    HubCapabilityFlag,
    StatusFlag,
)

STEP_S = 0.002  # time between a script's steps; the real hub is slower, order is what matters
STOPPED_LINE = b"The program was stopped (SystemExit).\r\n"
IDLE = StatusFlag.BLE_HOST_CONNECTED
RUNNING = StatusFlag.BLE_HOST_CONNECTED | StatusFlag.USER_PROGRAM_RUNNING


@dataclass
class StandInHub:
    """One hub in the room, and everything it was sent."""

    name: str = "Rover"
    address: str = "A0:E6:F8:00:00:01"
    runs_pybricks: bool = True
    firmware: str = "4.0.1"
    profile: str = "1.5.0"
    kind: int = HubKind.TECHNIC_LARGE
    rssi: int = -55
    max_write: int = 158
    max_program: int = 258_000
    slots: int = 5
    script: list[tuple[Any, ...]] = field(default_factory=lambda: [("print", b"Hello!\r\n"), ("end",)])
    running_at_connect: bool = False
    refuse_connection: str | None = None  # "vanished" (switched off after answering) | "timeout"
    # What the hub received.
    commands: list[str] = field(default_factory=list)
    write_sizes: list[int] = field(default_factory=list)
    ram: bytearray = field(default_factory=bytearray)
    program_size: int | None = None
    connected: bool = False
    client: StandInClient | None = None

    def uploaded_modules(self) -> dict[str, bytes]:
        """The program as pybricksdev packed it: [u32 size][name\\0][mpy] for each module."""
        blob, modules, at = bytes(self.ram[: self.program_size or 0]), {}, 0
        while at < len(blob):
            (size,) = struct.unpack_from("<I", blob, at)
            end_of_name = blob.index(b"\0", at + 4)
            name = blob[at + 4:end_of_name].decode()
            modules[name] = blob[end_of_name + 1:end_of_name + 1 + size]
            at = end_of_name + 1 + size
        return modules

    def advert(self, with_name: bool = True) -> tuple[BLEDevice, AdvertisementData]:
        device = BLEDevice(self.address, self.name if with_name else None, self)
        if self.runs_pybricks:
            services, maker = [PYBRICKS_SERVICE_UUID], {}
        else:
            # LEGO's own firmware advertises the LEGO Wireless Protocol with the hub kind in its data.
            services, maker = [LWP3_HUB_SERVICE_UUID], {LEGO_CID: bytes([0x00, self.kind, 0x61, 0x00, 0x00, 0x00])}
        return device, AdvertisementData(self.name if with_name else None, maker, {}, services, None, self.rssi, ())


class StandInClient:
    """bleak's ``BleakClient`` as pybricksdev uses it, connected to a ``StandInHub`` instead of a radio."""

    def __init__(self, device: BLEDevice, disconnected_callback: Any = None, **_: Any) -> None:
        self.hub: StandInHub = device.details
        self._on_disconnect = disconnected_callback
        self._listeners: dict[str, Any] = {}
        self._program: asyncio.Task[None] | None = None
        self.is_connected = False

    async def connect(self, **_: Any) -> bool:
        if self.hub.refuse_connection == "vanished":
            raise BleakDeviceNotFoundError(self.hub.address, f"Device with address {self.hub.address} was not found.")
        if self.hub.refuse_connection == "timeout":
            raise TimeoutError
        self.is_connected = self.hub.connected = True
        self.hub.client = self
        return True

    async def disconnect(self) -> bool:
        if self.is_connected:
            self._lose_link()
        return True

    async def read_gatt_char(self, uuid: str) -> bytearray:
        self._require_link()
        values = {
            FW_REV_UUID: self.hub.firmware.encode(),
            SW_REV_UUID: self.hub.profile.encode(),
            PNP_ID_UUID: struct.pack("<BHHH", 1, LEGO_CID, self.hub.kind, 0),
            PYBRICKS_HUB_CAPABILITIES_UUID: struct.pack(
                "<HIIB", self.hub.max_write, HubCapabilityFlag.USER_PROG_MULTI_FILE_MPY6, self.hub.max_program,
                self.hub.slots),
        }
        return bytearray(values[uuid])

    async def start_notify(self, uuid: str, callback: Any) -> None:
        self._require_link()
        self._listeners[uuid] = callback
        if uuid == PYBRICKS_COMMAND_EVENT_UUID:
            # The firmware reports its status as soon as someone listens.
            self._status(RUNNING if self.hub.running_at_connect else IDLE)
            if self.hub.running_at_connect:
                self._program = asyncio.ensure_future(self._play([("forever", b"old program\r\n")]))

    async def write_gatt_char(self, uuid: str, data: bytes, response: bool = False) -> None:
        self._require_link()
        assert uuid == PYBRICKS_COMMAND_EVENT_UUID, uuid
        assert len(data) <= self.hub.max_write, f"a write of {len(data)} bytes is more than the hub takes"
        self.hub.write_sizes.append(len(data))
        command = data[0]
        if command == Command.WRITE_USER_PROGRAM_META:
            (size,) = struct.unpack_from("<I", data, 1)
            self.hub.commands.append(f"meta {size}")
            self.hub.program_size = size
            if size == 0:
                self.hub.ram.clear()
        elif command == Command.COMMAND_WRITE_USER_RAM:
            (offset,) = struct.unpack_from("<I", data, 1)
            payload = data[5:]
            if len(self.hub.ram) < offset + len(payload):
                self.hub.ram.extend(bytes(offset + len(payload) - len(self.hub.ram)))
            self.hub.ram[offset:offset + len(payload)] = payload
        elif command == Command.START_USER_PROGRAM:
            self.hub.commands.append("start")
            if self._program is not None and not self._program.done():
                raise BleakError("ATT error: 0x81 (busy: a program is running)")
            self._program = asyncio.ensure_future(self._play(self.hub.script))
        elif command == Command.STOP_USER_PROGRAM:
            self.hub.commands.append("stop")
            if self._program is not None and not self._program.done():
                self._program.cancel()
                self._stdout(STOPPED_LINE)
                self._status(IDLE)
        else:
            raise BleakError(f"ATT error: 0x80 (command {command} not expected)")

    async def _play(self, script: list[tuple[Any, ...]]) -> None:
        self._status(RUNNING)
        for step in script:
            await asyncio.sleep(STEP_S)
            what = step[0]
            if what == "print":
                self._stdout(step[1])
            elif what == "end":
                self._status(IDLE)
                return
            elif what == "button":
                self._stdout(STOPPED_LINE)
                self._status(IDLE)
                return
            elif what == "forever":
                while True:
                    self._stdout(step[1])
                    await asyncio.sleep(STEP_S * 5)
            elif what == "drop":
                self._lose_link()
                return
            elif what == "switch_off":
                self._status(IDLE | StatusFlag.SHUTDOWN_REQUESTED | StatusFlag.SHUTDOWN)
                await asyncio.sleep(STEP_S)
                self._lose_link()
                return
        self._status(IDLE)

    def _stdout(self, data: bytes) -> None:
        self._notify(bytes([Event.WRITE_STDOUT]) + data)

    def _status(self, flags: StatusFlag) -> None:
        self._notify(struct.pack("<BIBB", Event.STATUS_REPORT, int(flags), 0, 0))

    def _notify(self, payload: bytes) -> None:
        listener = self._listeners.get(PYBRICKS_COMMAND_EVENT_UUID)
        if listener is not None and self.is_connected:
            # Like bleak, deliver each notification as its own event-loop callback.
            asyncio.get_running_loop().call_soon(listener, None, bytearray(payload))

    def _require_link(self) -> None:
        if not self.is_connected:
            raise BleakError("Not connected")

    def _lose_link(self) -> None:
        self.is_connected = self.hub.connected = False
        if self._program is not None and not self._program.done() and self._program is not asyncio.current_task():
            self._program.cancel()
        if self._on_disconnect is not None:
            self._on_disconnect(self)


class StandInRoom:
    """The hubs within reach, and whether this computer's Bluetooth works at all."""

    def __init__(self) -> None:
        self.hubs: list[StandInHub] = []
        self.radio_failure: BaseException | None = None

    def add(self, **settings: Any) -> StandInHub:
        hub = StandInHub(**settings)
        self.hubs.append(hub)
        return hub

    def scanner(self) -> type:
        room = self

        class StandInScanner:
            """bleak's ``BleakScanner`` as our scan uses it: a detection callback, ``async with``."""

            def __init__(self, detection_callback: Any = None, **_: Any) -> None:
                self._callback = detection_callback

            async def __aenter__(self) -> StandInScanner:
                if room.radio_failure is not None:
                    raise room.radio_failure
                loop = asyncio.get_running_loop()
                for hub in room.hubs:
                    # First the advertisement, then the scan response that carries the name.
                    loop.call_soon(self._callback, *hub.advert(with_name=False))
                    loop.call_soon(self._callback, *hub.advert(with_name=True))
                return self

            async def __aexit__(self, *_: Any) -> None:
                return None

        return StandInScanner


def install_stand_in_radio(monkeypatch: Any) -> StandInRoom:
    """Put a stand-in room where bleak's radio would be (for the length of one test), and return it."""
    import brickclass.robots.hub_link.scan
    room = StandInRoom()
    monkeypatch.setattr(brickclass.robots.hub_link.scan, "BleakScanner", room.scanner())
    monkeypatch.setattr("pybricksdev.connections.pybricks.BleakClient", StandInClient)
    monkeypatch.setattr(brickclass.robots.hub_link.scan, "SETTLE_S", 0.05)
    return room
