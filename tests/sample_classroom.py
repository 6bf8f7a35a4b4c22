"""A class of 6B with canned runs: what the teacher app's tests and snapshots show.

The runs are written here, not simulated: a snapshot must change only when
the app changes, never because the physics or the firmware moved a run's
time by a tenth of a second. Scores come from the mission's own scoring
(``missions.scoring``) applied to what the canned run "saw".
"""

from __future__ import annotations

from pathlib import Path

from brickclass.classroom.gradebook import Gradebook
from brickclass.classroom.graded_run import GradedRun
from brickclass.simulator.missions import load_mission
from brickclass.simulator.missions.scoring import Seen, score
from brickclass.simulator.trace import Frame, Trace

MISSION = "moon-sweeper:1"
GOOD = Path("examples/sweeper_level1.py").read_text(encoding="utf-8")
TYPO = GOOD.replace("robot.straight(550)", "robot.straigth(550)")
TYPO_LINE = TYPO.splitlines().index("robot.straigth(550)") + 1
LOOPS = "from pybricks.tools import wait\n\nwhile True:\n    wait(1000)\n"
CRASHES = "from pybricks.pupdevices import Motor\nfrom pybricks.parameters import Port\n\narm = Motor(Port.E)\n"

# Pupils in name order (the order every table shows them), with their teams.
PUPILS = (("Björn Berg", "Lag 1"), ("Chen Wu", "Lag 2"), ("Dalia Nour", "Lag 2"), ("Åsa Lindqvist", "Lag 1"))


def canned_trace(waypoints: list[tuple[float, float]], mission: str = MISSION) -> bytes:
    """A trace that drives straight from waypoint to waypoint, a frame every 25 mm."""
    frames = []
    t_ms = 0
    for (x0, y0), (x1, y1) in zip(waypoints, waypoints[1:]):
        steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / 25))
        for step in range(steps):
            share = step / steps
            frames.append(Frame(t_ms, (x0 + (x1 - x0) * share, y0 + (y1 - y0) * share, 90.0), None, False, [], []))
            t_ms += 50
    return Trace(mission, "spike-rover", 0, frames).to_bytes()


def canned_run(seen: dict[str, Seen], *, status: str = "finished", time_s: float, output: str = "",
               error: dict | None = None, trace: bytes | None = None, warnings: list | None = None) -> GradedRun:
    result = score(load_mission(MISSION), seen)
    return GradedRun(status, result.points, result.max_points, result.stars, time_s, result.breakdown, output, error,
                     trace, [] if warnings is None else warnings)


def sweeper_run() -> GradedRun:
    """Åsa's good sweeper: all the dust, home with the arm up, 22.5 s."""
    return canned_run({"dust": Seen(1.0), "home": Seen(1), "arm_up": Seen(1), "time": Seen(22.5),
                       "panel_damage": Seen(0), "lander_hit": Seen(0)}, time_s=22.5, output="Home!\n",
                      trace=canned_trace([(200, 200), (200, 880), (1500, 880), (1500, 700), (200, 700), (200, 200)]))


def typo_run() -> GradedRun:
    """Björn's typo: an AttributeError on the line that should sweep."""
    traceback = (f'Traceback (most recent call last):\n  File "bjorn.py", line {TYPO_LINE}, in <module>\n'
                 "AttributeError: 'DriveBase' object has no attribute 'straigth'\n")
    return canned_run({"dust": Seen(0.0), "time": Seen(None)}, status="error", time_s=8.2, output=traceback,
                      error={"type": "AttributeError", "message": "'DriveBase' object has no attribute 'straigth'",
                             "line": TYPO_LINE},
                      trace=canned_trace([(200, 200), (200, 880), (260, 880)]))


def team_run() -> GradedRun:
    """Lag 2's shared file: half the dust, not home, 40.0 s."""
    return canned_run({"dust": Seen(0.5), "time": Seen(40.0)}, time_s=40.0, output="",
                      trace=canned_trace([(200, 200), (200, 880), (900, 880)]))


def crash_run() -> GradedRun:
    """Chen's own file: no motor on port E."""
    return canned_run({}, status="error", time_s=0.0,
                      error={"type": "OSError", "message": "[Errno 19] ENODEV", "line": 4, "errno": 19})


def loop_run() -> GradedRun:
    return canned_run({}, status="timeout", time_s=150.0,
                      error={"type": "Timeout", "message": "time is up", "line": None})


def build(path: Path) -> Path:
    """The gradebook: 6B, assignment 1 (moon-sweeper:1) with these files and runs.

    - Åsa: her own good file, graded (102 points).
    - Björn: his own file with a typo, graded (error, 0 points).
    - Chen: his own file crashed, his team Lag 2's file swept half the dust: the team's run counts.
    - Dalia (Lag 2): nothing of her own; her team's file counts for her too.
    """
    book = Gradebook(path)
    pupils = {name: book.add_pupil("6B", name, team)[0] for name, team in PUPILS}
    teams = dict(book.teams(book.class_id("6B") or 0))
    lag2 = next(team_id for team_id, name in teams.items() if name == "Lag 2")
    mission = load_mission(MISSION)
    assignment = book.add_assignment("6B", "mission", "moon-sweeper", level=1, seed=0,
                                     titles={"en": mission.title.en, "sv": mission.title.sv})
    files = {
        "asa.py": (pupils["Åsa Lindqvist"], None, GOOD, sweeper_run()),
        "bjorn.py": (pupils["Björn Berg"], None, TYPO, typo_run()),
        "chen.py": (pupils["Chen Wu"], None, CRASHES, crash_run()),
        "lag2.py": (None, lag2, GOOD.split("# Home again")[0], team_run()),
    }
    for filename, (pupil, team, content, run) in files.items():
        submission, _ = book.add_submission(assignment, pupil_id=pupil, team_id=team, filename=filename,
                                            content=content, modified="2026-03-02T09:00:00.000000+00:00")
        book.add_run(submission, "simulator", run, seed=0)
    book.close()
    return path
