"""What the classroom commands share: the --db option and opening the gradebook kindly."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brickclass.language import t


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help="the gradebook file (default: in your data folder)")


def open_book(args: argparse.Namespace) -> Any:
    """The gradebook, or None after telling the teacher why it cannot be opened."""
    from brickclass.gradebook import Gradebook, GradebookError

    try:
        return Gradebook(args.db)
    except GradebookError as exc:
        print(t("classroom.gradebook_broken", error=str(exc)), file=sys.stderr)
        return None
