"""Shared test setup: no display, no sound, English unless a test says otherwise."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ["BRICKCLASS_LANG"] = "en"
