"""Bluetooth peripherals (remote, train, Mario, Technic move hub).

The simulated world has no such devices in range, so connecting behaves as a
hub alone on a desk: it searches for ``timeout`` milliseconds and then raises
``OSError`` ETIMEDOUT, as the firmware does.
"""

from hubos import aio, link
from hubos.args import get_positive_int, get_str_bytes
from hubos.errors import hub_oserror

# A wait with no end is done in steps of this much virtual time (µs).
FOREVER_STEP_US = 1_000_000

# The longest name a LEGO hub or remote can have (LWP3_MAX_HUB_PROPERTY_NAME_SIZE).
NAME_BYTES = 14


def check_name_filter(name, limit=NAME_BYTES):
    """The name to search for (None: any) must fit the firmware's ``limit`` bytes."""
    if name is not None and len(get_str_bytes(name)) > limit:
        raise ValueError("Name too long")


def check_new_name(name, limit=NAME_BYTES):
    """A name to give a connected device: 1 to ``limit`` bytes."""
    length = len(get_str_bytes(name))
    if length == 0 or length > limit:
        raise ValueError("bad name length")


def search_timeout_ms(timeout):
    """How the Bluetooth classes store timeout: 0 searches forever, else one millisecond more."""
    if timeout is None:
        return 0
    return get_positive_int(timeout) + 1


def fail_at(end_us, error, resource=None):
    """Block until ``end_us`` (None: forever), then raise ``error``; an awaitable inside run_task."""
    hub_link = link.get()
    if not aio.loop_active():
        if end_us is None:
            # Nothing will ever answer: this lasts until the program is stopped.
            while True:
                hub_link.wait_until(hub_link.now + FOREVER_STEP_US)
        hub_link.wait_until(end_us)
        raise hub_oserror(error)

    def over():
        if end_us is not None and hub_link.now >= end_us:
            return True
        hub_link.wake_at(hub_link.now + FOREVER_STEP_US if end_us is None else end_us)
        return False

    def fail():
        raise hub_oserror(error)

    operation = aio.Operation(over, fail)
    if resource is not None:
        resource.replace(operation)
    return operation


class LWP3Device:
    """A LEGO Bluetooth device the hub connects to by itself."""

    def __init__(self, name=None, timeout=10000, connect=True):
        aio.assert_blocking()
        check_name_filter(name)
        self._timeout_ms = search_timeout_ms(timeout)
        self._connected = False
        if connect:
            self.connect()

    def connect(self):
        start_us = link.get().spend()
        # Nothing ever answers in the simulator: search, then give up.
        end_us = None if not self._timeout_ms else (start_us // 1000 + self._timeout_ms) * 1000
        return fail_at(end_us, "ETIMEDOUT")

    def disconnect(self):
        link.get().spend()
        self._connected = False

    def name(self, name=None):
        link.get().spend()
        if name is not None:
            check_new_name(name)
        self._require()
        return None

    def read(self):
        link.get().spend()
        self._require()

    def write(self, buf):
        link.get().spend()
        self._require()

    def _require(self):
        if not self._connected:
            raise hub_oserror("ENODEV")


class _Unreachable:
    """A part of a device that never connected: every use says so."""

    def __getattr__(self, name):
        raise hub_oserror("ENODEV")


class Remote(LWP3Device):
    address = None

    # A remote that connected would have these; in the simulator none ever does.
    @property
    def buttons(self):
        self._require()
        return _Unreachable()

    @property
    def light(self):
        self._require()
        return _Unreachable()


class TechnicMoveHub(LWP3Device):
    def drive(self, speed, steering):
        self._require()


class MarioHub(LWP3Device):
    def color(self):
        self._require()

    def hsv(self):
        self._require()

    def detectable_colors(self, colors=None):
        self._require()


class DuploTrain(LWP3Device):
    def drive(self, speed):
        self._require()

    def headlights(self, color):
        self._require()

    def sound(self, sound):
        self._require()

    def speed(self):
        self._require()

    def color(self):
        self._require()
