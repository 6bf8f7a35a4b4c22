"""Packaging: the top-level folders install under the one name ``brickclass``.

The repository keeps ``simulator/``, ``robots/``, ``lessons/``, ``tui/`` and
``conformance/`` at the top (see DESIGN.md); the wheel maps each one to
``brickclass.<folder>``, so site-packages gets nothing but ``brickclass``.
"""

from __future__ import annotations

from setuptools import find_namespace_packages, setup

# Folders at the top of the repository that install inside the brickclass package.
MAPPED_FOLDERS = ("simulator", "robots", "lessons", "tui", "conformance", "examples")


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

setup(packages=PACKAGES, package_dir=PACKAGE_DIR)
