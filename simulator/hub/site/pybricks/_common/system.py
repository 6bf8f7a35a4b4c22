"""Stop button, storage and hub information (pb_type_system.c)."""

from hubos import config, runtime
from hubos.args import expect_type, get_strict_int
from pybricks._common import HUB, hub_class, hub_link
from pybricks.parameters import Button

# How often the hub's system checks for a shutdown request (µs).
SYSTEM_POLL_US = 50_000
# Bytes of user storage (PBSYS_CONFIG_STORAGE_USER_DATA_SIZE of each hub).
_STORAGE_BYTES = {"CityHub": 128, "TechnicHub": 128, "MoveHub": 128}


# The user storage of this run: all zeros when the program starts.
_user_storage = []


def _storage_area():
    if not _user_storage:
        _user_storage.append(bytearray(_STORAGE_BYTES.get(hub_class(), 512)))
    return _user_storage[0]


def _buffer_bytes(value):
    """The bytes of anything with the buffer protocol (a str gives its UTF-8 bytes)."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, int) or value is None:
        raise TypeError("object with buffer protocol required")
    try:
        return bytes(memoryview(value))
    except TypeError:
        raise TypeError("object with buffer protocol required") from None


def _one_button_hub():
    # PYBRICKS_PY_COMMON_KEYPAD_HUB_BUTTONS: only the Prime hub has more than one.
    return hub_class() not in ("PrimeHub", "InventorHub")


class System:
    """Program stop button, storage, hub information (pb_type_system.c)."""

    def set_stop_button(self, button, /):
        names = []
        if not button:
            names = []
        elif _one_button_hub():
            # A hub with one button: anything that is true means that button.
            names = ["CENTER"]
        elif isinstance(button, Button):
            names = [button.name]
        else:
            # Several buttons, else one; if reading them fails, the whole
            # argument must have been one button.
            try:
                for item in button:
                    names.append(expect_type(item, Button).name)
            except Exception:
                raise TypeError(f"can't convert {type(button).__name__} to Button") from None
        hub_link().call(HUB, "stop_button", [names])

    def name(self):
        hub_link().spend()
        return config.HUB_NAME

    def storage(self, offset, read=None, write=None):
        offset = get_strict_int(offset)
        area = _storage_area()
        if read is not None and write is None:
            size = get_strict_int(read)
            hub_link().spend()
            if offset < 0 or size < 0 or offset + size > len(area):
                raise ValueError("Invalid argument")
            return bytes(area[offset:offset + size])
        if write is not None and read is None:
            data = _buffer_bytes(write)
            hub_link().spend()
            if offset < 0 or offset + len(data) > len(area):
                raise ValueError("Invalid argument")
            area[offset:offset + len(data)] = data
            return None
        raise TypeError("Must set either read (int) or write (bytes).")

    def reset_storage(self):
        area = _storage_area()
        area[:] = bytes(len(area))
        # The saved settings (the IMU's too) go back to their defaults.
        hub_link().call(HUB, "reset_storage", [])

    def shutdown(self):
        # On a hub this only asks the system to power off, then waits: the
        # system's next poll (every 50 ms, pbsys core.c / program_stop.c)
        # aborts the program and the hub turns off. Our poll runs on the
        # 50 ms marks of the program's clock.
        world = hub_link()
        at = world.spend()
        world.wait_until((at // SYSTEM_POLL_US + 1) * SYSTEM_POLL_US)
        world.call(HUB, "shutdown", [])
        runtime.power_off()

    def info(self):
        hub_link().spend()
        this_hub = hub_class()
        info = {"name": config.HUB_NAME}
        if this_hub != "VirtualHub":
            # Powered off normally before this program (PBDRV_CONFIG_RESET).
            info["reset_reason"] = 0
        # Started from the app over Bluetooth; no USB cable.
        info["host_connected_ble"] = True
        if this_hub in ("PrimeHub", "InventorHub", "EssentialHub", "VirtualHub"):
            info["host_connected_usb"] = False
        info["program_id"] = 0
        info["program_start_type"] = 3
        return info


class _ResettableSystem(System):
    """The system of a hub that knows why it last reset (all but the virtual hub)."""

    def reset_reason(self):
        hub_link().spend()
        return 0
