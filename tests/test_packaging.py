"""The kit installs like a library: one import name, everything it needs inside, examples a pupil can copy out."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from brickclass.commands import examples as examples_command

ROOT = Path(__file__).resolve().parents[1]


def _tracked() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout (an unpacked sdist has no history to compare with)")
    return [name for name in listed.stdout.splitlines() if (ROOT / name).exists()]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.mark.slow
def test_the_wheel_holds_nothing_but_brickclass_and_everything_the_kit_reads(built):
    wheel = next(built.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"brickclass", "brickclass-0.1.0.dist-info"}
    for needed in ("brickclass/simulator/world/__init__.py", "brickclass/simulator/hub/boot.py",
                   "brickclass/simulator/hub/site/pybricks/robotics.py",
                   "brickclass/simulator/missions/data/moon-sweeper.toml", "brickclass/robots/data/spike-rover.toml",
                   "brickclass/lessons/01-drive/sv.md", "brickclass/language/sv/sim.toml",
                   "brickclass/examples/sweeper_good.py",
                   "brickclass-0.1.0.dist-info/licenses/LICENSE", "brickclass-0.1.0.dist-info/licenses/NOTICE"):
        assert needed in names, needed
    # Every file of the kit's folders is in it, under brickclass/.
    mapped = ("simulator/", "robots/", "lessons/", "tui/", "examples/", "brickclass/")
    for name in _tracked():
        if name.startswith(mapped) and "__pycache__" not in name:
            inside = name if name.startswith("brickclass/") else "brickclass/" + name
            assert inside in names, name


@pytest.mark.slow
def test_the_sdist_holds_every_file_of_the_project(built):
    sdist = next(built.glob("*.tar.gz"))
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    missing = [name for name in _tracked() if name not in names and not name.startswith(".git")]
    assert missing == []


def test_a_pupil_lists_the_examples_and_copies_one_without_losing_their_own(tmp_path, capsys):
    from brickclass.cli import main

    assert main(["examples"]) == 0
    listing = capsys.readouterr().out
    assert "sweeper_good" in listing and "Drive a square" in listing
    assert main(["examples", "square", "--to", str(tmp_path)]) == 0
    copied = tmp_path / "square.py"
    assert copied.read_text(encoding="utf-8") == (examples_command.example_folder() / "square.py").read_text(encoding="utf-8")
    copied.write_text("# mine\n", encoding="utf-8")
    assert main(["examples", "square.py", "--to", str(tmp_path)]) == 1
    assert copied.read_text(encoding="utf-8") == "# mine\n"
    assert main(["examples", "no_such_thing"]) == 2
    assert "sweeper_good" in capsys.readouterr().err
