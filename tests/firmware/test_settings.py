"""The settings a program reads from motor.control and drive_base.settings() are the hub's.

Expected numbers are worked out by hand from servo.c / drivebase.c and the
motor models in servo_settings.c (e.g. SPIKE Medium: nominal torque =
178956 * 7500 / 8071 = 166295 µNm; kp = 166295 / 11).
"""

from __future__ import annotations

import pytest

from brickclass.simulator.firmware.drivebase import DriveBase
from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.firmware.settings import servo_control_settings, servo_observer_settings


@pytest.mark.parametrize(("kind", "torque", "kp", "ki", "kd"), [
    ("spike-medium", 199, 15117, 7558, 1889),
    ("spike-large", 560, 42484, 21242, 5310),
])
def test_spike_motor_defaults_match_the_firmware(kind, torque, kp, ki, kd):
    settings = servo_control_settings(kind, 1000, 0)
    assert settings.trajectory_limits() == (1000, 2000, 2000)
    assert settings.actuation_limit() == torque
    assert settings.pid() == (kp, ki, kd, 8, 15)
    assert settings.target_tolerances() == (50, 11)
    assert settings.stall_tolerances() == (20, 200)


def test_the_small_spike_motor_is_slower_and_runs_on_6_volts():
    settings = servo_control_settings("spike-small", 1000, 0)
    assert settings.trajectory_limits() == (620, 2000, 2000)
    # 178956 * 6000 / 17203 = 62415 µNm at its 6 V limit.
    assert settings.actuation_limit() == 62
    assert settings.pid()[0] == 62415 // 11


def test_a_precision_profile_changes_tolerance_and_gains_but_not_damping():
    precise = servo_control_settings("spike-medium", 1000, 5)
    assert precise.target_tolerances() == (50, 5)
    assert precise.pid()[:3] == (166295 // 5, 166295 // 5 // 2, 1889)
    with pytest.raises(PbioError) as error:
        servo_control_settings("spike-medium", 1000, 4)
    assert error.value.code is ErrorCode.INVALID_ARG


def test_gears_scale_what_the_program_sees_at_the_output():
    # 12:36 gears: three motor turns per output turn.
    settings = servo_control_settings("spike-medium", 3000, 0)
    assert settings.trajectory_limits() == (333, 666, 666)
    assert settings.target_tolerances() == (16, 3)


def test_the_observer_stall_settings():
    settings = servo_control_settings("spike-medium", 1000, 0)
    observer = servo_observer_settings("spike-medium", settings)
    # Stall speed and time, friction voltage * 2.5 (2147 * 21413 / 47606 = 965 mV), ratio, gains, thresholds.
    assert observer.all() == [20_000, 2000, 2412, 75, 45, 315, 20_000, 500]


class TestLimitsAProgramMaySet:
    def test_a_speed_limit_must_be_between_10_and_2000_deg_per_s(self):
        settings = servo_control_settings("spike-medium", 1000, 0)
        settings.set_trajectory_limits(500, 1000, 3000)
        assert settings.trajectory_limits() == (500, 1000, 3000)
        for speed in (0, 9, 2001):
            with pytest.raises(PbioError):
                settings.set_trajectory_limits(speed, 1000, 1000)

    def test_accelerations_between_50_and_20000(self):
        settings = servo_control_settings("spike-medium", 1000, 0)
        with pytest.raises(PbioError):
            settings.set_trajectory_limits(500, 49, 1000)
        with pytest.raises(PbioError):
            settings.set_trajectory_limits(500, 1000, 20001)

    def test_torque_up_to_1000_mnm(self):
        settings = servo_control_settings("spike-medium", 1000, 0)
        settings.set_actuation_limit(100)
        assert settings.actuation_limit() == 100
        for torque in (0, 1001):
            with pytest.raises(PbioError):
                settings.set_actuation_limit(torque)

    def test_negative_gains_are_refused(self):
        settings = servo_control_settings("spike-medium", 1000, 0)
        with pytest.raises(PbioError):
            settings.set_pid(-1, 0, 0, 8, 15)
        settings.set_pid(20000, 0, 1000, 0, 100)
        assert settings.pid() == (20000, 0, 1000, 0, 100)


class TestDriveBaseDefaults:
    """56 mm wheels, 112 mm apart, two SPIKE Medium motors (as on the rover)."""

    @pytest.fixture
    def drive_base(self, bench):
        left, _ = bench.servo(direction=1)
        right, _ = bench.servo()
        return DriveBase(left, right, 56_000, 112_000)

    def test_settings_are_derived_from_the_motors(self, drive_base):
        # Scales: 1000 * 114592 / 56000 = 2046 mdeg per mm; 1000 * 112 / 56 = 2000 mdeg per degree.
        # Straight: 40 % of 1000 deg/s = 400000 / 2046 = 195 mm/s; 3/4 of 2000 deg/s² = 733 mm/s².
        # Turn: a third of 1000 deg/s = 333333 / 2000 = 166 deg/s; 1500000 / 2000 = 750 deg/s².
        assert drive_base.drive_settings() == (195, 733, 733, 166, 750, 750)

    def test_controllers_use_half_the_motor_gain_and_no_integral(self, drive_base):
        distance = drive_base.control_distance.settings
        heading = drive_base.control_heading.settings
        assert distance.pid() == (7558, 0, 1889, 3, 7)
        assert heading.pid() == (7558, 0, 1889, 4, 7)
        # Where half gain still gives full torque: 199554000 / 7558 = 26402 mdeg.
        assert distance.target_tolerances() == (24, 12)
        assert heading.target_tolerances() == (25, 13)
        # Heading wins when both push their limits.
        assert heading.actuation_max == 2 * distance.actuation_max

    def test_settings_are_checked_like_the_hub_does(self, drive_base):
        drive_base.set_drive_settings(500, 1000, 1000, 500, 2000, 2000)
        assert drive_base.drive_settings() == (488, 1000, 1000, 500, 2000, 2000)
        with pytest.raises(PbioError):
            drive_base.set_drive_settings(500, 0, 1000, 500, 2000, 2000)
        with pytest.raises(PbioError):
            drive_base.set_drive_settings(2000, 1000, 1000, 500, 2000, 2000)
