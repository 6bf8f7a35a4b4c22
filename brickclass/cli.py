"""The ``brickclass`` command line.

Each subcommand lives in its own module under ``brickclass.commands`` and
adds itself to the parser with ``register(subparsers)``; the handler it sets
as ``func`` returns the process exit code.

The language is chosen before any parser is built (``--lang`` is read ahead
of the rest), so every help text can simply be ``help=t("cli.help.…")``;
argparse's own words ("usage:", "options", its error messages) come from the
same catalogue while the command line is parsed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from brickclass import __version__
from brickclass.language import LANGUAGES, set_language, t

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

# argparse's own texts (its gettext message ids) and where ours are, under cli.argparse.
ARGPARSE_TEXTS = {
    "usage: ": "usage",
    "positional arguments": "positionals",
    "options": "options",
    "show this help message and exit": "help",
    "show program's version number and exit": "version",
    "%(prog)s: error: %(message)s\n": "error",
    "the following arguments are required: %s": "required",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid_choice",
    "unrecognized arguments: %s": "unrecognized",
    "argument %(argument_name)s: %(message)s": "argument",
    "invalid %(type)s value: %(value)r": "invalid_value",
    "expected one argument": "expected_one",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
}


def preread_language(argv: Sequence[str]) -> str | None:
    """``--lang X`` (or ``--lang=X``) wherever it is, before the command line is parsed for real."""
    for position, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and position + 1 < len(argv):
            return argv[position + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


@contextmanager
def argparse_in_our_words() -> Iterator[None]:
    """argparse speaks the chosen language while it builds parsers, prints help and complains."""
    # argparse looks up its own words through the module's gettext function `_`
    # each time it prints, so replacing that function for the while is enough.
    original = argparse._  # type: ignore[attr-defined]

    def translate(message: str) -> str:
        key = ARGPARSE_TEXTS.get(message)
        return t(f"cli.argparse.{key}") if key else str(original(message))

    setattr(argparse, "_", translate)  # noqa: B010 (a module attribute mypy does not know)
    try:
        yield
    finally:
        setattr(argparse, "_", original)  # noqa: B010


def add_lang_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Only the top parser sets a default: a subcommand's own default would
    # overwrite `brickclass --lang sv check …` with None.
    parser.add_argument("--lang", choices=LANGUAGES, default=None if top else argparse.SUPPRESS,
                        help=t("cli.help.lang"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brickclass", description=t("cli.help.description"))
    parser.add_argument("--version", action="version", version=f"brickclass {__version__}",
                        help=t("cli.argparse.version"))
    add_lang_option(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", metavar=t("cli.help.command_metavar"))
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
    arguments = list(sys.argv[1:] if argv is None else argv)
    set_language(preread_language(arguments))
    with argparse_in_our_words():
        parser = build_parser()
        args = parser.parse_args(arguments)
    set_language(getattr(args, "lang", None))
    func = getattr(args, "func", None)
    if func is None:
        with argparse_in_our_words():
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
