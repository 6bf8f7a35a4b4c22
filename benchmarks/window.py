"""How long the window takes to draw a frame, run by hand: `python benchmarks/window.py`.

The window must keep 60 frames per second (16.7 ms a frame) while the world
runs in the same process, so a frame should cost well under that. Measures
``Window.draw`` on the full moon mission (six panels, twelve pebbles, the
rover): a frame where nothing changed, a frame where the brush took dust off
a cell (that panel's picture is made again), and frames with a long path
(two and a half minutes of driving). SDL's dummy driver unless a display is set.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from brickclass.simulator.render.window import Window
from brickclass.simulator.run import Run, RunOptions


def frames(window: Window, world, count: int, change=None) -> list[float]:
    times = []
    for index in range(count):
        if change is not None:
            change(index)
        started = time.perf_counter()
        window.draw(world)
        times.append(time.perf_counter() - started)
    return times


def report(name: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    print(f"{name:<34} median {statistics.median(ms):5.2f} ms   95% {ms[int(len(ms) * 0.95)]:5.2f} ms   "
          f"worst {ms[-1]:5.2f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "idle.py"
        program.write_text("pass\n", encoding="utf-8")
        run = Run(RunOptions(program=program, mission="moon-sweeper:3"))
        window = Window(run, 1.0)
        world = run.world
        frames(window, world, 20)  # warm up: fonts, panel pictures
        report("nothing changed", frames(window, world, 300))

        cells = [(panel, row, column) for panel in world.field.dust
                 for row in range(len(panel.amounts)) for column in range(len(panel.amounts[0]))]

        def sweep(index: int) -> None:
            panel, row, column = cells[index % len(cells)]
            panel.amounts[row][column] = max(0.0, panel.amounts[row][column] - 0.1)

        report("brush took dust off a cell", frames(window, world, 300, sweep))
        window.path = [(200 + (i % 1500), 200 + (i // 1500) * 300) for i in range(3000)]
        report("with 150 s of path", frames(window, world, 300))
        print(f"budget at 60 fps: {1000 / 60:.1f} ms a frame")


if __name__ == "__main__":
    main()
