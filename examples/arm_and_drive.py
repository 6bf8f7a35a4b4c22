# Lower the sweeper arm while driving: two things at once with multitask.
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase
from pybricks.tools import StopWatch, multitask, run_task

arm = Motor(Port.C)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
clock = StopWatch()


async def main():
    await multitask(robot.straight(400), arm.run_until_stalled(-300, duty_limit=40))
    print("Arm down at", arm.angle(), "degrees after", clock.time(), "ms")
    await arm.run_target(300, 90)
    print("Arm up again")


run_task(main())
