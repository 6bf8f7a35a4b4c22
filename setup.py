"""Packaging: the top-level folders install under the one name ``brickclass``, hot modules compiled.

The repository keeps ``simulator/``, ``robots/``, ``lessons/``, ``tui/`` and
``conformance/`` at the top (see DESIGN.md); the wheel maps each one to
``brickclass.<folder>``, so site-packages gets nothing but ``brickclass``.

The simulator's hot modules (the world's tick, physics, firmware, devices)
are compiled with mypyc when the build has mypyc and a C compiler; without
either, the build says so in one line and installs them as pure Python, which
gives the same results, slower. Floats must come out the same compiled and
pure, so the C compiler may not fuse a multiply and an add
(``-ffp-contract=off``; MSVC's ``/fp:precise``). Next to the compiled modules
the build leaves ``_compiled.json``, the hash of each source as it was
compiled; ``brickclass.simulator.compiled`` runs the pure sources instead
when one was edited since (README: Speed).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from setuptools import Extension, find_namespace_packages, setup
from setuptools.command.build_ext import build_ext

# Folders at the top of the repository that install inside the brickclass package.
MAPPED_FOLDERS = ("simulator", "robots", "lessons", "tui", "conformance", "examples")

# The simulator's hot modules (paths inside simulator/), compiled together into one library.
COMPILED = ("clock.py", "field.py", "referee.py", "session.py", "firmware/*.py", "physics/*.py", "world/*.py",
            "devices/*.py")
COMPILED_GROUP = "brickclass.simulator.compiled"
MANIFEST_NAME = "_compiled.json"
# Set to 1 to build and install pure Python on purpose.
PURE_SWITCH = "BRICKCLASS_PURE_PYTHON"
# Floating point exactly as the pure modules compute it: no fused multiply-add.
FLOAT_FLAGS = {"unix": ["-ffp-contract=off"], "mingw32": ["-ffp-contract=off"], "msvc": ["/fp:precise"]}

HERE = Path(__file__).resolve().parent
# mypyc's extensions per build folder, made once however often the command is set up.
_MYPYC_RESULTS: dict[str, list[Extension]] = {}


def _packages() -> tuple[list[str], dict[str, str]]:
    package_dir = {"brickclass": "brickclass"}
    packages = ["brickclass"]
    roots = {"brickclass": "brickclass"} | {f"brickclass.{folder}": folder for folder in MAPPED_FOLDERS}
    for name, folder in roots.items():
        package_dir[name] = folder
        if name != "brickclass":
            packages.append(name)
        # Data folders (lessons, the hub's site packages) count as packages so their files ship.
        found = find_namespace_packages(where=folder, exclude=["*__pycache__*"])
        packages += [f"{name}.{sub}" for sub in found]
    return packages, package_dir


PACKAGES, PACKAGE_DIR = _packages()


def _say(text: str) -> None:
    print(f"brickclass: {text}", file=sys.stderr, flush=True)


def compiled_sources() -> list[str]:
    """The hot modules' paths inside simulator/ (sorted, '/'-separated).

    A package's __init__ stays pure: a compiled one would get its __path__
    from where mypyc expects its library (the top of site-packages), not from
    where it is, and could not find its own modules.
    """
    found: set[str] = set()
    for pattern in COMPILED:
        for path in glob.glob(str(HERE / "simulator" / pattern)):
            if Path(path).name != "__init__.py":
                found.add(Path(path).relative_to(HERE / "simulator").as_posix())
    return sorted(found)


def _stage(build_temp: Path) -> Path:
    """The sources laid out as they import (brickclass/simulator/...), which mypy needs to name modules."""
    stage = build_temp / "mypyc-src"
    shutil.rmtree(stage, ignore_errors=True)
    roots = {"brickclass": HERE / "brickclass"} | {f"brickclass/{f}": HERE / f for f in MAPPED_FOLDERS}
    for target, source in roots.items():
        for path in source.rglob("*.py"):
            if "__pycache__" in path.parts:
                continue
            copy = stage / target / path.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
    return stage


class BuildHotModules(build_ext):
    """Compile the hot modules with mypyc, or leave them pure Python (and say why)."""

    def finalize_options(self) -> None:
        # mypyc makes the real extensions (it needs the build folder); then setuptools prepares them.
        # A build may finalize this command more than once: mypyc runs once.
        self.set_undefined_options("build", ("build_temp", "build_temp"))
        if self.build_temp not in _MYPYC_RESULTS:
            _MYPYC_RESULTS[self.build_temp] = self._mypyc_extensions()
        self.distribution.ext_modules = _MYPYC_RESULTS[self.build_temp]
        super().finalize_options()
        if not self.extensions:
            # Nothing to build (and then nothing runs this command): clear an earlier build's now.
            self._clear_compiled_outputs()

    def run(self) -> None:
        if not self.extensions:
            self._clear_compiled_outputs()
            return
        try:
            super().run()
        except Exception as exc:  # no compiler, or it failed: the pure modules are already in place
            self._give_up(f"compiling failed ({type(exc).__name__}: {str(exc).strip()[:200]})")
            return
        self._write_manifest()
        _say(f"compiled {len(compiled_sources())} simulator modules with mypyc")

    def build_extensions(self) -> None:
        flags = FLOAT_FLAGS.get(self.compiler.compiler_type, [])
        for extension in self.extensions:
            extension.extra_compile_args = list(extension.extra_compile_args or []) + flags
        super().build_extensions()

    def _mypyc_extensions(self) -> list[Extension]:
        try:
            from mypyc.build import mypycify
        except ImportError:
            _say("mypyc is not installed: installing the simulator as pure Python")
            return []
        build_temp = Path(self.build_temp).resolve()
        problem = self._compiler_problem(build_temp)
        if problem:
            _say(f"no working C compiler ({problem}): installing the simulator as pure Python")
            return []
        stage = _stage(build_temp)
        paths = [str(stage / "brickclass" / "simulator" / name) for name in compiled_sources()]
        _say(f"translating {len(paths)} simulator modules to C with mypyc")
        # The project's lint settings (pyproject's [tool.mypy]) are not the compiler's business.
        config = build_temp / "mypyc.ini"
        config.write_text("[mypy]\n", encoding="utf-8")
        here = os.getcwd()
        try:
            # mypy names modules from the folders it is run in.
            os.chdir(stage)
            options = [f"--config-file={config}", "--follow-imports=silent", "--ignore-missing-imports",
                       f"--cache-dir={build_temp / 'mypy-cache'}"]
            return list(mypycify([*paths, *options], opt_level="3", group_name=COMPILED_GROUP,
                                 target_dir=str(build_temp / "mypyc")))
        except (Exception, SystemExit) as exc:
            _say(f"mypyc could not compile the simulator ({exc!s:.200}): installing it as pure Python")
            return []
        finally:
            os.chdir(here)

    def _compiler_problem(self, build_temp: Path) -> str:
        """Why a C file cannot be compiled here ('' when it can), found before mypyc spends a minute."""
        from distutils.ccompiler import new_compiler
        from distutils.sysconfig import customize_compiler

        build_temp.mkdir(parents=True, exist_ok=True)
        probe = build_temp / "probe.c"
        probe.write_text("int brickclass_probe(void) { return 0; }\n", encoding="utf-8")
        try:
            compiler = new_compiler(compiler=self.compiler)
            customize_compiler(compiler)
            compiler.compile([str(probe)], output_dir=str(build_temp),
                             extra_postargs=FLOAT_FLAGS.get(compiler.compiler_type, []))
        except Exception as exc:
            return f"{type(exc).__name__}: {str(exc).strip()[:160]}"
        return ""

    def _give_up(self, why: str) -> None:
        self.extensions = []
        self._clear_compiled_outputs()
        _say(f"{why}: installing the simulator as pure Python")

    def _clear_compiled_outputs(self) -> None:
        """No compiled module of an earlier build may stay beside the pure ones (nor its manifest)."""
        folders = [Path(self.build_lib) / "brickclass" / "simulator"]
        if self.inplace or getattr(self, "editable_mode", False):
            folders.append(HERE / "simulator")
        stems = [name[: -len(".py")] for name in compiled_sources()] + [COMPILED_GROUP.rpartition(".")[2] + "__mypyc"]
        for folder in folders:
            for stem in stems:
                for path in glob.glob(str(folder / f"{stem}.*")):
                    if path.endswith((".so", ".pyd")):
                        os.remove(path)
            (folder / MANIFEST_NAME).unlink(missing_ok=True)

    def _write_manifest(self) -> None:
        """What was compiled, and from which source (so an edited source is noticed)."""
        sources = {name: hashlib.sha256((HERE / "simulator" / name).read_bytes()).hexdigest()
                   for name in compiled_sources()}
        # Only the sources beside an editable install's compiled modules are edited and checked.
        targets = {Path(self.build_lib) / "brickclass" / "simulator": False}
        if self.inplace or getattr(self, "editable_mode", False):
            targets[HERE / "simulator"] = True
        for folder, editable in targets.items():
            manifest = {"group": COMPILED_GROUP, "compiler": self.compiler.compiler_type, "editable": editable,
                        "sources": sources}
            folder.mkdir(parents=True, exist_ok=True)
            (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


# Asked for pure Python (or building for another system, as the Windows check does): a pure
# wheel, tagged for any system. Otherwise this stands for the compiled modules, and
# BuildHotModules decides what is really built.
PURE = os.environ.get(PURE_SWITCH) == "1"
if PURE:
    _say(f"{PURE_SWITCH}=1: installing the simulator as pure Python")
setup(
    packages=PACKAGES,
    package_dir=PACKAGE_DIR,
    ext_modules=[] if PURE else [Extension(f"{COMPILED_GROUP}__mypyc", sources=[])],
    cmdclass={"build_ext": BuildHotModules},
)
