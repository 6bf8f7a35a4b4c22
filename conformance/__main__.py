"""``python -m brickclass.conformance``: run the Pybricks suites in the simulator and say what passed."""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from brickclass.conformance.suites import checkout_commit, example_programs, firmware_programs, judge


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brickclass.conformance", description=__doc__)
    parser.add_argument("--firmware", type=Path, help="a pybricks-micropython checkout (tests/virtualhub)")
    parser.add_argument("--api", type=Path, help="a pybricks-api checkout (examples/pup, examples/micropython)")
    parser.add_argument("--only", default="", help="run only programs whose name contains this")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every program, not only failures")
    args = parser.parse_args(argv)
    if not args.firmware and not args.api:
        parser.error("give --firmware, --api or both")
    programs = []
    try:
        if args.firmware:
            programs += firmware_programs(args.firmware)
        if args.api:
            programs += example_programs(args.api)
    except (FileNotFoundError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 2
    programs = [p for p in programs if args.only in p.name]
    # Each run is its own pair of processes; threads just keep the cores busy.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        verdicts = list(pool.map(judge, programs))
    for verdict in verdicts:
        if args.verbose or not verdict.passed:
            mark = "PASS" if verdict.passed else "FAIL"
            print(f"{mark} {verdict.program.suite:9} {verdict.program.name:55} {verdict.ending}")
            if not verdict.passed and verdict.detail:
                print(f"     {verdict.detail}")
    for suite, checkout in (("firmware", args.firmware), ("examples", args.api)):
        mine = [v for v in verdicts if v.program.suite == suite]
        if mine:
            print(f"{suite}: {sum(v.passed for v in mine)} of {len(mine)} end as on a hub"
                  f" (at {checkout_commit(checkout)})")
    return 0 if all(v.passed for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
