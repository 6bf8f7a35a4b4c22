"""The battery (pb_type_battery.c) and the charger (pb_type_charger.c)."""

from hubos.errors import hub_oserror
from pybricks._common import HUB, hub_class, hub_link

# Battery chemistry each hub reports (PBDRV_CONFIG_BATTERY_ADC_TYPE; the
# Technic hub detects it, and takes AA batteries; the virtual hub says Li-ion).
_BATTERY_TYPES = {"PrimeHub": "Li-ion", "InventorHub": "Li-ion", "EssentialHub": "Li-ion",
                  "VirtualHub": "Li-ion", "CityHub": "Alkaline", "TechnicHub": "Alkaline"}
# Hubs with a thermistor at the battery (PBDRV_CONFIG_BATTERY_ADC_TEMPERATURE),
# and the room temperature our hubs read there (millidegrees Celsius).
_BATTERY_THERMISTOR = ("PrimeHub", "InventorHub", "EssentialHub")
_ROOM_TEMPERATURE_MC = 23000


class Battery:
    """The battery (a module on the hub: the same object for every hub object)."""

    def voltage(self):
        return hub_link().read(HUB, "battery_voltage")

    def current(self):
        if hub_class() == "VirtualHub":
            # The virtual hub's battery cannot measure current (battery_test.c).
            hub_link().spend()
            raise hub_oserror("EOPNOTSUPP")
        return hub_link().read(HUB, "battery_current")


class _BatteryWithType(Battery):
    """Every hub but the Move hub also tells its battery type and temperature."""

    def type(self):
        hub_link().spend()
        return _BATTERY_TYPES.get(hub_class(), "Unknown")

    def temperature(self):
        hub_link().spend()
        if hub_class() not in _BATTERY_THERMISTOR:
            raise hub_oserror("EOPNOTSUPP")
        return _ROOM_TEMPERATURE_MC


class Charger:
    """The charger of a hub with a rechargeable battery, here unplugged."""

    def connected(self):
        # The firmware returns the USB charger type as a number (pbdrv_usb_get_bcd):
        # 0 for none, not False.
        hub_link().spend()
        return 0

    def status(self):
        hub_link().spend()
        return 0

    def current(self):
        hub_link().spend()
        return 0
