"""What the classroom commands share: the --db option, opening the classroom, and saying why something failed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from brickclass.language import t


class Number:
    """An argument's type that converts as ``int`` or ``float`` does and is named in the reader's language.

    argparse names the type in its complaint ("invalid float value: 'abc'")
    by the converter's ``__name__``, read when it complains, after the
    language is chosen.
    """

    def __init__(self, convert: Callable[[str], Any], key: str) -> None:
        self.convert = convert
        self.key = key

    def __call__(self, text: str) -> Any:
        return self.convert(text)

    @property
    def __name__(self) -> str:
        return t(self.key)


WHOLE_NUMBER = Number(int, "cli.argparse.whole_number")
DECIMAL_NUMBER = Number(float, "cli.argparse.decimal_number")


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, metavar=t("cli.help.path_metavar"), help=t("cli.help.db"))


def fail(title_key: str, error: Any) -> int:
    """Print what went wrong under the command's own title; the exit code for a refused command."""
    print(t(title_key, error=error.message() if hasattr(error, "message") else str(error)), file=sys.stderr)
    return 2


def open_classroom(args: argparse.Namespace) -> Any:
    """The classroom over the gradebook, or None after telling the teacher why it cannot be opened."""
    from brickclass.classroom import Classroom, GradebookError

    try:
        return Classroom(args.db)
    except GradebookError as exc:
        fail("classroom.gradebook_broken", exc)
        return None
