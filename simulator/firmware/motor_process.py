"""The firmware's motor process: every 5 ms, drive bases first, then every motor.

Like pbio's motor_process.c, with the per-port motor objects pbio keeps in
static arrays: one ``DCMotor`` and one ``Servo`` per physical motor, made
the first time a program asks for that port and reused afterwards, so a
second ``Motor(Port.A)`` meets the first one (and gets EBUSY, as on a hub).
"""

from __future__ import annotations

from brickclass.simulator.firmware.battery import Battery
from brickclass.simulator.firmware.dcmotor import DCMotor, Plant
from brickclass.simulator.firmware.drivebase import DriveBase
from brickclass.simulator.firmware.intmath import to_low_res
from brickclass.simulator.firmware.servo import Clock, Servo


class FirmwareClock:
    """The hub's clock as the firmware reads it (µs since the program started)."""

    __slots__ = ("now_us",)

    def __init__(self) -> None:
        self.now_us = 0


class MotorProcess:
    def __init__(self) -> None:
        self.clock: Clock = FirmwareClock()
        self._own_clock = True
        self.battery = Battery()
        self._battery_known = False
        self.dcmotors: dict[int, DCMotor] = {}
        self.servos: dict[int, Servo] = {}
        self._servo_list: list[Servo] = []
        self.drive_bases: list[DriveBase] = []

    def use_clock(self, clock: Clock) -> None:
        """Read time from the world's clock (commands arrive between ticks)."""
        if clock is self.clock:
            return
        self.clock = clock
        self._own_clock = False
        for servo in self._servo_list:
            servo.clock = clock
        for drive_base in self.drive_bases:
            drive_base.clock = clock

    # --- the ports ---------------------------------------------------------------------

    def dcmotor(self, plant: Plant) -> DCMotor:
        """The firmware's motor driver for this physical motor."""
        motor = self.dcmotors.get(id(plant))
        if motor is None:
            if not self._battery_known:
                # The hub measured its battery when it started.
                self.battery.start(plant.battery_mv)
                self._battery_known = True
            motor = DCMotor(plant, self.battery)
            self.dcmotors[id(plant)] = motor
        return motor

    def servo(self, plant: Plant) -> Servo:
        """The firmware's servo for this physical motor (it runs once set up)."""
        servo = self.servos.get(id(plant))
        if servo is None:
            servo = Servo(self.dcmotor(plant), self.clock)
            self.servos[id(plant)] = servo
            self._servo_list.append(servo)
        return servo

    def add_drive_base(self, drive_base: DriveBase) -> None:
        self.drive_bases.append(drive_base)

    def angle_read(self, plant: Plant) -> int:
        """What ``Motor.angle()`` reads for this motor now, in degrees.

        With the program's direction, gears and ``reset_angle`` if a program has
        set the motor up (even one that has ended); otherwise the encoder's count.
        """
        servo = self.servos.get(id(plant))
        if servo is None:
            return plant.encoder_deg()
        return to_low_res(servo.tacho_angle(), servo.control.settings.ctl_steps_per_app_step)

    # --- running -----------------------------------------------------------------------

    def tick(self, time_us: int) -> None:
        """One control period at ``time_us``: read every encoder, set every motor's drive."""
        if self._own_clock:
            self.clock.now_us = time_us
        now = time_us // 100
        if self._battery_known:
            for motor in self.dcmotors.values():
                self.battery.update(motor.plant.battery_mv)
                break
        for drive_base in self.drive_bases:
            # Only a driving (or holding) drive base has work to do.
            if drive_base.control_distance.type and drive_base.control_heading.type and \
                    drive_base.update_loop_is_running():
                drive_base.update(now)
        for servo in self._servo_list:
            if servo.run_update_loop:
                servo.update(now)

    def stop_all(self) -> None:
        """The program has ended: every motor coasts and forgets its objects."""
        for motor in self.dcmotors.values():
            motor.reset(True)
        self.drive_bases.clear()
