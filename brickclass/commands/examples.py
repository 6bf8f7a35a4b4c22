"""``brickclass examples``: the example programs that come with the kit, and copies of them to edit.

An installed kit keeps them inside the package, where a pupil should not edit
them; ``copy`` puts a copy in a folder of the pupil's own.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

import brickclass
from brickclass.language import OsReason, has, t


def example_folder() -> Path:
    """Where the examples are: inside the installed package, or beside it in a checkout."""
    for root in brickclass.__path__:
        folder = Path(root) / "examples"
        if folder.is_dir():
            return folder
    raise FileNotFoundError("examples")


def examples() -> dict[str, Path]:
    return {path.stem: path for path in sorted(example_folder().glob("*.py"))}


def summary(path: Path) -> str:
    """What the program does in the reader's language; an example without a text of ours: its opening comment."""
    key = f"examples.summary.{path.stem}"
    if has(key):
        return t(key)
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("examples", help=t("cli.examples.help"))
    parser.add_argument("names", nargs="*", metavar=t("cli.help.name_metavar"), help=t("cli.examples.names"))
    parser.add_argument("--to", type=Path, default=Path("."), metavar=t("cli.help.folder_metavar"),
                        help=t("cli.examples.to"))
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    found = examples()
    if not args.names:
        for name, path in found.items():
            print(f"{name:<16} {summary(path)}")
        print(t("examples.how"))
        return 0
    unknown = [name for name in args.names if name.removesuffix(".py") not in found]
    if unknown:
        print(t("examples.unknown", names=", ".join(unknown), known=", ".join(found)), file=sys.stderr)
        return 2
    try:
        args.to.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(t("examples.cannot_copy", path=str(args.to), reason=OsReason.of(exc)), file=sys.stderr)
        return 2
    status = 0
    for name in args.names:
        source = found[name.removesuffix(".py")]
        target = args.to / source.name
        if target.exists():
            # A pupil's own edits are never overwritten.
            print(t("examples.exists", path=str(target)), file=sys.stderr)
            status = 1
            continue
        try:
            shutil.copyfile(source, target)
        except OSError as exc:
            print(t("examples.cannot_copy", path=str(target), reason=OsReason.of(exc)), file=sys.stderr)
            return 2
        print(t("examples.copied", path=str(target)))
    return status
