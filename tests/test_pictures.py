"""Pictures of the field a pupil reads at a glance, drawn from a canned run (no live simulation).

Each picture is compared with one a person looked at and kept in
``tests/pictures/`` (within a small tolerance for font rendering), and the
parts that must hold are checked pixel by pixel: dust is pale where it lies
and gone where the brush passed, panels are blue solar cells, pebbles have
dark rocky edges, the side panel names the mission and the score. To accept
a changed picture after looking at it: ``BRICKCLASS_UPDATE_PICTURES=1 pytest tests/test_pictures.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pytest

from brickclass.simulator.missions import load_mission
from brickclass.simulator.render.draw import FieldPainter
from brickclass.simulator.render.picture import picture
from brickclass.simulator.trace import Frame, Trace

PICTURES = Path(__file__).parent / "pictures"
UPDATE = bool(os.environ.get("BRICKCLASS_UPDATE_PICTURES"))

# Moon sweeper 2 half done: the north-west panel's south row swept, the rest dusty.
DUST = [[[0.0, 0.0, 0.0, 0.4], [1.0, 1.0, 1.0, 1.0]], [[1.0] * 4, [1.0] * 4], [[1.0] * 4, [1.0] * 4]]
PEBBLES = [(700.0, 800.0), (1300.0, 760.0), (1750.0, 850.0), (1020.0, 640.0), (1900.0, 720.0), (1450.0, 880.0)]
PATH = [(200.0, 200.0), (450.0, 200.0), (450.0, 975.0), (600.0, 975.0), (900.0, 975.0)]
RESULT = {
    "status": "timeout", "notes": [], "sim_time_s": 150.0, "score": 27, "max_score": 135, "stars": 1,
    "breakdown": [
        {"id": "dust", "label": {"en": "Dust swept off the panels", "sv": "Damm bortsopat från panelerna"},
         "points": 7, "max_points": 60, "detail": {"percent": 12}},
        {"id": "pebbles", "label": {"en": "Pebbles off the panels", "sv": "Stenar bort från panelerna"},
         "points": 10, "max_points": 30, "detail": {"done": 2, "of": 6, "each": 5}},
        {"id": "lander_hit", "label": {"en": "Penalty: bumped into the lander", "sv": "Straff: krockade med landaren"},
         "points": -10, "max_points": 0, "detail": {"times": 1, "each": -10}},
    ],
}


def canned_run() -> Trace:
    frames = [Frame(t_ms=150_000, pose=(900.0, 975.0, 90.0), arm_deg=0.0, brush_down=True, pebbles=PEBBLES,
                    dust=DUST, score=27, motors={"C": (0.0, 0)}, light=(120, 100, 100))]
    trace = Trace("moon-sweeper:2", "spike-rover", 0, frames, RESULT)
    # The path: the frames before the last only lend their poses.
    trace.frames[:0] = [Frame(0, (x, y, 90.0), 90.0, False, PEBBLES, DUST) for x, y in PATH]
    return trace


@pytest.fixture(scope="module")
def pictures() -> dict[str, pygame.Surface]:
    pygame.font.init()
    return {lang: picture(canned_run(), lang=lang) for lang in ("en", "sv")}


def _difference(a: pygame.Surface, b: pygame.Surface) -> tuple[float, float]:
    """Mean channel difference and share of pixels that differ clearly."""
    raw_a = pygame.image.tobytes(a, "RGB")
    raw_b = pygame.image.tobytes(b, "RGB")
    total = 0
    clearly = 0
    for index in range(0, len(raw_a), 3):
        worst = max(abs(raw_a[index + k] - raw_b[index + k]) for k in range(3))
        total += worst
        clearly += worst > 48
    pixels = len(raw_a) // 3
    return total / pixels, clearly / pixels


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_picture_matches_the_one_we_looked_at(pictures, lang):
    kept = PICTURES / f"moon-sweeper-2-{lang}.png"
    if UPDATE or not kept.exists():
        pygame.image.save(pictures[lang], str(kept))
        if not UPDATE:
            pytest.fail(f"{kept} was missing and has been written: look at it, then run again")
    reference = pygame.image.load(str(kept))
    assert reference.get_size() == pictures[lang].get_size()
    mean, clearly = _difference(reference, pictures[lang])
    assert mean < 2.0 and clearly < 0.005, (mean, clearly)


def _painter() -> FieldPainter:
    from brickclass.robots.models import load_robot

    return FieldPainter(load_mission("moon-sweeper:2"), load_robot("spike-rover"), 0.5)


def _cell_pixels(image: pygame.Surface, panel: int, column: int, row: int) -> list[tuple[int, int, int]]:
    spec = load_mission("moon-sweeper:2").field.panels[panel]
    painter = _painter()
    w = spec.size[0] / spec.cells[0]
    h = spec.size[1] / spec.cells[1]
    x0, y0 = spec.corner[0] + column * w, spec.corner[1] + row * h
    left, top = painter.to_px(x0 + 10, y0 + h - 10)
    right, bottom = painter.to_px(x0 + w - 10, y0 + 10)
    return [tuple(image.get_at((x, y)))[:3] for x in range(left, right) for y in range(top, bottom)]


def _mean(pixels: list[tuple[int, int, int]]) -> tuple[float, float, float]:
    return tuple(sum(p[k] for p in pixels) / len(pixels) for k in range(3))  # type: ignore[return-value]


def test_dust_is_a_pale_layer_that_is_gone_where_the_brush_passed(pictures):
    image = pictures["en"]
    swept = _mean(_cell_pixels(image, 0, 0, 0))
    dusty = _mean(_cell_pixels(image, 0, 0, 1))
    half = _mean(_cell_pixels(image, 0, 3, 0))
    # A swept cell is a blue solar cell; a dusty one is pale and warm, brighter than the mat.
    assert swept[2] > swept[0] + 50
    assert dusty[0] > 150 and dusty[0] >= dusty[2] and sum(dusty) > sum(swept) + 200
    mat = image.get_at((600, 560))
    assert sum(dusty) > sum(tuple(mat)[:3]) + 60
    # A cell with a little dust left is between the two.
    assert sum(swept) < sum(half) < sum(dusty)


def test_pebbles_have_dark_rocky_edges(pictures):
    image = pictures["en"]
    painter = _painter()
    for x, y in PEBBLES[:3]:
        cx, cy = painter.to_px(x, y)
        around = [tuple(image.get_at((cx + dx, cy + dy)))[:3] for dx in range(-6, 7) for dy in range(-6, 7)]
        assert min(sum(p) for p in around) < 200, (x, y)


def test_the_side_panel_names_the_mission_and_scores_in_each_language(pictures):
    en, sv = pictures["en"], pictures["sv"]
    field_width = _painter().size[0]
    assert en.get_width() == field_width + 400
    # The field is drawn the same in both languages but for the printed names (BASE/BAS)…
    field = pygame.Rect(300, 0, field_width - 300, en.get_height())
    assert _difference(en.subsurface(field), sv.subsurface(field))[1] == 0
    # …and the panel's words differ.
    panel = pygame.Rect(field_width, 0, 400, 200)
    assert _difference(en.subsurface(panel), sv.subsurface(panel))[1] > 0.01
    # Stars: one gold, two grey.
    golden = [tuple(en.get_at((x, y)))[:3] for x in range(field_width, field_width + 400) for y in range(0, 200)]
    assert any(r > 240 and 180 < g < 220 and b < 90 for r, g, b in golden)


def test_the_window_records_how_long_each_frame_took():
    """For the 60 fps budget; benchmarks/window.py measures it (tests assert no timings)."""
    from brickclass.simulator.render.window import Window
    from brickclass.simulator.run import Run, RunOptions

    run = Run(RunOptions(program=Path("examples/square.py"), mission="moon-sweeper:3"))
    window = Window(run, 1.0)
    try:
        for _ in range(3):
            window.draw(run.world)
        assert len(window.frame_times) == 3 and all(t > 0 for t in window.frame_times)
    finally:
        pygame.display.quit()
