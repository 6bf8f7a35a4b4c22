"""Shared test setup: no display, no sound, no Bluetooth, English unless a test says otherwise."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ["BRICKCLASS_LANG"] = "en"
# Tests never reach a real hub: on Linux, bleak finds BlueZ through the D-Bus
# system bus, so point it at nothing (tests of real runs use tests/pybricks_radio.py).
os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/brickclass-tests-use-no-bluetooth"
# A text key or placeholder missing from a catalogue fails the test instead of showing the key.
os.environ["BRICKCLASS_STRICT_TEXT"] = "1"
