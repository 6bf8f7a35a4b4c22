"""pybricks.iodevices on a Powered Up hub: raw devices on the ports and Bluetooth gadgets.

Which classes exist depends on the hub, as in each hub's firmware build
(``PYBRICKS_PY_IODEVICES_*`` in ``bricks/<hub>/mpconfigport.h`` of the
firmware we follow, 2ced53d2f): SPIKE Prime/Robot Inventor, Essential and
Technic hubs have LWP3Device, PUPDevice, UARTDevice and XboxController; the
City hub has no XboxController; the virtual hub only LWP3Device and
XboxController; the Move hub has no iodevices module at all. The EV3/NXT
classes (LUMPDevice, DCMotor, AnalogSensor, I2CDevice) are on no Powered Up
hub, and this firmware has no PlayStationController yet.

- ``PUPDevice`` talks to the motor or sensor on a port through its raw
  protocol; the world answers for the device the robot has there
  (``simulator/devices/lump.py``), ENODEV for an empty port.
- ``XboxController`` and ``LWP3Device`` behave as on a hub alone on a desk:
  they search for ``timeout`` ms and raise ``OSError`` ETIMEDOUT (the Xbox
  controller tries twice, 2 s apart, as its firmware does).
- ``UARTDevice`` is a serial port with nothing on the other end: writes go
  out at the baud rate, reads wait for ``timeout`` and raise ETIMEDOUT.
"""

from hubos import aio as _aio
from hubos import config as _config
from hubos import link as _link
from hubos.args import expect_type as _expect_type
from hubos.args import get_int as _get_int
from hubos.args import get_pct as _get_pct
from hubos.args import get_positive_int as _get_positive_int
from hubos.args import get_strict_int as _obj_get_int
from hubos.args import is_array as _is_array
from hubos.errors import hub_oserror as _hub_oserror
from pybricks._device import Device as _Device
from pybricks._device import wait_until_ready as _wait_until_ready
from pybricks._remote import check_name_filter as _check_name_filter
from pybricks._remote import check_new_name as _check_new_name
from pybricks._remote import fail_at as _fail_at
from pybricks._remote import search_timeout_ms as _search_timeout_ms
from pybricks.parameters import Port as _Port

_HUB = _config.HUB_CLASS
if _HUB == "MoveHub":
    raise ImportError("no module named 'pybricks.iodevices'")


def _invalid_argument():
    # pb_assert(PBIO_ERROR_INVALID_ARG)
    return ValueError("Invalid argument")


# --- PUPDevice -----------------------------------------------------------------------------


def _write_item(value):
    """One value for PUPDevice.write as it travels to the world (which checks it as the hub does)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return {"type": type(value).__name__}


class PUPDevice(_Device):
    """A Powered Up motor or sensor, seen through its modes (pb_type_iodevices_pupdevice.c)."""

    _kind = "PUPDevice"

    def __init__(self, port):
        self._attach(port, {})

    def info(self):
        described = self._call("info")
        modes = tuple(tuple(mode) for mode in described["modes"])
        return {"id": described["id"], "modes": modes}

    def _when_ready(self, result):
        """Wait until the device has fresh data (or took what was written); then ``result()``."""
        return _wait_until_ready(self._link, self._id, result, self._resource)

    def read(self, mode):
        # The firmware keeps the mode in a byte: read(256) is read(0).
        mode = _obj_get_int(mode) & 0xFF
        link_ = self._link
        obj = self._id
        link_.spend()
        # pbio_port_lump_set_mode: nothing to do when the mode is set or being set.
        if link_.peek(obj, "mode") != mode and link_.peek(obj, "current") != mode:
            link_.call(obj, "mode", [mode])
        return self._when_ready(lambda: tuple(link_.peek(obj, "values")))

    def write(self, mode, data):
        mode = _obj_get_int(mode) & 0xFF
        if _is_array(data):
            described = {"items": [_write_item(value) for value in data]}
        else:
            described = {"items": None, "type": type(data).__name__}
        self._call("write", mode, described)
        return self._when_ready(None)

    def reset(self):
        self._call("reset")


# --- Bluetooth devices that never answer ---------------------------------------------------------


class _NotConnected:
    """The part of a controller that needs a connection: every use says there is none."""

    def pressed(self):
        _link.get().spend()
        raise _hub_oserror("ENODEV")


class XboxController:
    """An Xbox controller the hub searches for (pb_type_iodevices_xbox_controller.c)."""

    if _HUB == "TechnicHub":
        # The Technic hub's build has one more option: stay connected to the computer.
        def __init__(self, joystick_deadzone=10, name=None, timeout=10000, connect=True, stay_connected=False):
            self._setup(joystick_deadzone, name, timeout, connect, not stay_connected)
    else:
        def __init__(self, joystick_deadzone=10, name=None, timeout=10000, connect=True):
            self._setup(joystick_deadzone, name, timeout, connect, False)

    # The name filter is kept in a buffer the size of an advertisement (31 bytes) minus 2.
    _NAME_BYTES = 28
    # After a failed first attempt the firmware waits this long and tries once more.
    _RETRY_MS = 2000

    def _setup(self, joystick_deadzone, name, timeout, connect, leave_computer):
        _aio.assert_blocking()
        hub_link = _link.get()
        hub_link.spend()
        self._deadzone = _get_pct(joystick_deadzone)
        self._buttons = _NotConnected()
        self._resource = _aio.Resource()
        self._timeout_ms = _search_timeout_ms(timeout)
        _check_name_filter(name, self._NAME_BYTES)
        if leave_computer:
            print("The hub may disconnect from the computer for better connectivity with the controller.")
            hub_link.wait_until((hub_link.now // 1000 + 500) * 1000)
        if connect:
            self.connect()

    @property
    def buttons(self):
        return self._buttons

    def connect(self):
        start_ms = _link.get().spend() // 1000
        if not self._timeout_ms:
            return _fail_at(None, "ETIMEDOUT", self._resource)
        # Search, fail, wait 2 s, search once more, fail for good.
        end_ms = start_ms + self._timeout_ms + self._RETRY_MS + self._timeout_ms
        return _fail_at(end_ms * 1000, "ETIMEDOUT", self._resource)

    def disconnect(self):
        # Not connected: the firmware's disconnect passes at once.
        _link.get().spend()
        return _aio.until_moment(_link.get().now, resource=self._resource)

    def _require_connection(self):
        _link.get().spend()
        raise _hub_oserror("ENODEV")

    def name(self):
        self._require_connection()

    def state(self):
        self._require_connection()

    def joystick_left(self):
        self._require_connection()

    def joystick_right(self):
        self._require_connection()

    def triggers(self):
        self._require_connection()

    def dpad(self):
        self._require_connection()

    def profile(self):
        self._require_connection()

    def rumble(self, power=100, duration=200, count=1, delay=100):
        _link.get().spend()
        # Checked in the firmware's order; one unit is 10 ms.
        duration = _get_positive_int(duration) // 10
        _get_positive_int(delay)
        count = _get_pct(count)
        if _is_array(power):
            if len(power) != 4:
                raise ValueError("expected 1 number or tuple of 4 values")
            powers = [_get_pct(value) for value in power]
        else:
            powers = [_get_pct(power)] * 2 + [0, 0]
        if not any(powers) or count < 1 or duration < 1:
            return None
        # The firmware sends the command without checking the connection and
        # then waits on whatever the Bluetooth driver last reported; with no
        # controller connected we say so, as every other method does.
        raise _hub_oserror("ENODEV")


_NO_NAME = object()


class LWP3Device:
    """A hub running LEGO's own firmware, reached with the LEGO Wireless Protocol v3."""

    # LWP3_MAX_HUB_PROPERTY_NAME_SIZE (lib/lego/lego/lwp3.h)
    _NAME_BYTES = 14
    _HEADER_BYTES = 3
    _MESSAGE_BYTES = 20

    def __init__(self, hub_kind, name=None, timeout=10000, pair=False, num_notifications=8, connect=True):
        # Checked in the firmware's order (pb_type_lwp3device_make_new).
        count = _obj_get_int(num_notifications)
        if count < 0:
            raise MemoryError("memory allocation failed")
        self._hub_kind = _obj_get_int(hub_kind)
        self._pair = bool(pair)
        _check_name_filter(name, self._NAME_BYTES)
        self._timeout_ms = _search_timeout_ms(timeout)
        _aio.assert_blocking()
        self._resource = _aio.Resource()
        _link.get().spend()
        if connect:
            self.connect()

    def connect(self):
        start_ms = _link.get().spend() // 1000
        if not self._timeout_ms:
            return _fail_at(None, "ETIMEDOUT", self._resource)
        return _fail_at((start_ms + self._timeout_ms) * 1000, "ETIMEDOUT", self._resource)

    def disconnect(self):
        _link.get().spend()
        return _aio.until_moment(_link.get().now, resource=self._resource)

    def name(self, name=_NO_NAME, /):
        _link.get().spend()
        if name is not _NO_NAME:
            _check_new_name(name, self._NAME_BYTES)
        raise _hub_oserror("ENODEV")

    def write(self, buf):
        _link.get().spend()
        if isinstance(buf, str):
            buf = buf.encode("utf-8")
        if not isinstance(buf, (bytes, bytearray, memoryview)):
            raise TypeError("object with buffer protocol required")
        data = bytes(buf)
        if len(data) < self._HEADER_BYTES or len(data) > self._MESSAGE_BYTES:
            raise ValueError("bad length")
        if data[0] != len(data):
            raise ValueError("length in header wrong")
        raise _hub_oserror("ENODEV")

    def read(self):
        _link.get().spend()
        raise _hub_oserror("ENODEV")


# --- UARTDevice ----------------------------------------------------------------------------------


class UARTDevice:
    """A serial port on a hub port, with nothing answering at the other end (pb_type_uart_device.c)."""

    def __init__(self, port, baudrate=115200, timeout=None, power_pin=0):
        if timeout is None:
            self._timeout_ms = 0
        else:
            if _get_int(timeout) < 1:
                raise _invalid_argument()
            self._timeout_ms = _get_int(timeout)
        _expect_type(port, _Port)
        self._port = port
        self._baudrate = 115200
        self.set_baudrate(baudrate)
        self._reading = _aio.Resource()
        self._writing = _aio.Resource()
        self._waiting_for = None
        _power_permission(power_pin)

    def set_baudrate(self, baudrate):
        _link.get().spend()
        baudrate = _get_int(baudrate)
        if baudrate < 1:
            raise _invalid_argument()
        self._baudrate = baudrate

    def _deadline_us(self, start_us):
        if not self._timeout_ms:
            return None
        return (start_us // 1000 + self._timeout_ms) * 1000

    def read(self, length=1):
        start = _link.get().spend()
        length = _get_positive_int(length)
        if length == 0:
            return _aio.until_moment(start, result=lambda: b"", resource=self._reading)
        # No byte ever arrives.
        return _fail_at(self._deadline_us(start), "ETIMEDOUT", self._reading)

    def read_all(self):
        _link.get().spend()
        return b""

    def write(self, data):
        start = _link.get().spend()
        if isinstance(data, str):
            data = data.encode("utf-8")
        elif not isinstance(data, (bytes, bytearray)):
            raise _invalid_argument()
        # Ten bits per byte (start, eight data bits, stop) at the baud rate.
        sending_us = -(-len(data) * 10 * 1_000_000 // self._baudrate)
        deadline = self._deadline_us(start)
        if deadline is not None and start + sending_us >= deadline:
            return _fail_at(deadline, "ETIMEDOUT", self._writing)
        return _aio.until_moment(start + sending_us, resource=self._writing)

    def waiting(self):
        _link.get().spend()
        return 0

    def wait_until(self, pattern):
        _link.get().spend()
        if self._waiting_for is not None:
            raise _hub_oserror("EBUSY")
        if isinstance(pattern, str):
            pattern = pattern.encode("utf-8")
        elif not isinstance(pattern, (bytes, bytearray)):
            raise TypeError(f"can't convert '{type(pattern).__name__}' object to str implicitly")
        if not pattern:
            raise _invalid_argument()
        # The firmware waits for the pattern without a time limit; nothing comes.
        self._waiting_for = bytes(pattern)
        return _fail_at(None, "ETIMEDOUT", self._reading)

    def clear(self):
        _link.get().spend()


def _power_permission(power_pin):
    """pb_module_iodevices_get_requested_power_pin: battery power on pin 1 or 2 needs a yes first."""
    pin = _obj_get_int(power_pin)
    if pin == 0:
        return
    if pin not in (1, 2):
        raise _invalid_argument()
    # A simulated hub starts without the saved answer, so it asks every time.
    print("Custom electronics may damage your LEGO hub. Proceed at your own risk.")
    print("Press Y to proceed. Press N to cancel.")
    hub_link = _link.get()
    answer = hub_link.call("stdin", "read_blocking", [])
    hub_link.check_stop()
    if answer is not None and chr(answer) in "yY":
        print(f"{chr(answer)}. Port power may be enabled.")
        return
    print("Cancelled. Power not enabled.")
    raise _hub_oserror("EOPNOTSUPP")


# The classes this hub's firmware build has.
_ON_THIS_HUB = {
    "CityHub": ("LWP3Device", "PUPDevice", "UARTDevice"),
    "VirtualHub": ("LWP3Device", "XboxController"),
}.get(_HUB, ("LWP3Device", "PUPDevice", "UARTDevice", "XboxController"))
for _name in ("LWP3Device", "PUPDevice", "UARTDevice", "XboxController"):
    if _name not in _ON_THIS_HUB:
        del globals()[_name]
del _name
