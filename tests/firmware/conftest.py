"""Fixtures for the firmware tests: a workbench of motors and a stand-in world."""

from __future__ import annotations

import pytest

from tests.firmware.workbench import Bench, FakeWorld


@pytest.fixture
def bench() -> Bench:
    return Bench()


@pytest.fixture
def world() -> FakeWorld:
    return FakeWorld()
