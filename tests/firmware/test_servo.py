"""One motor under the firmware's control, as a pupil sees it on the desk.

The motor is the simulator's physical SPIKE motor (``MotorShaft``) stepped
every 5 ms after the firmware's update, like the world does it.
"""

from __future__ import annotations

import pytest

from brickclass.simulator.firmware.control import BRAKE, COAST, COAST_SMART, HOLD
from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.physics.motor import Drive


class TestRunAngle:
    def test_run_angle_500_360_arrives_on_time_and_on_target(self, bench):
        servo, _ = bench.servo()
        servo.run_angle(500, 360, HOLD)
        took = bench.run_until(servo.control.is_done)
        # The plan takes 970 ms; done needs the motor to have settled too.
        assert 970 <= took <= 1100
        angle, _ = servo.state_user()
        assert abs(angle - 360) <= 11  # the position tolerance
        bench.run(500)
        # Holding: the gearbox's friction leaves at most a degree (no integral
        # control within 8 degrees of the target, as on a hub).
        angle, speed = servo.state_user()
        assert abs(angle - 360) <= 1
        assert speed == 0

    def test_it_cruises_at_the_speed_asked(self, bench):
        servo, _ = bench.servo()
        servo.run_angle(500, 720, HOLD)
        bench.run(800)
        assert servo.state_user()[1] == pytest.approx(500, abs=10)

    def test_a_negative_speed_runs_backwards(self, bench):
        servo, _ = bench.servo()
        servo.run_angle(-500, 90, HOLD)
        bench.run_until(servo.control.is_done)
        bench.run(300)
        assert servo.state_user()[0] == pytest.approx(-90, abs=1)

    def test_counterclockwise_motors_count_the_other_way(self, bench):
        servo, shaft = bench.servo(direction=1)
        servo.run_angle(500, 90, HOLD)
        bench.run_until(servo.control.is_done)
        bench.run(300)
        assert servo.state_user()[0] == pytest.approx(90, abs=1)
        assert shaft.encoder_deg() == pytest.approx(-90, abs=1)

    def test_gears_turn_the_motor_further_for_the_same_output_angle(self, bench):
        servo, shaft = bench.servo(gear_ratio=3000)  # 12 teeth driving 36
        servo.run_angle(100, 90, HOLD)
        bench.run_until(servo.control.is_done)
        bench.run(300)
        assert servo.state_user()[0] == pytest.approx(90, abs=1)
        assert shaft.encoder_deg() == pytest.approx(270, abs=2)

    def test_smart_coast_counts_the_next_move_from_the_last_target(self, bench):
        servo, _ = bench.servo()
        for _ in range(4):
            servo.run_angle(500, 90, COAST_SMART)
            bench.run_until(servo.control.is_done)
        # Small errors do not add up: the plan is exactly four quarter turns.
        assert servo.control.trajectory.endpoint()[1] == 360_000
        assert abs(servo.state_user()[0] - 360) <= 11


class TestRunTargetAndTime:
    def test_run_target_picks_the_direction_itself(self, bench):
        servo, _ = bench.servo()
        servo.run_target(-300, 120, HOLD)
        bench.run_until(servo.control.is_done)
        bench.run(300)
        assert servo.state_user()[0] == pytest.approx(120, abs=1)

    def test_run_time_runs_for_the_time_given(self, bench):
        servo, _ = bench.servo()
        servo.run_time(500, 1000, COAST)
        bench.run(500)
        assert servo.state_user()[1] == pytest.approx(500, abs=15)
        took = bench.run_until(servo.control.is_done)
        assert 480 <= took <= 520
        # 0.5 s at full speed plus two 62.5 degree ramps.
        assert servo.state_user()[0] == pytest.approx(375, abs=10)

    def test_run_keeps_going_and_is_done_at_once(self, bench):
        servo, _ = bench.servo()
        servo.run_forever(-400)
        # Done from the next control update on: run() never makes a program wait.
        bench.tick()
        assert servo.control.is_done()
        bench.run(2000)
        assert servo.state_user()[1] == pytest.approx(-400, abs=10)


class TestStalling:
    def test_run_until_stalled_stops_at_the_end_stop_and_reports_it(self, bench):
        servo, shaft = bench.servo("spike-large", endstops=(-142, 142))
        servo.run_until_stalled(300, servo.control.settings.actuation_max, COAST)
        took = bench.run_until(servo.control.is_done)
        assert servo.state_user()[0] == pytest.approx(142, abs=1)
        # About half a second to get there, then 200 ms of pushing.
        assert 600 <= took <= 900
        # Then it lets go.
        assert shaft.drive is Drive.COAST

    def test_it_is_stalled_while_it_pushes(self, bench):
        servo, _ = bench.servo("spike-large", endstops=(-142, 142))
        servo.run_forever(-300)
        bench.run(1000)
        stalled, duration = servo.is_stalled()
        assert stalled
        assert duration >= 200
        # Its load is the torque it pushes with, against the end stop.
        assert servo.load() > 100

    def test_a_duty_limit_pushes_gently(self, bench):
        servo, shaft = bench.servo("spike-large", endstops=(-142, 142))
        limit = servo.observer.model.voltage_to_torque(bench.process.battery.voltage_from_duty_pct(30))
        servo.run_until_stalled(300, limit, COAST)
        bench.run_until(lambda: servo.state_user()[0] >= 142)
        # Pushing against the end stop with no more than 30 % of the battery.
        assert 0 < shaft.voltage_mv <= 0.3 * bench.battery_mv + 50
        bench.run_until(servo.control.is_done)
        assert servo.state_user()[0] == pytest.approx(142, abs=1)

    def test_a_motor_driven_with_dc_knows_it_is_stuck(self, bench):
        servo, _ = bench.servo("spike-large", endstops=(-142, 142))
        servo.dcmotor.user_command(False, 6000)
        bench.run(400)
        assert servo.state_user()[0] == 142
        assert not servo.is_stalled()[0]  # not yet for 200 ms
        bench.run(400)
        assert servo.is_stalled()[0]


class TestHoldAndPassiveStops:
    def test_hold_resists_a_push(self, bench):
        servo, shaft = bench.servo()
        servo.stop(HOLD)
        for _ in range(200):  # one second, pushed clockwise with 50 mNm
            bench.process.tick(bench.time_us)
            shaft.step(0.005, 0.05)
            bench.time_us += 5000
        # Pushed a few degrees (no integral control that close), it pushes back,
        # and feels the load.
        assert abs(servo.state_user()[0]) <= 8
        assert 30 <= servo.load() <= 80

    def test_a_coasting_motor_gives_way(self, bench):
        servo, shaft = bench.servo()
        servo.stop(COAST)
        for _ in range(200):
            bench.process.tick(bench.time_us)
            shaft.step(0.005, 0.05)
            bench.time_us += 5000
        assert servo.state_user()[0] > 90
        assert servo.load() == 0

    def test_brake_slows_the_motor_faster_than_coasting(self, bench):
        braked, braked_shaft = bench.servo()
        coasted, coasted_shaft = bench.servo()
        braked.run_forever(800)
        coasted.run_forever(800)
        bench.run(1000)
        braked.stop(BRAKE)
        coasted.stop(COAST)
        assert braked_shaft.drive is Drive.BRAKE
        bench.run(60)
        assert abs(braked_shaft.speed) < abs(coasted_shaft.speed)


class TestDirectDrive:
    def test_dc_drives_with_a_share_of_the_battery(self, bench):
        servo, shaft = bench.servo()
        voltage = bench.process.battery.voltage_from_duty_pct(50)
        servo.dcmotor.user_command(False, voltage)
        assert shaft.voltage_mv == 4000
        bench.run(500)
        assert servo.state_user()[1] > 300

    def test_dc_on_a_counterclockwise_motor_turns_it_counterclockwise(self, bench):
        servo, shaft = bench.servo(direction=1)
        servo.dcmotor.user_command(False, 4000)
        bench.run(300)
        assert shaft.speed < 0
        assert servo.state_user()[1] > 0

    def test_a_dc_command_takes_over_from_a_maneuver(self, bench):
        servo, _ = bench.servo()
        servo.run_angle(500, 720, HOLD)
        bench.run(200)
        servo.dcmotor.user_command(True, 0)
        assert not servo.control.is_active()


class TestAngleAndOwnership:
    def test_reset_angle_without_a_value_reads_the_marked_absolute_angle(self, bench):
        servo, _ = bench.servo(start_deg=123.456)
        assert servo.state_user()[0] == 123
        servo.reset_angle(0, False)
        assert servo.state_user()[0] == 0
        servo.reset_angle(0, True)
        assert servo.state_user()[0] == 123

    def test_motors_without_an_absolute_encoder_start_at_zero(self, bench):
        servo, _ = bench.servo("technic-l", start_deg=50)
        assert servo.state_user()[0] == 0
        with pytest.raises(PbioError) as error:
            servo.reset_angle(0, True)
        assert error.value.code is ErrorCode.NOT_SUPPORTED

    def test_reset_angle_while_holding_holds_at_the_new_zero(self, bench):
        servo, _ = bench.servo()
        servo.run_angle(500, 90, HOLD)
        bench.run_until(servo.control.is_done)
        servo.reset_angle(0, False)
        bench.run(300)
        assert abs(servo.state_user()[0]) <= 1
        assert servo.control.is_active()

    def test_a_second_motor_object_on_the_same_port_is_refused(self, bench):
        servo, _ = bench.servo()
        with pytest.raises(PbioError) as error:
            servo.setup(0, 1000, True, 0)
        assert error.value.code is ErrorCode.BUSY
        # As on a hub, the first object has lost the motor too.
        with pytest.raises(PbioError) as error:
            servo.run_forever(100)
        assert error.value.code is ErrorCode.NO_DEV

    def test_speed_over_a_window(self, bench):
        servo, _ = bench.servo()
        servo.run_forever(500)
        bench.run(1000)
        # Whole-degree encoder counts over 50 ms: within 20 deg/s.
        assert servo.speed_user(50) == pytest.approx(500, abs=20)
        assert servo.speed_user(300) == pytest.approx(500, abs=5)
        with pytest.raises(PbioError):
            servo.speed_user(1000)
