"""Bluetooth peripherals (remote, train, Mario, Technic move hub).

The simulated world has no such devices in range, so connecting behaves as a
hub alone on a desk: it searches for ``timeout`` milliseconds and then raises
``OSError`` ETIMEDOUT, as the firmware does.
"""

from hubos import aio, link
from hubos.args import get_int
from hubos.errors import hub_oserror


class LWP3Device:
    """A LEGO Bluetooth device the hub connects to by itself."""

    def __init__(self, name=None, timeout=10000, connect=True):
        aio.assert_blocking()
        if name is not None and not isinstance(name, str):
            raise TypeError("can't convert {} to str".format(type(name).__name__))
        self._name = name
        self._timeout = get_int(timeout) if timeout is not None else None
        self._connected = False
        if connect:
            self.connect()

    def connect(self):
        hub_link = link.get()
        start = hub_link.spend()
        if self._timeout is None:
            # Search forever: nothing will ever answer in the simulator.
            while True:
                hub_link.wait_until(hub_link.now + 1000000)
        hub_link.wait_until((start // 1000 + self._timeout) * 1000)
        raise hub_oserror("ETIMEDOUT")

    def disconnect(self):
        link.get().spend()
        self._connected = False

    def name(self, name=None):
        link.get().spend()
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
