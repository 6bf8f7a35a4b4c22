"""The hub classes: each puts together the built-in parts its hub has (see ``_common``)."""

from pybricks._ble import NO_CHANNELS, hub_ble
from pybricks._common import HUB, hub_link
from pybricks._common.battery import Battery, Charger, _BatteryWithType
from pybricks._common.colorlight import ColorLight
from pybricks._common.imu import IMU, _imu_base
from pybricks._common.keypad import Keypad
from pybricks._common.lightmatrix import LightMatrix
from pybricks._common.speaker import Speaker
from pybricks._common.system import System, _ResettableSystem

# The Move Hub's tilt sensor has its own module (integers only, like its firmware).
from pybricks._movehub_imu import SimpleAccelerometer
from pybricks.parameters import Axis


class _Hub:
    _buttons = ("CENTER",)
    _single_button = True
    _battery_type = True
    _has_light = True
    _knows_reset_reason = True

    def _setup(self):
        # Unlike devices, a hub object may be made inside run_task() too.
        # With it, where the IMU made just before points the program's x axis.
        hub_link().call(HUB, "init", [type(self).__name__, _imu_base[:] or None])
        _imu_base[:] = []
        # On a hub the battery and the system are modules: one object each.
        self.battery = _singleton(_BatteryWithType if self._battery_type else Battery)
        self.buttons = Keypad(self._buttons, self._single_button)
        if self._single_button:
            # Hubs with one button also answer to the old name.
            self.button = self.buttons
        if self._has_light:
            self.light = ColorLight()
        self.system = _singleton(_ResettableSystem if self._knows_reset_reason else System)


_singletons = {}


def _singleton(cls):
    if cls not in _singletons:
        _singletons[cls] = cls()
    return _singletons[cls]


# Every hub class takes broadcast_channel and observe_channels after its own
# arguments and makes hub.ble from them (pb_type_*hub.c, with
# PYBRICKS_PY_MESSAGING_BLE_RADIO_OLD on): None unless channels are given.
# The radio is made first, as the firmware does.


class PrimeHub(_Hub):
    _buttons = ("LEFT", "RIGHT", "CENTER", "BLUETOOTH")
    _single_button = False

    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        imu = IMU(top_side, front_side)
        self._setup()
        self.charger = Charger()
        self.display = LightMatrix(5, 5)
        self.imu = imu
        self.speaker = Speaker()


class InventorHub(PrimeHub):
    pass


class EssentialHub(_Hub):
    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        imu = IMU(top_side, front_side)
        self._setup()
        self.charger = Charger()
        self.imu = imu


class TechnicHub(_Hub):
    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        imu = IMU(top_side, front_side)
        self._setup()
        self.imu = imu


class CityHub(_Hub):
    def __init__(self, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        self._setup()


class MoveHub(_Hub):
    _battery_type = False

    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        imu = SimpleAccelerometer(top_side, front_side)
        self._setup()
        self.imu = imu


class VirtualHub(_Hub):
    """The firmware's virtual hub (no light, display or IMU of its own).

    It takes top_side and front_side like the other hubs and ignores them
    (pb_type_virtualhub.c). Its buttons are LEFT, RIGHT, CENTER, UP, DOWN and
    LEFT_UP; the firmware has not made its light yet, so hub.light is missing.
    """

    _buttons = ("LEFT", "RIGHT", "CENTER", "UP", "DOWN", "LEFT_UP")
    _single_button = False
    _has_light = False
    _knows_reset_reason = False

    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        self._setup()


ALL_HUBS = {
    "PrimeHub": PrimeHub,
    "InventorHub": InventorHub,
    "EssentialHub": EssentialHub,
    "TechnicHub": TechnicHub,
    "CityHub": CityHub,
    "MoveHub": MoveHub,
    "VirtualHub": VirtualHub,
}
