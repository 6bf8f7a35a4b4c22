"""BLERadio: broadcasting and observing over Bluetooth, as a hub alone on a desk.

Used by ``pybricks.messaging`` and by the hubs' older ``hub.ble``.

Facts from the firmware we follow (pybricks-micropython 2ced53d2f):

- ``pybricks/messaging/pb_module_messaging.c``: on the Powered Up hubs the
  module holds ``BLERadio`` and ``AppData``; ``bluetooth_scan`` exists only
  where classic Bluetooth does (EV3). ``AppData`` talks to the Pybricks Code
  app on the computer and is not simulated.
- ``pybricks/messaging/pb_type_ble_radio.c``: argument checks, the encoding
  of broadcast data (26 bytes at most), what ``observe`` and
  ``signal_strength`` say when nothing was heard in the last second.
- ``lib/pbio/drv/bluetooth/bluetooth.c``: the Bluetooth chip is shared by the
  whole hub. Its driver takes one radio command at a time (a second one while
  the first is pending fails with EBUSY), runs them from a loop that pauses
  1 ms every turn, and skips the work when the same data is broadcast again.

The simulated classroom has no other hub in range, so nothing is ever
observed. Broadcasting only takes the time it takes on a hub; nobody hears it.
"""

import struct

from hubos import aio, link
from hubos.errors import hub_oserror

# How long the radio commands take (µs of virtual time), as the driver runs
# them: it reaches a waiting command at its next 1 ms turn, then waits for the
# Bluetooth chip to confirm it (about a millisecond per command over the
# chip's serial line). Starting to broadcast sets the advertising parameters,
# the data and the enable flag; changing the data sets only the data.
RADIO_TURN_US = 1000
CHIP_COMMAND_US = 1000
START_BROADCAST_US = RADIO_TURN_US + 2 * CHIP_COMMAND_US
CHANGE_BROADCAST_US = RADIO_TURN_US + CHIP_COMMAND_US
STOP_BROADCAST_US = RADIO_TURN_US + CHIP_COMMAND_US
# Scanning is started without waiting for the chip (the driver does not wait).
START_OBSERVING_US = RADIO_TURN_US

# Room for user data in one advertisement: 31 bytes less 5 of header.
MAX_PAYLOAD = 26

# What signal_strength() says, and what makes observe() say None, when the
# channel was not heard in the last second (INT8_MIN in the firmware).
NOTHING_HEARD_DBM = -128

# The version string of the Bluetooth chip's firmware. The SPIKE Prime and
# Essential hubs (and the firmware's virtual hub) use the btstack driver,
# which returns this fixed text (bluetooth_btstack.c); the Technic, City and
# Move hubs read theirs from the chip at start-up, so there is no fixed value
# to copy for them, and a program only ever shows it. We give every hub the
# Prime hub's value, the hub brickclass robots carry.
CHIP_VERSION = "v1.4"

# Type codes of the broadcast encoding (3 bits, sent over the air).
_SINGLE, _TRUE, _FALSE, _INT, _FLOAT, _STR, _BYTES = range(7)


def _link():
    return link.get()


def _exact_int(value):
    """Like MicroPython's mp_obj_get_int: ints and bools only (no float truncation)."""
    if isinstance(value, int):
        return int(value)
    raise TypeError(f"can't convert {type(value).__name__} to int")


class _Radio:
    """The hub's one Bluetooth chip, shared by every BLERadio (and hub.ble)."""

    def __init__(self):
        self.broadcasting = None  # the advertisement being sent, or None
        self.busy_until = 0  # a command is pending until then (µs)
        self.observing = False
        # The channels of the newest BLERadio: the firmware keeps one table
        # for the driver, so a newer radio's channels replace an older one's.
        self.channels = None

    def command(self, now, cost):
        """Start a radio command at ``now``; the time it is done."""
        if now < self.busy_until:
            raise hub_oserror("EBUSY")
        self.busy_until = now + cost
        return self.busy_until


_RADIO = _Radio()


def _append(payload, kind, raw):
    if len(payload) + 1 + len(raw) > MAX_PAYLOAD:
        raise ValueError("payload limited to 26 bytes")
    payload.append(kind << 5 | len(raw))
    payload.extend(raw)


def _float32(value):
    try:
        return struct.pack("<f", value)
    except OverflowError:
        # C converts an out-of-range double to an infinite float.
        return struct.pack("<f", float("inf") if value > 0 else float("-inf"))


def _encode(payload, value):
    """Add one value to the broadcast payload, as pb_module_ble_encode does."""
    if value is True:
        _append(payload, _TRUE, b"")
    elif value is False:
        _append(payload, _FALSE, b"")
    elif isinstance(value, int):
        for fmt, low, high in (("<b", -(1 << 7), 1 << 7), ("<h", -(1 << 15), 1 << 15), ("<i", -(1 << 31), 1 << 31)):
            if low <= value < high:
                _append(payload, _INT, struct.pack(fmt, value))
                return
        raise OverflowError("integers are limited to 32 bits")
    elif isinstance(value, float):
        _append(payload, _FLOAT, _float32(value))
    elif isinstance(value, str):
        _append(payload, _STR, value.encode("utf-8"))
    elif isinstance(value, (bytes, bytearray, memoryview)):
        _append(payload, _BYTES, bytes(value))
    else:
        raise TypeError("must be True, False, int, float, str or bytes")


def _payload(data):
    """The bytes a broadcast of ``data`` sends: one value, or a tuple/list of values."""
    payload = bytearray()
    if isinstance(data, (tuple, list)):
        values = list(data)
    else:
        payload.append(_SINGLE << 5)
        values = [data]
    for value in values:
        _encode(payload, value)
    return bytes(payload)


def _channel_list(observe_channels):
    try:
        count = len(observe_channels)
    except TypeError:
        raise TypeError(f"object of type '{type(observe_channels).__name__}' has no len()") from None
    if count > 255:
        raise ValueError("Too many observe channels")
    if count and not hasattr(observe_channels, "__getitem__"):
        raise TypeError(f"'{type(observe_channels).__name__}' object isn't subscriptable")
    channels = []
    for index in range(count):
        channel = _exact_int(observe_channels[index])
        if not 0 <= channel <= 255:
            raise ValueError("observe channel must be 0 to 255")
        channels.append(channel)
    return channels


class BLERadio:
    """Broadcast data to other hubs and observe theirs, without a connection."""

    def __init__(self, broadcast_channel=None, observe_channels=()):
        hub_link = _link()
        start = hub_link.spend()
        if broadcast_channel is not None and not 0 <= _exact_int(broadcast_channel) <= 255:
            raise ValueError("Broadcast channel must be 0 to 255 or None")
        channels = _channel_list(observe_channels)
        self._broadcast_channel = broadcast_channel
        self._last = aio.Resource()
        _RADIO.channels = channels
        if channels:
            aio.assert_blocking()
            cost = 0 if _RADIO.observing else START_OBSERVING_US
            done = _RADIO.command(start, cost)
            _RADIO.observing = True
            hub_link.wait_until(done)

    def broadcast(self, data):
        hub_link = _link()
        start = hub_link.spend()
        if self._broadcast_channel is None:
            raise RuntimeError("no broadcast channel selected")
        if data is None:
            payload = None
        else:
            # The channel byte goes out with the data, after the user's values are encoded.
            payload = _payload(data) + bytes([_exact_int(self._broadcast_channel) & 0xFF])
        if payload is None:
            cost = 0 if _RADIO.broadcasting is None else STOP_BROADCAST_US
        elif payload == _RADIO.broadcasting:
            cost = 0  # the same data again: the driver skips the work
        elif _RADIO.broadcasting is None:
            cost = START_BROADCAST_US
        else:
            cost = CHANGE_BROADCAST_US
        done = _RADIO.command(start, cost)
        _RADIO.broadcasting = payload

        def finished():
            if hub_link.now >= done:
                return True
            hub_link.wake_at(done)
            return False

        return aio.wait_or_await(finished, block=lambda: hub_link.wait_until(done), resource=self._last)

    def _heard(self, channel):
        """What was heard on a channel: nothing, on a desk with no other hub."""
        _link().spend()
        number = _exact_int(channel) & 0xFF  # the driver's table holds 8-bit channel numbers
        if _RADIO.channels is None or number not in _RADIO.channels:
            raise ValueError("channel not configured")
        return NOTHING_HEARD_DBM

    def observe(self, channel, /):
        self._heard(channel)
        return None

    def signal_strength(self, channel, /):
        return self._heard(channel)

    def version(self):
        _link().spend()
        return CHIP_VERSION

    def __repr__(self):
        return "<BLERadio>"


# The hub classes' default for observe_channels: the empty tuple, which is one
# object in MicroPython as in CPython, so ``()`` given by the program is it too.
NO_CHANNELS = ()

# Since 4.0 the radio lives in pybricks.messaging. A program that still gives
# the channels to the hub class gets its radio as hub.ble, and the hub prints
# this reminder first (pb_type_BLE_new in pb_type_ble_radio.c).
_MOVED_NOTICE = (
    "Hub messaging has been moved. You should use:\n\n"
    "from pybricks.messaging import BLERadio\n"
    "radio = BLERadio(broadcast_channel, observe_channels)\n\n"
)


def hub_ble(broadcast_channel, observe_channels):
    """What hub.ble is: None, unless the program gave the hub class channels."""
    if broadcast_channel is None and observe_channels is NO_CHANNELS:
        return None
    print(_MOVED_NOTICE, end="")
    return BLERadio(broadcast_channel, observe_channels)

