"""Listening for LEGO hubs over Bluetooth Low Energy.

pybricksdev's ``find_device`` stops at the first Pybricks hub; a classroom
needs more: every hub in the room (to ask which one when several answer, as
several may even share the default name "Pybricks Hub"), and the LEGO hubs
that answer without Pybricks (to say "install Pybricks" instead of "no hub").
So we listen with bleak's scanner and sort what we hear with pybricksdev's
protocol constants.
"""

from __future__ import annotations

import asyncio

from bleak import BleakScanner
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from pybricksdev.ble.lwp3 import LEGO_CID, LWP3_BOOTLOADER_SERVICE_UUID, LWP3_HUB_SERVICE_UUID
from pybricksdev.ble.lwp3.bytecodes import HubKind
from pybricksdev.ble.pybricks import PYBRICKS_SERVICE_UUID

from brickclass.robots.hub_link.base import HubSeen
from brickclass.robots.hub_link.problems import problem_from_radio

# After the first hub answers, listen this much longer for others in the room
# (hubs advertise several times a second, so 1.5 s hears every one nearby).
SETTLE_S = 1.5

# Hubs Pybricks can be installed on; other LEGO devices (remotes, Mario) are not hubs for us.
_PYBRICKS_CAPABLE = {HubKind.BOOST, HubKind.CITY, HubKind.TECHNIC, HubKind.TECHNIC_LARGE, HubKind.TECHNIC_SMALL}
_LEGO_SERVICES = {LWP3_HUB_SERVICE_UUID, LWP3_BOOTLOADER_SERVICE_UUID}


def hub_in_advert(device: BLEDevice, advert: AdvertisementData) -> HubSeen | None:
    """The hub this advertisement comes from, or None when it is not a LEGO hub (or its name is not known yet)."""
    services = {uuid.lower() for uuid in advert.service_uuids}
    if PYBRICKS_SERVICE_UUID in services:
        if advert.local_name is None:
            return None  # the name comes in the scan response; wait for it as pybricksdev does
        return HubSeen(advert.local_name, device.address, True, advert.rssi, device)
    lego_data = advert.manufacturer_data.get(LEGO_CID)
    if lego_data is None and not services & _LEGO_SERVICES:
        return None
    if lego_data is not None and len(lego_data) >= 2 and services & _LEGO_SERVICES:
        # LWP3 advertisements carry the hub kind in their second byte.
        if lego_data[1] not in _PYBRICKS_CAPABLE:
            return None
    name = advert.local_name or device.name or device.address
    return HubSeen(name, device.address, False, advert.rssi, device)


async def scan_for_hubs(timeout: float, name: str | None) -> list[HubSeen]:
    """Every LEGO hub heard within ``timeout`` s, loudest first; stops early once the wanted hub answered."""
    heard: dict[str, HubSeen] = {}
    wanted_heard = asyncio.Event()

    def on_advert(device: BLEDevice, advert: AdvertisementData) -> None:
        hub = hub_in_advert(device, advert)
        if hub is None:
            return
        heard[hub.address] = hub
        if hub.runs_pybricks and (name is None or hub.answers_to(name)):
            wanted_heard.set()

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        async with BleakScanner(detection_callback=on_advert):
            try:
                await asyncio.wait_for(wanted_heard.wait(), timeout)
            except TimeoutError:
                pass
            else:
                await asyncio.sleep(max(0.0, min(SETTLE_S, deadline - loop.time())))
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        raise problem_from_radio(exc) from exc
    return sorted(heard.values(), key=lambda hub: -(hub.signal_dbm if hub.signal_dbm is not None else -999))
