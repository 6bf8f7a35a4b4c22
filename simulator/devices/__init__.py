"""The devices a program can create, as the world keeps them.

``DeviceBoard`` is the hub's port table: it knows what the robot model has
plugged into each port and builds the world-side device when the program
asks for one. Asking for a device the port does not hold raises the firmware's
NO_DEV error, which the hub process turns into ``OSError`` ENODEV with the
hub's hint, exactly as a hub does with a wrong or empty port.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from brickclass.robots.models import PortSpec
from brickclass.simulator.firmware.errors import ErrorCode, PbioError

# Which device in the robot file each pupdevices class needs on its port.
NEEDS_DEVICE = {
    "Motor": "motor",
    "DCMotor": "motor",
    "ColorSensor": "color",
    "ColorDistanceSensor": "colordistance",
    "UltrasonicSensor": "ultrasonic",
    "ForceSensor": "force",
}
# Built from other devices, not plugged into a port.
COMPOSITE: Final = ("DriveBase", "Car")


@dataclass
class PortSlot:
    """One port of the hub and what is plugged into it."""

    name: str
    spec: PortSpec | None
    sensor: Any = None
    devices: list[Any] = field(default_factory=list)
    # The raw protocol view of the device (iodevices.PUPDevice), made on first use.
    lump: Any = None


class DeviceBoard:
    def __init__(self, world: Any) -> None:
        from brickclass.simulator.devices.hub import HubDevice, StdinDevice

        self.world = world
        self.hub = HubDevice(world)
        self.stdin = StdinDevice(world)
        self.ports = {name: PortSlot(name, spec) for name, spec in world.robot_spec.ports.items()}
        self.sensors: list[Any] = []
        self.lump_devices: list[Any] = []
        self.drive_bases: list[Any] = []
        # Motors and drive bases: what they read when the motors stop is what they read after.
        self.moving_parts: list[Any] = []

    def fixed_objects(self) -> dict[str, Any]:
        return {"hub": self.hub, "stdin": self.stdin}

    def create(self, kind: str, port: str | None, options: dict[str, Any]) -> Any:
        world = self.world
        device = self._create(kind, port, options)
        world.events.add(f"device:{kind}" + (f":{port}" if port else ""))
        return device

    def _create(self, kind: str, port: str | None, options: dict[str, Any]) -> Any:
        from brickclass.simulator.devices import motors, sensors

        world = self.world
        if kind in COMPOSITE:
            if kind == "DriveBase":
                device = motors.DriveBaseDevice(world, options)
                self.drive_bases.append(device)
                self.moving_parts.append(device)
                return device
            return motors.CarDevice(world, options)
        if kind == "PUPDevice":
            return self._lump_device(port)
        needed = NEEDS_DEVICE.get(kind)
        slot = self.ports.get(port or "")
        if needed is None or slot is None or slot.spec is None or slot.spec.device != needed:
            raise PbioError(ErrorCode.NO_DEV)
        if needed == "motor":
            motor = motors.MotorDevice(world, world.shafts[slot.name], kind, options)
            self.moving_parts.append(motor)
            return motor
        # A sensor object is a view of the port's one LUMP device, which every
        # object on that port (another sensor object, a PUPDevice) shares.
        view = sensors.VIEWS[needed](world, slot, self._lump_device(slot.name))
        if slot.sensor is None:
            # The first object on a port is the one the window shows.
            slot.sensor = view
            self.sensors.append(view)
        return view

    def _lump_device(self, port: str | None) -> Any:
        """Any LEGO UART device, whatever it is; ENODEV for an empty port."""
        from brickclass.simulator.devices.lump import LumpDevice, type_id_for

        slot = self.ports.get(port or "")
        type_id = type_id_for(slot.spec) if slot is not None else None
        if slot is None or type_id is None:
            raise PbioError(ErrorCode.NO_DEV)
        if slot.lump is None:
            # Every PUPDevice on a port talks to the same device.
            slot.lump = LumpDevice(self.world, slot, type_id)
            self.lump_devices.append(slot.lump)
        return slot.lump

    def sample_sensors(self) -> None:
        for device in self.lump_devices:
            device.sample()

    def note_last_readings(self) -> None:
        """Just before every motor stops (the program ended, time is up): what each reads now stays."""
        for device in self.moving_parts:
            device.readings()

    def gyro_in_use(self) -> bool:
        return any(getattr(base, "uses_gyro", False) for base in self.drive_bases)
