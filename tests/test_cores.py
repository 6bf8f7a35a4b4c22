"""A run's two processes share one core; a batch gives each worker its own."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from brickclass.simulator import cores

pytestmark = pytest.mark.skipif(not cores.CAN_PIN, reason="this system places processes itself")


def test_a_run_keeps_to_one_core_and_lets_go_after():
    before = os.sched_getaffinity(0)
    with cores.one_core():
        inside = os.sched_getaffinity(0)
    assert len(inside) == 1 and inside <= before
    assert os.sched_getaffinity(0) == before


def test_batch_workers_take_the_cores_in_turn():
    before = os.sched_getaffinity(0)
    counter = multiprocessing.get_context("spawn").Value("i", 0)
    taken = []
    try:
        for _ in range(len(before) + 1):
            cores.claim_core(counter)
            taken.append(min(os.sched_getaffinity(0)))
            os.sched_setaffinity(0, before)
    finally:
        os.sched_setaffinity(0, before)
    assert taken == sorted(before) + [min(before)]
