"""The ``brickclass`` command line.

Each subcommand lives in its own module under ``brickclass.commands`` and
adds itself to the parser with ``register(subparsers)``; the handler it sets
as ``func`` returns the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from brickclass import __version__
from brickclass.language import set_language, t

# Modules under brickclass.commands, in the order `brickclass --help` lists them.
COMMAND_MODULES = (
    "sim",
    "missions",
    "replay",
    "field",
    "lessons",
    "examples",
    "check",
    "hub",
    "roster",
    "assign",
    "collect",
    "grade",
    "export",
    "teacher",
)


def add_lang_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Only the top parser sets a default: a subcommand's own default would
    # overwrite `brickclass --lang sv check …` with None.
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        default=None if top else argparse.SUPPRESS,
        help="sv or en (default: BRICKCLASS_LANG, then the system locale)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brickclass",
        description="Pybricks robots in class: simulator, real hubs, lessons and grading.",
    )
    parser.add_argument("--version", action="version", version=f"brickclass {__version__}")
    add_lang_option(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"brickclass.commands.{name}")
        module.register(subparsers)
    return parser


def utf8_output() -> None:
    """Write UTF-8 into files and pipes on every system.

    Python on Windows writes to a file or a pipe in the old "ANSI" code page,
    which has no ★ and gives `--json > result.json` another encoding than on
    Linux and macOS. A console window gets Unicode either way.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not stream.isatty() and hasattr(stream, "reconfigure"):
            if (stream.encoding or "").lower().replace("-", "") != "utf8":
                stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(getattr(args, "lang", None))
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`brickclass sim x.py | head`): stop quietly, and
        # keep Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
