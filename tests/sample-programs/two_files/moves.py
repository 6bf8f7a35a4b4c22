# Moves a pupil reuses in several programs.


def square(robot, side):
    for corner in range(4):
        robot.straight(side)
        robot.turn(90)
